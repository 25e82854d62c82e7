//! Full-text search over notes and comments (SQLite FTS5), with highlighted snippets.

use serde::Serialize;

use crate::{Result, Store, StoreError};

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// `note` or `comment`.
    pub kind: String,
    /// The note's or comment's id.
    pub id: String,
    /// The entity it is attached to.
    pub entity_kind: String,
    /// The entity's id.
    pub entity_id: Option<String>,
    /// The note's title (empty for comments).
    pub title: String,
    /// A snippet with the matches between `[` and `]`.
    pub snippet: String,
    /// Who wrote it.
    pub author: String,
    /// When it was last changed.
    pub updated_at: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

/// Filters on a search.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// Only this author's.
    pub author: Option<String>,
    /// Only notes with this tag.
    pub tag: Option<String>,
    /// Only what is attached to this entity kind.
    pub entity_kind: Option<String>,
}

/// The user's words as an FTS5 query: each word quoted (so punctuation never breaks the
/// syntax), all required, the last one as a prefix.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

impl Store {
    /// Notes (not deleted) and comments matching every word of `text`, best first.
    pub fn search(&self, text: &str, filter: &SearchFilter, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(text) else {
            return Err(StoreError::Invalid {
                field: "search",
                reason: "give one or more words".into(),
            });
        };
        let mut stmt = self.conn.prepare(
            "SELECT kind, id, entity_kind, entity_id, title, snippet, author, updated_at, rank FROM (
                SELECT 'note' AS kind, n.id, n.entity_kind, n.entity_id, n.title,
                       snippet(notes_fts, -1, '[', ']', '…', 12) AS snippet, n.author, n.updated_at,
                       bm25(notes_fts) AS rank, n.tags_json
                FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid
                WHERE notes_fts MATCH ?1 AND n.project_id = ?2 AND n.deleted_at IS NULL
                UNION ALL
                SELECT 'comment', c.id, c.entity_kind, c.entity_id, '',
                       snippet(comments_fts, -1, '[', ']', '…', 12), c.author, c.updated_at,
                       bm25(comments_fts), '[]'
                FROM comments_fts JOIN comments c ON c.rowid = comments_fts.rowid
                WHERE comments_fts MATCH ?1 AND c.project_id = ?2 AND c.deleted_at IS NULL
             )
             WHERE (?3 IS NULL OR author = ?3)
               AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(tags_json) WHERE value = ?4))
               AND (?5 IS NULL OR entity_kind = ?5)
             ORDER BY rank LIMIT ?6",
        )?;
        let rows = stmt.query_map(
            (
                query,
                self.project().id.to_string(),
                &filter.author,
                &filter.tag,
                &filter.entity_kind,
                limit,
            ),
            |r| {
                Ok(SearchHit {
                    kind: r.get(0)?,
                    id: r.get(1)?,
                    entity_kind: r.get(2)?,
                    entity_id: r.get(3)?,
                    title: r.get(4)?,
                    snippet: r.get(5)?,
                    author: r.get(6)?,
                    updated_at: r.get(7)?,
                    rank: r.get(8)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_text_becomes_a_safe_fts_query() {
        assert_eq!(
            super::fts_query("drift  AUC").as_deref(),
            Some("\"drift\" \"AUC\"*")
        );
        assert_eq!(
            super::fts_query("a\"b OR (").as_deref(),
            Some("\"ab\" \"OR\" \"(\"*")
        );
        assert!(super::fts_query("   ").is_none());
    }
}
