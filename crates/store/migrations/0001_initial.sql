-- ModelDesk project store, schema version 1.
-- Every row carries a UUID (text), created_at (RFC 3339, UTC) and author.
-- Written in the common subset of SQLite and PostgreSQL so the store can move to a team server.

CREATE TABLE projects (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    author      TEXT NOT NULL
);

CREATE TABLE datasets (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    author      TEXT NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE dataset_versions (
    id           TEXT PRIMARY KEY NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    parent_id    TEXT REFERENCES dataset_versions(id),
    blob_sha256  TEXT NOT NULL,
    recipe_json  TEXT NOT NULL DEFAULT '[]',
    row_count    INTEGER NOT NULL,
    column_count INTEGER NOT NULL,
    source_path  TEXT,
    created_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    UNIQUE (dataset_id, version)
);

CREATE TABLE runs (
    id                  TEXT PRIMARY KEY NOT NULL,
    dataset_version_id  TEXT NOT NULL REFERENCES dataset_versions(id),
    task                TEXT NOT NULL,
    model_family        TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
    params_json         TEXT NOT NULL DEFAULT '{}',
    metrics_json        TEXT NOT NULL DEFAULT '{}',
    curves_json         TEXT NOT NULL DEFAULT '{}',
    error               TEXT,
    created_at          TEXT NOT NULL,
    started_at          TEXT,
    finished_at         TEXT,
    author              TEXT NOT NULL
);

CREATE TABLE models (
    id           TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    run_id       TEXT REFERENCES runs(id),
    name         TEXT NOT NULL,
    format       TEXT NOT NULL DEFAULT 'onnx',
    blob_sha256  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE notes (
    id           TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    entity_kind  TEXT NOT NULL,
    entity_id    TEXT,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author       TEXT NOT NULL
);

CREATE TABLE activity (
    id           TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    entity_kind  TEXT,
    entity_id    TEXT,
    summary      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    author       TEXT NOT NULL
);
