-- Schema version 6: a model scored on a dataset version (imported models, or any model on new
-- data), so the leaderboard can rank models whatever made them.

CREATE TABLE evaluations (
    id                  TEXT PRIMARY KEY NOT NULL,
    project_id          TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    model_id            TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    dataset_version_id  TEXT NOT NULL REFERENCES dataset_versions(id),
    part                TEXT NOT NULL,
    target              TEXT NOT NULL,
    rows                INTEGER NOT NULL,
    metrics_json        TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    author              TEXT NOT NULL
);

CREATE INDEX evaluations_by_model ON evaluations (model_id, created_at);
