-- Schema version 8: SHAP results kept per model × dataset version × request (rows, method,
-- background, ...), so an explanation reopens instantly. The values live in a blob; the row is
-- a cache entry, not carried in bundles.

CREATE TABLE explanations (
    id                  TEXT PRIMARY KEY NOT NULL,
    project_id          TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    model_id            TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    dataset_version_id  TEXT NOT NULL REFERENCES dataset_versions(id),
    request_key         TEXT NOT NULL,
    method              TEXT NOT NULL,
    rows                INTEGER NOT NULL,
    blob_sha256         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    author              TEXT NOT NULL,
    UNIQUE (model_id, dataset_version_id, request_key)
);
