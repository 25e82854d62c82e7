//! Team notes on everything: Markdown notes with history and diffs, comment threads, model
//! reviews, full-text search and the activity feed — what the Notes panel and `modeldesk
//! notes|comment|review|activity` show. Every write records its author and an activity entry.

use modeldesk_store::{
    Activity, CommentRecord, NewActivity, NoteDraft, NoteRecord, Review, ReviewAction,
    SearchFilter, SearchHit,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::markdown::{self, EntityLink};
use crate::{AppError, Result, Workspace};

/// A note as written by a person.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NoteInput {
    /// `project` (default), `dataset`, `column`, `run`, `model`, `explanation`.
    pub entity_kind: String,
    /// The entity: a dataset (`name@version`), `dataset:column`, a run id, a model name or id.
    pub entity: Option<String>,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Pinned to the top.
    pub pinned: bool,
}

/// A note as faces show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteInfo {
    /// Note id.
    pub id: String,
    /// Entity kind.
    pub entity_kind: String,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Title.
    pub title: String,
    /// Markdown source.
    pub body: String,
    /// Sanitised HTML of the body.
    pub html: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Pinned.
    pub pinned: bool,
    /// Current version.
    pub version: u32,
    /// First author.
    pub author: String,
    /// Created.
    pub created_at: String,
    /// Last edited.
    pub updated_at: String,
    /// Soft-deleted.
    pub deleted: bool,
    /// People mentioned.
    pub mentions: Vec<String>,
    /// `[[kind:ref]]` references.
    pub links: Vec<EntityLink>,
}

/// One version of a note.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteVersionInfo {
    /// Version number.
    pub version: u32,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Who.
    pub author: String,
    /// When.
    pub created_at: String,
}

/// One line of a diff between two versions.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `equal`, `insert` or `delete`.
    pub op: String,
    /// The line (without its newline).
    pub text: String,
}

/// A comment as faces show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentInfo {
    /// Comment id.
    pub id: String,
    /// The first comment of its thread (none for a first comment).
    pub parent_id: Option<String>,
    /// Markdown source.
    pub body: String,
    /// Sanitised HTML.
    pub html: String,
    /// Who.
    pub author: String,
    /// When.
    pub created_at: String,
    /// When the thread was resolved (first comments).
    pub resolved_at: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// People mentioned.
    pub mentions: Vec<String>,
}

/// A model's review as faces show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInfo {
    /// Model name.
    pub model: String,
    /// `draft`, `in_review`, `approved`, `changes_requested`.
    pub state: String,
    /// Who asked for the review.
    pub requested_by: Option<String>,
    /// Reviewers asked.
    pub reviewers: Vec<String>,
    /// The decision record, e.g. "approved by bo on 2026-05-02: for the May release".
    pub decision: Option<String>,
    /// Every step, oldest first.
    pub events: Vec<ReviewEventInfo>,
}

/// One step of a review.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEventInfo {
    /// `request`, `approve`, `request_changes`, `withdraw`.
    pub action: String,
    /// State after.
    pub state: String,
    /// What for / why.
    pub comment: String,
    /// Who.
    pub author: String,
    /// When.
    pub created_at: String,
}

/// A search hit as faces show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// `note` or `comment`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// Entity kind.
    pub entity_kind: String,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Note title.
    pub title: String,
    /// Snippet, matches in `[` `]`.
    pub snippet: String,
    /// Who.
    pub author: String,
    /// When.
    pub updated_at: String,
}

/// An activity entry as faces show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityInfo {
    /// Dotted kind (`note.added`, `review.approve`, `model.trained`, ...).
    pub kind: String,
    /// Entity kind.
    pub entity_kind: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// One line.
    pub summary: String,
    /// Who.
    pub author: String,
    /// When.
    pub created_at: String,
    /// The entry is a note or comment that mentions the current user.
    pub mentions_me: bool,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> AppError {
    AppError::Invalid {
        field,
        reason: reason.into(),
    }
}

