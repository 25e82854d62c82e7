-- Schema version 7: notes with titles, tags, pins, soft delete and every version kept;
-- comment threads on any entity; model reviews with their decision log; full-text search
-- (FTS5, kept in step by triggers) over notes and comments.

ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE notes ADD COLUMN deleted_at TEXT;

CREATE TABLE note_versions (
    id          TEXT PRIMARY KEY NOT NULL,
    note_id     TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    tags_json   TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (note_id, version)
);

INSERT INTO note_versions (id, note_id, version, title, body, tags_json, author, created_at)
    SELECT id || '-v1', id, 1, title, body, tags_json, author, updated_at FROM notes;

CREATE TABLE comments (
    id           TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    entity_kind  TEXT NOT NULL,
    entity_id    TEXT,
    parent_id    TEXT REFERENCES comments(id),
    body         TEXT NOT NULL,
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    resolved_at  TEXT,
    resolved_by  TEXT,
    deleted_at   TEXT
);

CREATE INDEX comments_by_entity ON comments (entity_kind, entity_id, created_at);

CREATE TABLE reviews (
    model_id        TEXT PRIMARY KEY NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    project_id      TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    state           TEXT NOT NULL,
    requested_by    TEXT,
    reviewers_json  TEXT NOT NULL DEFAULT '[]',
    updated_at      TEXT NOT NULL
);

CREATE TABLE review_events (
    id          TEXT PRIMARY KEY NOT NULL,
    model_id    TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    comment     TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE INDEX review_events_by_model ON review_events (model_id, created_at);

CREATE VIRTUAL TABLE notes_fts USING fts5(
    title, body, content = 'notes', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, body ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO notes_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE comments_fts USING fts5(
    body, content = 'comments', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
END;
