-- Schema version 2: per-project settings and the indexes the panels' list queries need.

CREATE TABLE project_settings (
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value_json  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    author      TEXT NOT NULL,
    PRIMARY KEY (project_id, key)
);

CREATE INDEX activity_by_time ON activity (project_id, created_at);
CREATE INDEX versions_by_dataset ON dataset_versions (dataset_id, version);
CREATE INDEX runs_by_version ON runs (dataset_version_id, created_at);
CREATE INDEX notes_by_entity ON notes (entity_kind, entity_id);