fn note_info(n: NoteRecord, people: &[String]) -> NoteInfo {
    NoteInfo {
        id: n.id.to_string(),
        html: markdown::render(&n.body, false),
        mentions: markdown::mentions(&n.body, people),
        links: markdown::links(&n.body),
        entity_kind: n.entity_kind,
        entity_id: n.entity_id,
        title: n.title,
        body: n.body,
        tags: n.tags,
        pinned: n.pinned,
        version: n.version,
        author: n.author,
        created_at: n.created_at,
        updated_at: n.updated_at,
        deleted: n.deleted_at.is_some(),
    }
}

fn review_info(name: String, review: Review) -> ReviewInfo {
    let decision = review
        .events
        .iter()
        .rev()
        .find(|e| e.action == "approve" || e.action == "request_changes")
        .filter(|_| matches!(review.state.as_str(), "approved" | "changes_requested"))
        .map(|e| {
            let day = e.created_at.get(..10).unwrap_or(&e.created_at);
            let what = if e.action == "approve" {
                "approved"
            } else {
                "changes requested"
            };
            if e.comment.is_empty() {
                format!("{what} by {} on {day}", e.author)
            } else {
                format!("{what} by {} on {day}: {}", e.author, e.comment)
            }
        });
    ReviewInfo {
        model: name,
        state: review.state.as_str().to_owned(),
        requested_by: review.requested_by,
        reviewers: review.reviewers,
        decision,
        events: review
            .events
            .into_iter()
            .map(|e| ReviewEventInfo {
                action: e.action,
                state: e.to_state,
                comment: e.comment,
                author: e.author,
                created_at: e.created_at,
            })
            .collect(),
    }
}

