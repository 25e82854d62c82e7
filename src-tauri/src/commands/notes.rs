//! Team notes: the profile, notes with history, comment threads, model reviews, search and the
//! activity feed.

use modeldesk_app::{
    ActivityInfo, CommentInfo, DiffLine, NoteInfo, NoteInput, NoteVersionInfo, Profile, ReviewInfo,
    SearchResult,
};
use tauri::State;

use crate::{ApiError, AppState};

/// The user's profile, if set (the UI asks for one on first start).
#[tauri::command]
#[specta::specta]
pub async fn profile(state: State<'_, AppState>) -> Result<Option<Profile>, ApiError> {
    Ok(state.settings().profile())
}

/// Saves the profile; everything written from now on records its name.
#[tauri::command]
#[specta::specta]
pub async fn set_profile(
    state: State<'_, AppState>,
    profile: Profile,
) -> Result<Profile, ApiError> {
    state.settings().set_profile(&profile)?;
    let saved = state.settings().profile().unwrap_or(profile);
    state.workspace().set_author(&saved.name);
    Ok(saved)
}

/// Names `@mentions` can reach: everyone who wrote in the project.
#[tauri::command]
#[specta::specta]
pub async fn people(state: State<'_, AppState>) -> Result<Vec<String>, ApiError> {
    Ok(state.workspace().people()?)
}

/// Notes, pinned first: all, on one entity, with a tag, or the deleted ones.
#[tauri::command]
#[specta::specta]
pub async fn list_notes(
    state: State<'_, AppState>,
    entity_kind: Option<String>,
    entity: Option<String>,
    tag: Option<String>,
    deleted: bool,
) -> Result<Vec<NoteInfo>, ApiError> {
    Ok(state.workspace().notes(
        entity_kind.as_deref(),
        entity.as_deref(),
        tag.as_deref(),
        deleted,
    )?)
}

/// Writes a note.
#[tauri::command]
#[specta::specta]
pub async fn add_note(state: State<'_, AppState>, input: NoteInput) -> Result<NoteInfo, ApiError> {
    Ok(state.workspace().add_note(&input)?)
}

/// Saves a new version of a note; refused when it moved past `expected_version` meanwhile.
#[tauri::command]
#[specta::specta]
pub async fn edit_note(
    state: State<'_, AppState>,
    note: String,
    input: NoteInput,
    expected_version: Option<u32>,
) -> Result<NoteInfo, ApiError> {
    Ok(state
        .workspace()
        .edit_note(&note, &input, expected_version)?)
}

/// Deletes (softly) or restores a note.
#[tauri::command]
#[specta::specta]
pub async fn set_note_deleted(
    state: State<'_, AppState>,
    note: String,
    deleted: bool,
) -> Result<NoteInfo, ApiError> {
    Ok(state.workspace().set_note_deleted(&note, deleted)?)
}

/// Every version of a note.
#[tauri::command]
#[specta::specta]
pub async fn note_history(
    state: State<'_, AppState>,
    note: String,
) -> Result<Vec<NoteVersionInfo>, ApiError> {
    Ok(state.workspace().note_history(&note)?)
}

/// The line diff of a note's body between two versions.
#[tauri::command]
#[specta::specta]
pub async fn note_diff(
    state: State<'_, AppState>,
    note: String,
    from: u32,
    to: u32,
) -> Result<Vec<DiffLine>, ApiError> {
    Ok(state.workspace().note_diff(&note, from, to)?)
}

/// Sanitised HTML of Markdown (the editor's preview).
#[tauri::command]
#[specta::specta]
pub async fn render_markdown(text: String) -> Result<String, ApiError> {
    Ok(modeldesk_app::render_markdown(&text, false))
}

/// The comments on an entity, thread by thread.
#[tauri::command]
#[specta::specta]
pub async fn list_comments(
    state: State<'_, AppState>,
    entity_kind: String,
    entity: Option<String>,
) -> Result<Vec<CommentInfo>, ApiError> {
    Ok(state
        .workspace()
        .comments(&entity_kind, entity.as_deref())?)
}

/// Comments on an entity, or replies to a comment.
#[tauri::command]
#[specta::specta]
pub async fn add_comment(
    state: State<'_, AppState>,
    entity_kind: String,
    entity: Option<String>,
    reply_to: Option<String>,
    body: String,
) -> Result<CommentInfo, ApiError> {
    Ok(state.workspace().add_comment(
        &entity_kind,
        entity.as_deref(),
        reply_to.as_deref(),
        &body,
    )?)
}

/// Resolves (or reopens) a comment's thread.
#[tauri::command]
#[specta::specta]
pub async fn resolve_comment(
    state: State<'_, AppState>,
    comment: String,
    resolved: bool,
) -> Result<CommentInfo, ApiError> {
    Ok(state.workspace().resolve_comment(&comment, resolved)?)
}

/// A model's review.
#[tauri::command]
#[specta::specta]
pub async fn model_review(
    state: State<'_, AppState>,
    model: String,
) -> Result<ReviewInfo, ApiError> {
    Ok(state.workspace().review(&model)?)
}

/// `request`, `approve`, `reject` or `withdraw` a model's review as the current user.
#[tauri::command]
#[specta::specta]
pub async fn review_model(
    state: State<'_, AppState>,
    model: String,
    action: String,
    reviewers: Vec<String>,
    comment: String,
) -> Result<ReviewInfo, ApiError> {
    Ok(state
        .workspace()
        .review_model(&model, &action, &reviewers, &comment)?)
}

/// Full-text search over notes and comments.
#[tauri::command]
#[specta::specta]
pub async fn search_notes(
    state: State<'_, AppState>,
    text: String,
    author: Option<String>,
    tag: Option<String>,
    entity_kind: Option<String>,
) -> Result<Vec<SearchResult>, ApiError> {
    Ok(state.workspace().search_notes(
        &text,
        author.as_deref(),
        tag.as_deref(),
        entity_kind.as_deref(),
    )?)
}

/// The newest activity (optionally of a kind, or only what mentions me).
#[tauri::command]
#[specta::specta]
pub async fn activity_feed(
    state: State<'_, AppState>,
    limit: u32,
    kind: Option<String>,
    mentions_only: bool,
) -> Result<Vec<ActivityInfo>, ApiError> {
    Ok(state
        .workspace()
        .activity_feed(limit, kind.as_deref(), mentions_only)?)
}
