//! Model reviews: draft → in review → approved / changes requested, with reviewers and a log of
//! every decision (who, when, what for). Transitions that make no sense are refused.

use rusqlite::OptionalExtension;
use serde::Serialize;
use uuid::Uuid;

use crate::{Result, Store, StoreError, time_fmt};

/// Where a model's review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Not submitted for review (every model starts here).
    Draft,
    /// Waiting for a reviewer.
    InReview,
    /// Approved by a reviewer.
    Approved,
    /// A reviewer asked for changes.
    ChangesRequested,
}

impl ReviewState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::ChangesRequested => "changes_requested",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "in_review" => Self::InReview,
            "approved" => Self::Approved,
            "changes_requested" => Self::ChangesRequested,
            _ => Self::Draft,
        }
    }
}

/// What a person does to a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// Ask for a review (from draft, after changes were requested, or to re-review).
    Request,
    /// Approve (only while in review, and not one's own request).
    Approve,
    /// Ask for changes (only while in review).
    RequestChanges,
    /// Take a request back to draft (only the requester, while in review).
    Withdraw,
}

impl ReviewAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Approve => "approve",
            Self::RequestChanges => "request_changes",
            Self::Withdraw => "withdraw",
        }
    }
}

/// One decision in a review's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewEvent {
    /// What was done.
    pub action: String,
    /// State before.
    pub from_state: String,
    /// State after.
    pub to_state: String,
    /// Why / for what.
    pub comment: String,
    /// Who.
    pub author: String,
    /// When.
    pub created_at: String,
}

/// A model's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The model.
    pub model_id: Uuid,
    /// Where it stands.
    pub state: ReviewState,
    /// Who asked for the current review.
    pub requested_by: Option<String>,
    /// Who is asked to review.
    pub reviewers: Vec<String>,
    /// Every decision, oldest first.
    pub events: Vec<ReviewEvent>,
}

impl Store {
    /// A model's review (a draft with no history when none was ever requested).
    pub fn review(&self, model_id: Uuid) -> Result<Review> {
        let row: Option<(String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT state, requested_by, reviewers_json FROM reviews WHERE model_id = ?1",
                [model_id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let mut stmt = self.conn.prepare(
            "SELECT action, from_state, to_state, comment, author, created_at FROM review_events
             WHERE model_id = ?1 ORDER BY created_at, id",
        )?;
        let events = stmt
            .query_map([model_id.to_string()], |r| {
                Ok(ReviewEvent {
                    action: r.get(0)?,
                    from_state: r.get(1)?,
                    to_state: r.get(2)?,
                    comment: r.get(3)?,
                    author: r.get(4)?,
                    created_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (state, requested_by, reviewers) =
            row.map_or((ReviewState::Draft, None, Vec::new()), |(s, by, json)| {
                (
                    ReviewState::parse(&s),
                    by,
                    serde_json::from_str(&json).unwrap_or_default(),
                )
            });
        Ok(Review {
            model_id,
            state,
            requested_by,
            reviewers,
            events,
        })
    }

    /// Applies `action` by `author` to a model's review; refuses transitions that make no sense
    /// (approving a draft, approving one's own request, ...), naming the current state.
    pub fn review_action(
        &self,
        model_id: Uuid,
        action: ReviewAction,
        author: &str,
        reviewers: &[String],
        comment: &str,
    ) -> Result<Review> {
        use ReviewState as S;
        let current = self.review(model_id)?;
        let refuse = |why: &str| {
            Err(StoreError::Invalid {
                field: "review",
                reason: format!(
                    "cannot {} a review that is {}: {why}",
                    action.as_str().replace('_', " "),
                    current.state.as_str().replace('_', " ")
                ),
            })
        };
        let next = match (action, current.state) {
            (ReviewAction::Request, S::Draft | S::ChangesRequested | S::Approved) => S::InReview,
            (ReviewAction::Request, S::InReview) => return refuse("it is already in review"),
            (ReviewAction::Approve | ReviewAction::RequestChanges, S::InReview) => {
                if current.requested_by.as_deref() == Some(author) {
                    return refuse("the person who asked for the review cannot decide it");
                }
                if action == ReviewAction::Approve {
                    S::Approved
                } else {
                    S::ChangesRequested
                }
            }
            (ReviewAction::Approve | ReviewAction::RequestChanges, _) => {
                return refuse("request a review first");
            }
            (ReviewAction::Withdraw, S::InReview) => {
                if current.requested_by.as_deref() != Some(author) {
                    return refuse("only the person who asked for it can withdraw it");
                }
                S::Draft
            }
            (ReviewAction::Withdraw, _) => return refuse("it is not in review"),
        };
        if action == ReviewAction::RequestChanges && comment.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "review",
                reason: "say which changes are needed".into(),
            });
        }
        let (requested_by, reviewers) = if action == ReviewAction::Request {
            (Some(author.to_owned()), reviewers.to_vec())
        } else {
            (current.requested_by.clone(), current.reviewers.clone())
        };
        let now = time_fmt::now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO reviews (model_id, project_id, state, requested_by, reviewers_json, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (model_id) DO UPDATE SET state = excluded.state, requested_by = excluded.requested_by,
                reviewers_json = excluded.reviewers_json, updated_at = excluded.updated_at",
            (
                model_id.to_string(),
                self.project().id.to_string(),
                next.as_str(),
                &requested_by,
                serde_json::to_string(&reviewers).unwrap_or_else(|_| "[]".into()),
                &now,
            ),
        )?;
        tx.execute(
            "INSERT INTO review_events (id, model_id, action, from_state, to_state, comment, author, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (
                Uuid::now_v7().to_string(),
                model_id.to_string(),
                action.as_str(),
                current.state.as_str(),
                next.as_str(),
                comment.trim(),
                author,
                &now,
            ),
        )?;
        tx.commit()?;
        self.review(model_id)
    }
}
