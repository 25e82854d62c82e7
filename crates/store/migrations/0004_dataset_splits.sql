-- Schema version 4: train/validation/test splits stored with a dataset version.
-- The assignment (one byte per row, then one fold byte per row when folds were made) is a blob.

CREATE TABLE dataset_splits (
    id                  TEXT PRIMARY KEY NOT NULL,
    dataset_version_id  TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
    spec_json           TEXT NOT NULL,
    blob_sha256         TEXT NOT NULL,
    counts_json         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    author              TEXT NOT NULL
);

CREATE INDEX splits_by_version ON dataset_splits (dataset_version_id, created_at);
