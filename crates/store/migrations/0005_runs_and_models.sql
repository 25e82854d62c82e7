-- Schema version 5: what a training run trained on, and what a model needs to be served and
-- explained (the trainer's own model file beside the ONNX export, a summary for listings).

ALTER TABLE runs ADD COLUMN target TEXT;
ALTER TABLE runs ADD COLUMN split_id TEXT REFERENCES dataset_splits(id);
ALTER TABLE models ADD COLUMN sidecar_sha256 TEXT;
ALTER TABLE models ADD COLUMN meta_json TEXT NOT NULL DEFAULT '{}';

CREATE INDEX runs_by_created ON runs (created_at);
CREATE INDEX models_by_run ON models (run_id);
