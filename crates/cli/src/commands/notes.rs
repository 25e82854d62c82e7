//! `notes`, `comment`, `review`, `activity`, `bundle`, `identity`.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use modeldesk_app::{AppError, NoteInfo, NoteInput, Profile, UserSettings};

use super::open_workspace;
use crate::Cli;
use crate::args::{BundleCommand, CommentCommand, NotesCommand};
use crate::output::Output;

/// The body from `--body`, `--file`, or stdin when neither is given and stdin is not a terminal.
fn body(
    text: Option<&str>,
    file: Option<&Path>,
    required: bool,
) -> Result<Option<String>, AppError> {
    if let Some(t) = text {
        return Ok(Some(t.to_owned()));
    }
    if let Some(f) = file {
        return std::fs::read_to_string(f)
            .map(Some)
            .map_err(|source| AppError::Io {
                path: f.to_path_buf(),
                source,
            });
    }
    if required && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| AppError::Io {
                path: "<stdin>".into(),
                source,
            })?;
        return Ok(Some(text));
    }
    Ok(None)
}

/// First 8 characters of an id: what people type.
fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn line(n: &NoteInfo) -> String {
    let title = if n.title.is_empty() {
        n.body
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect()
    } else {
        n.title.clone()
    };
    format!(
        "{}{}  {title}  ({} · v{} · {}{}{})",
        if n.pinned { "📌 " } else { "" },
        short(&n.id),
        n.author,
        n.version,
        n.updated_at.get(..10).unwrap_or(&n.updated_at),
        if n.tags.is_empty() {
            String::new()
        } else {
            format!(" · #{}", n.tags.join(" #"))
        },
        if n.entity_kind == "project" {
            String::new()
        } else {
            format!(" · on {}", n.entity_kind)
        },
    )
}

pub(crate) fn notes(cli: &Cli, command: &NotesCommand, out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    match command {
        NotesCommand::Add {
            title,
            body: text,
            file,
            tags,
            pin,
            on,
        } => {
            let (kind, entity) = on.entity();
            let input = NoteInput {
                entity_kind: kind.to_owned(),
                entity: entity.map(str::to_owned),
                title: title.clone().unwrap_or_default(),
                body: body(text.as_deref(), file.as_deref(), true)?.unwrap_or_default(),
                tags: tags.clone(),
                pinned: *pin,
            };
            let n = ws.add_note(&input)?;
            let mut text = format!("Wrote note {}", short(&n.id));
            if !n.mentions.is_empty() {
                let _ = write!(text, " (mentions {})", n.mentions.join(", "));
            }
            Ok(out.success(&n, &text))
        }
        NotesCommand::List { tag, deleted, on } => {
            let (kind, entity) = on.entity();
            let filter = (kind != "project" || entity.is_some()).then_some(kind);
            let list = ws.notes(filter, entity, tag.as_deref(), *deleted)?;
            let text = if list.is_empty() {
                "No notes.".to_owned()
            } else {
                list.iter().map(line).collect::<Vec<_>>().join("\n")
            };
            Ok(out.success(&list, &text))
        }
        NotesCommand::Show { note } => {
            let n = ws.note(note)?;
            let text = format!("{}\n\n{}", line(&n), n.body.trim_end());
            Ok(out.success(&n, &text))
        }
        NotesCommand::Edit {
            note,
            title,
            body: text,
            file,
            tags,
            pin,
            expect_version,
        } => {
            let current = ws.note(note)?;
            let input = NoteInput {
                entity_kind: String::new(),
                entity: None,
                title: title.clone().unwrap_or(current.title),
                body: body(text.as_deref(), file.as_deref(), false)?.unwrap_or(current.body),
                tags: if tags.is_empty() {
                    current.tags
                } else {
                    tags.clone()
                },
                pinned: pin.unwrap_or(current.pinned),
            };
            let n = ws.edit_note(note, &input, *expect_version)?;
            let text = format!("Saved {} as version {}", short(&n.id), n.version);
            Ok(out.success(&n, &text))
        }
        NotesCommand::Delete { note } | NotesCommand::Restore { note } => {
            let deleted = matches!(command, NotesCommand::Delete { .. });
            let n = ws.set_note_deleted(note, deleted)?;
            let text = if deleted {
                format!(
                    "Deleted {} (undo: modeldesk notes restore {})",
                    short(&n.id),
                    short(&n.id)
                )
            } else {
                format!("Restored {}", short(&n.id))
            };
            Ok(out.success(&n, &text))
        }
        NotesCommand::History { note, diff } => history(&ws, note, diff.as_deref(), out),
        NotesCommand::Search {
            text,
            author,
            tag,
            on,
        } => {
            let hits = ws.search_notes(text, author.as_deref(), tag.as_deref(), on.as_deref())?;
            Ok(out.success(&hits, &search_text(&hits)))
        }
    }
}

