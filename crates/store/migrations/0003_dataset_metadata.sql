-- Schema version 3: what the data crate records with each dataset version.

ALTER TABLE dataset_versions ADD COLUMN blob_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dataset_versions ADD COLUMN source_format TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE dataset_versions ADD COLUMN schema_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE dataset_versions ADD COLUMN import_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE dataset_versions ADD COLUMN profile_json TEXT;