impl Workspace {
    /// Everyone who has written in this project (authors of activity, notes and comments) and
    /// the current user: the names `@mentions` can reach.
    pub fn people(&self) -> Result<Vec<String>> {
        let store = self.store()?;
        let mut names: Vec<String> = store
            .activity(10_000)?
            .into_iter()
            .map(|a| a.author)
            .collect();
        names.extend(
            store
                .notes(None, None, false)?
                .into_iter()
                .map(|n| n.author),
        );
        names.push(self.author().to_owned());
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The stored id of what a note or comment is attached to: models by name or id, dataset
    /// versions by reference, `dataset:column`, runs and notes by id.
    fn entity_id(&self, kind: &str, reference: Option<&str>) -> Result<Option<String>> {
        let store = self.store()?;
        let Some(reference) = reference.map(str::trim).filter(|r| !r.is_empty()) else {
            return if kind == "project" {
                Ok(None)
            } else {
                Err(invalid("entity", format!("say which {kind}")))
            };
        };
        Ok(Some(match kind {
            "project" => return Err(invalid("entity", "a project note takes no entity")),
            "model" => store.resolve_model(reference)?.id.to_string(),
            "dataset" => store.resolve_dataset(reference)?.id.to_string(),
            "column" => {
                let (dataset, column) = reference.rsplit_once(':').ok_or_else(|| {
                    invalid("entity", format!("{reference:?} is not DATASET:COLUMN"))
                })?;
                let version = store.resolve_dataset(dataset)?;
                if !version.schema_json.contains(&format!("\"{column}\"")) {
                    return Err(invalid(
                        "entity",
                        format!("{dataset} has no column {column:?}"),
                    ));
                }
                format!("{}:{column}", version.id)
            }
            "run" => {
                let id = Uuid::parse_str(reference)
                    .map_err(|_| invalid("entity", format!("{reference:?} is not a run id")))?;
                store.run(id)?.id.to_string()
            }
            "note" => store.resolve_note(reference)?.id.to_string(),
            _ => reference.to_owned(),
        }))
    }

    fn draft(&self, input: &NoteInput) -> Result<NoteDraft> {
        let kind = if input.entity_kind.trim().is_empty() {
            "project".to_owned()
        } else {
            input.entity_kind.trim().to_owned()
        };
        Ok(NoteDraft {
            entity_id: self.entity_id(&kind, input.entity.as_deref())?,
            entity_kind: kind,
            title: input.title.clone(),
            body: input.body.clone(),
            tags: input
                .tags
                .iter()
                .map(|t| t.trim().trim_start_matches('#').to_owned())
                .collect(),
            pinned: input.pinned,
        })
    }

    fn log(&self, kind: &str, entity_kind: &str, entity_id: &str, summary: String) -> Result<()> {
        self.store()?.record_activity(&NewActivity {
            kind: kind.to_owned(),
            entity_kind: Some(entity_kind.to_owned()),
            entity_id: Some(entity_id.to_owned()),
            summary,
            author: self.author().to_owned(),
        })?;
        Ok(())
    }

    /// Writes a note.
    pub fn add_note(&self, input: &NoteInput) -> Result<NoteInfo> {
        let draft = self.draft(input)?;
        let note = self.store()?.add_note(&draft, self.author())?;
        let people = self.people()?;
        let info = note_info(note, &people);
        let label = if info.title.is_empty() {
            "a note"
        } else {
            info.title.as_str()
        };
        self.log("note.added", "note", &info.id, format!("wrote {label}"))?;
        Ok(info)
    }

    /// Saves a new version of a note (`expected_version` refuses to overwrite an edit made
    /// meanwhile).
    pub fn edit_note(
        &self,
        reference: &str,
        input: &NoteInput,
        expected_version: Option<u32>,
    ) -> Result<NoteInfo> {
        let store = self.store()?;
        let current = store.resolve_note(reference)?;
        let mut draft = self.draft(input)?;
        // An edit keeps the note where it is unless it names another entity.
        if input.entity_kind.trim().is_empty() {
            draft.entity_kind.clone_from(&current.entity_kind);
            draft.entity_id.clone_from(&current.entity_id);
        }
        let note = store.edit_note(current.id, &draft, expected_version, self.author())?;
        let info = note_info(note, &self.people()?);
        self.log(
            "note.edited",
            "note",
            &info.id,
            format!("edited {} (version {})", info.title, info.version),
        )?;
        Ok(info)
    }

    /// Soft-deletes (`deleted = true`) or restores a note.
    pub fn set_note_deleted(&self, reference: &str, deleted: bool) -> Result<NoteInfo> {
        let store = self.store()?;
        let id = store.resolve_note(reference)?.id;
        let note = if deleted {
            store.delete_note(id)?
        } else {
            store.restore_note(id)?
        };
        let info = note_info(note, &self.people()?);
        let verb = if deleted { "deleted" } else { "restored" };
        self.log(
            &format!("note.{verb}"),
            "note",
            &info.id,
            format!("{verb} {}", info.title),
        )?;
        Ok(info)
    }

    /// One note.
    pub fn note(&self, reference: &str) -> Result<NoteInfo> {
        let note = self.store()?.resolve_note(reference)?;
        Ok(note_info(note, &self.people()?))
    }

    /// Notes, pinned first then newest: on one entity, with a tag, or the deleted ones.
    pub fn notes(
        &self,
        entity_kind: Option<&str>,
        entity: Option<&str>,
        tag: Option<&str>,
        deleted: bool,
    ) -> Result<Vec<NoteInfo>> {
        let entity_id = match entity_kind {
            Some(kind) => Some((kind, self.entity_id(kind, entity)?)),
            None => None,
        };
        let people = self.people()?;
        Ok(self
            .store()?
            .notes(
                entity_id.as_ref().map(|(k, id)| (*k, id.as_deref())),
                tag,
                deleted,
            )?
            .into_iter()
            .map(|n| note_info(n, &people))
            .collect())
    }

    /// Every version of a note, oldest first.
    pub fn note_history(&self, reference: &str) -> Result<Vec<NoteVersionInfo>> {
        let store = self.store()?;
        let id = store.resolve_note(reference)?.id;
        Ok(store
            .note_versions(id)?
            .into_iter()
            .map(|v| NoteVersionInfo {
                version: v.version,
                title: v.title,
                body: v.body,
                author: v.author,
                created_at: v.created_at,
            })
            .collect())
    }

    /// A line diff of a note's body between two versions.
    pub fn note_diff(&self, reference: &str, from: u32, to: u32) -> Result<Vec<DiffLine>> {
        let versions = self.note_history(reference)?;
        let body = |v: u32| {
            versions
                .iter()
                .find(|x| x.version == v)
                .map(|x| x.body.clone())
                .ok_or_else(|| {
                    invalid(
                        "version",
                        format!("the note has no version {v} (1..={})", versions.len()),
                    )
                })
        };
        let (old, new) = (body(from)?, body(to)?);
        Ok(similar::TextDiff::from_lines(&old, &new)
            .iter_all_changes()
            .map(|c| DiffLine {
                op: match c.tag() {
                    similar::ChangeTag::Equal => "equal",
                    similar::ChangeTag::Insert => "insert",
                    similar::ChangeTag::Delete => "delete",
                }
                .to_owned(),
                text: c.value().trim_end_matches('\n').to_owned(),
            })
            .collect())
    }

    fn comment_info(c: CommentRecord, people: &[String]) -> CommentInfo {
        CommentInfo {
            id: c.id.to_string(),
            parent_id: c.parent_id.map(|p| p.to_string()),
            html: markdown::render(&c.body, false),
            mentions: markdown::mentions(&c.body, people),
            body: c.body,
            author: c.author,
            created_at: c.created_at,
            resolved_at: c.resolved_at,
            resolved_by: c.resolved_by,
        }
    }

    /// Comments on an entity (`reply_to` = a comment to answer instead).
    pub fn add_comment(
        &self,
        entity_kind: &str,
        entity: Option<&str>,
        reply_to: Option<&str>,
        body: &str,
    ) -> Result<CommentInfo> {
        let store = self.store()?;
        let parent = reply_to
            .map(|r| {
                Uuid::parse_str(r.trim())
                    .map_err(|_| invalid("reply to", format!("{r:?} is not a comment id")))
            })
            .transpose()?;
        let entity_id = match parent {
            Some(_) => None,
            None => self.entity_id(entity_kind, entity)?,
        };
        let comment = store.add_comment(
            entity_kind,
            entity_id.as_deref(),
            parent,
            body,
            self.author(),
        )?;
        let info = Self::comment_info(comment.clone(), &self.people()?);
        let target = comment.entity_id.clone().unwrap_or_default();
        self.log(
            "comment.added",
            &comment.entity_kind,
            &target,
            format!("commented on {} {}", comment.entity_kind, target),
        )?;
        Ok(info)
    }

    /// The comments on an entity, threads in order.
    pub fn comments(&self, entity_kind: &str, entity: Option<&str>) -> Result<Vec<CommentInfo>> {
        let id = self.entity_id(entity_kind, entity)?;
        let people = self.people()?;
        Ok(self
            .store()?
            .comments(entity_kind, id.as_deref())?
            .into_iter()
            .map(|c| Self::comment_info(c, &people))
            .collect())
    }

    /// Resolves (or reopens) the thread a comment belongs to.
    pub fn resolve_comment(&self, id: &str, resolved: bool) -> Result<CommentInfo> {
        let id = Uuid::parse_str(id.trim())
            .map_err(|_| invalid("comment", format!("{id:?} is not a comment id")))?;
        let c = self
            .store()?
            .resolve_thread(id, resolved.then(|| self.author()))?;
        Ok(Self::comment_info(c, &self.people()?))
    }

    /// A model's review.
    pub fn review(&self, model: &str) -> Result<ReviewInfo> {
        let store = self.store()?;
        let record = store.resolve_model(model)?;
        let review = store.review(record.id)?;
        Ok(review_info(record.name, review))
    }

    /// Requests, approves, asks changes on or withdraws a model's review, as the current user.
    pub fn review_model(
        &self,
        model: &str,
        action: &str,
        reviewers: &[String],
        comment: &str,
    ) -> Result<ReviewInfo> {
        let action = match action {
            "request" => ReviewAction::Request,
            "approve" => ReviewAction::Approve,
            "reject" | "request_changes" | "request-changes" => ReviewAction::RequestChanges,
            "withdraw" => ReviewAction::Withdraw,
            other => {
                return Err(invalid(
                    "review action",
                    format!("{other:?} is not request, approve, reject or withdraw"),
                ));
            }
        };
        let store = self.store()?;
        let record = store.resolve_model(model)?;
        let review = store.review_action(record.id, action, self.author(), reviewers, comment)?;
        let info = review_info(record.name.clone(), review);
        self.log(
            &format!("review.{}", action.as_str()),
            "model",
            &record.id.to_string(),
            format!(
                "{} review of {}: {}",
                action.as_str().replace('_', " "),
                record.name,
                info.state.replace('_', " ")
            ),
        )?;
        Ok(info)
    }

    /// Full-text search over notes and comments.
    pub fn search_notes(
        &self,
        text: &str,
        author: Option<&str>,
        tag: Option<&str>,
        entity_kind: Option<&str>,
    ) -> Result<Vec<SearchResult>> {
        let filter = SearchFilter {
            author: author.map(str::to_owned),
            tag: tag.map(str::to_owned),
            entity_kind: entity_kind.map(str::to_owned),
        };
        Ok(self
            .store()?
            .search(text, &filter, 100)?
            .into_iter()
            .map(|h: SearchHit| SearchResult {
                kind: h.kind,
                id: h.id,
                entity_kind: h.entity_kind,
                entity_id: h.entity_id,
                title: h.title,
                snippet: h.snippet,
                author: h.author,
                updated_at: h.updated_at,
            })
            .collect())
    }

    /// The newest activity, optionally of kinds starting with `kind` or only what mentions
    /// the current user.
    pub fn activity_feed(
        &self,
        limit: u32,
        kind: Option<&str>,
        mentions_only: bool,
    ) -> Result<Vec<ActivityInfo>> {
        let store = self.store()?;
        let people = self.people()?;
        let me = self.author().to_owned();
        let mentions_me = |a: &Activity| -> bool {
            let body = match (a.kind.as_str(), a.entity_id.as_deref()) {
                (k, Some(id)) if k.starts_with("note.") => {
                    store.resolve_note(id).map(|n| n.body).unwrap_or_default()
                }
                ("comment.added", Some(id)) => store
                    .comments(a.entity_kind.as_deref().unwrap_or_default(), Some(id))
                    .ok()
                    .and_then(|cs| cs.into_iter().rev().find(|c| c.author == a.author))
                    .map(|c| c.body)
                    .unwrap_or_default(),
                _ => return false,
            };
            a.author != me && markdown::mentions(&body, &people).contains(&me)
        };
        Ok(store
            .activity(if kind.is_some() || mentions_only {
                10_000
            } else {
                limit
            })?
            .into_iter()
            .filter(|a| kind.is_none_or(|k| a.kind.starts_with(k)))
            .map(|a| ActivityInfo {
                mentions_me: mentions_me(&a),
                kind: a.kind,
                entity_kind: a.entity_kind,
                entity_id: a.entity_id,
                summary: a.summary,
                author: a.author,
                created_at: a.created_at,
            })
            .filter(|a| !mentions_only || a.mentions_me)
            .take(limit as usize)
            .collect())
    }
}

impl Workspace {
    /// Writes the project to one bundle file (`include_data = false` leaves the dataset
    /// snapshots out, for privacy); refuses to overwrite unless `overwrite`.
    pub fn export_bundle(
        &self,
        out: &std::path::Path,
        include_data: bool,
        overwrite: bool,
    ) -> Result<modeldesk_store::BundleManifest> {
        if out.exists() && !overwrite {
            return Err(invalid(
                "output",
                format!(
                    "{} already exists (pass --force to replace it)",
                    out.display()
                ),
            ));
        }
        let manifest = self
            .store()?
            .export_bundle(out, include_data, self.author())?;
        self.log(
            "bundle.exported",
            "project",
            &manifest.project_id,
            format!(
                "exported a bundle{}",
                if include_data { "" } else { " without data" }
            ),
        )?;
        Ok(manifest)
    }

    /// Merges a bundle into the open project (by UUID; importing twice changes nothing).
    pub fn import_bundle(
        &mut self,
        file: &std::path::Path,
    ) -> Result<modeldesk_store::MergeReport> {
        let report = self
            .store_mut()?
            .import_bundle(file, modeldesk_store::BundleLimits::default())?;
        let added: u64 = report.added.values().sum();
        let from = report
            .manifest
            .as_ref()
            .map(|m| format!("{} ({})", m.project_name, m.exported_by))
            .unwrap_or_default();
        self.log(
            "bundle.imported",
            "project",
            &self.store()?.project().id.to_string(),
            format!("merged a bundle from {from}: {added} rows added"),
        )?;
        Ok(report)
    }
}