/// Search hits, one per line.
fn search_text(hits: &[modeldesk_app::SearchResult]) -> String {
    if hits.is_empty() {
        return "Nothing found.".to_owned();
    }
    hits.iter()
        .map(|h| {
            format!(
                "{} {}  {}{}  ({})",
                h.kind,
                short(&h.id),
                if h.title.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", h.title)
                },
                h.snippet.replace('\n', " "),
                h.author
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `notes history NOTE [--diff A..B]`.
fn history(
    ws: &modeldesk_app::Workspace,
    note: &str,
    diff: Option<&str>,
    out: &Output,
) -> Result<ExitCode, AppError> {
    if let Some(range) = diff {
        let bad = || AppError::Invalid {
            field: "--diff",
            reason: format!("{range:?} is not A..B (e.g. 1..3)"),
        };
        let (a, b) = range.split_once("..").ok_or_else(bad)?;
        let (a, b) = (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        );
        let lines = ws.note_diff(note, a, b)?;
        let text = lines
            .iter()
            .map(|l| {
                let mark = match l.op.as_str() {
                    "insert" => '+',
                    "delete" => '-',
                    _ => ' ',
                };
                format!("{mark} {}", l.text)
            })
            .collect::<Vec<_>>()
            .join("\n");
        return Ok(out.success(&lines, &text));
    }
    let versions = ws.note_history(note)?;
    let text = versions
        .iter()
        .map(|v| {
            format!(
                "v{}  {}  {}  {}",
                v.version, v.created_at, v.author, v.title
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(out.success(&versions, &text))
}

pub(crate) fn comment(
    cli: &Cli,
    command: &CommentCommand,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    match command {
        CommentCommand::Add { text, reply_to, on } => {
            let (kind, entity) = on.entity();
            let c = ws.add_comment(kind, entity, reply_to.as_deref(), text)?;
            let text = format!("Commented ({})", c.id);
            Ok(out.success(&c, &text))
        }
        CommentCommand::List { on } => {
            let (kind, entity) = on.entity();
            let list = ws.comments(kind, entity)?;
            let mut text = String::new();
            for c in &list {
                let indent = if c.parent_id.is_some() {
                    "    ↳ "
                } else {
                    ""
                };
                let resolved = c
                    .resolved_by
                    .as_ref()
                    .map(|by| format!(" [resolved by {by}]"))
                    .unwrap_or_default();
                let _ = writeln!(
                    text,
                    "{indent}{}: {}{resolved}  ({})",
                    c.author,
                    c.body.trim(),
                    c.id
                );
            }
            if list.is_empty() {
                text.push_str("No comments.");
            }
            Ok(out.success(&list, text.trim_end()))
        }
        CommentCommand::Resolve { comment, reopen } => {
            let c = ws.resolve_comment(comment, !reopen)?;
            let text = if *reopen {
                "Reopened the thread."
            } else {
                "Resolved the thread."
            };
            Ok(out.success(&c, text))
        }
    }
}

pub(crate) fn review(
    cli: &Cli,
    action: &str,
    model: &str,
    reviewers: &[String],
    message: Option<&str>,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let r = if action == "show" {
        ws.review(model)?
    } else {
        ws.review_model(model, action, reviewers, message.unwrap_or_default())?
    };
    let mut text = format!("{}: {}", r.model, r.state.replace('_', " "));
    if let Some(d) = &r.decision {
        let _ = write!(text, " ({d})");
    }
    if !r.reviewers.is_empty() {
        let _ = write!(text, "\n  reviewers: {}", r.reviewers.join(", "));
    }
    for e in &r.events {
        let _ = write!(
            text,
            "\n  {}  {} {}{}",
            e.created_at,
            e.author,
            e.action.replace('_', " "),
            if e.comment.is_empty() {
                String::new()
            } else {
                format!(": {}", e.comment)
            }
        );
    }
    Ok(out.success(&r, &text))
}

pub(crate) fn activity(
    cli: &Cli,
    limit: u32,
    kind: Option<&str>,
    mentions: bool,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let list = ws.activity_feed(limit, kind, mentions)?;
    let text = if list.is_empty() {
        "Nothing yet.".to_owned()
    } else {
        list.iter()
            .map(|a| {
                format!(
                    "{}{}  {:<8} {}",
                    if a.mentions_me { "@ " } else { "  " },
                    a.created_at,
                    a.author,
                    a.summary
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(out.success(&list, &text))
}

pub(crate) fn identity(
    name: Option<&str>,
    email: Option<&str>,
    colour: Option<&str>,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let settings = UserSettings::for_user();
    let mut profile = settings.profile().unwrap_or_default();
    let changing = name.is_some() || email.is_some() || colour.is_some();
    if let Some(n) = name {
        n.clone_into(&mut profile.name);
    }
    if let Some(e) = email {
        e.clone_into(&mut profile.email);
    }
    if let Some(c) = colour {
        c.clone_into(&mut profile.colour);
    }
    if changing {
        settings.set_profile(&profile)?;
    }
    let shown: Profile = settings.profile().unwrap_or_default();
    let text = if shown.name.is_empty() {
        format!(
            "No profile yet; writing as {:?}. Set one: modeldesk identity --name \"Ada Lovelace\" --email ada@example.org",
            modeldesk_app::default_author()
        )
    } else {
        format!("{} <{}> {}", shown.name, shown.email, shown.colour)
    };
    Ok(out.success(&shown, text.trim_end()))
}

pub(crate) fn bundle(
    cli: &Cli,
    command: &BundleCommand,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let mut ws = open_workspace(cli)?;
    match command {
        BundleCommand::Export {
            out: file,
            no_data,
            force,
        } => {
            let m = ws.export_bundle(file, !no_data, *force)?;
            let rows: u64 = m.rows.values().sum();
            let text = format!(
                "Wrote {} ({rows} rows, {} blobs{})",
                file.display(),
                m.blobs,
                if m.includes_data {
                    ""
                } else {
                    ", datasets left out"
                }
            );
            Ok(out.success(&m, &text))
        }
        BundleCommand::Import { file } => {
            let r = ws.import_bundle(file)?;
            let mut text = if r.is_noop() {
                "Already merged: nothing new.".to_owned()
            } else {
                let added: Vec<String> = r
                    .added
                    .iter()
                    .filter(|(_, n)| **n > 0)
                    .map(|(t, n)| format!("{n} {t}"))
                    .collect();
                format!("Merged: {}", added.join(", "))
            };
            if r.merged_notes > 0 {
                let _ = write!(
                    text,
                    "\n{} note(s) edited on both sides: every version kept, the latest current",
                    r.merged_notes
                );
            }
            for renamed in &r.renamed {
                let _ = write!(text, "\nrenamed {renamed}");
            }
            Ok(out.success(&r, &text))
        }
    }
}
