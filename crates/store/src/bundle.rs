//! Project bundles: the whole store (datasets, runs, models, notes, threads, reviews, activity)
//! in one `.mdproj` file (a zip: `manifest.json`, a consistent `project.sqlite` snapshot and the
//! referenced blobs), and merging a bundle into another project by UUID — idempotently, in one
//! transaction, keeping concurrent edits of a note as versions instead of losing one.
//!
//! Import refuses anything but the three kinds of entries (no path tricks) and stops reading at
//! a size limit, whatever the archive claims.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::{LATEST_SCHEMA_VERSION, Result, Store, StoreError, time_fmt};

/// The bundle format written by this version.
pub const BUNDLE_FORMAT: u32 = 1;

/// What a bundle holds, written first in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleManifest {
    /// Bundle format version.
    pub format: u32,
    /// The exporting project's id and name.
    pub project_id: String,
    /// Its name.
    pub project_name: String,
    /// Schema version of the snapshot.
    pub schema_version: u32,
    /// When and by whom.
    pub exported_at: String,
    /// Who exported it.
    pub exported_by: String,
    /// Whether dataset snapshots are included (else only their metadata).
    pub includes_data: bool,
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
    /// Blobs in the archive.
    pub blobs: u64,
}

/// Limits on what an import reads.
#[derive(Debug, Clone, Copy)]
pub struct BundleLimits {
    /// Total bytes the entries may expand to.
    pub max_bytes: u64,
    /// Entries the archive may hold.
    pub max_entries: usize,
}

impl Default for BundleLimits {
    fn default() -> Self {
        Self {
            max_bytes: 64 << 30,
            max_entries: 1_000_000,
        }
    }
}

/// What a merge added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeReport {
    /// The bundle's manifest.
    pub manifest: Option<BundleManifest>,
    /// Rows added per table.
    pub added: BTreeMap<String, u64>,
    /// Notes whose versions from both sides were interleaved (concurrent edits kept).
    pub merged_notes: u64,
    /// Datasets or models renamed because the name was taken by a different one.
    pub renamed: Vec<String>,
    /// Blobs copied in.
    pub blobs_added: u64,
}

impl MergeReport {
    /// Whether the merge changed nothing (the bundle was already merged).
    pub fn is_noop(&self) -> bool {
        self.added.values().all(|&n| n == 0) && self.merged_notes == 0 && self.blobs_added == 0
    }
}

/// Tables in the order rows can be inserted (parents first). Every column of each is carried
/// (see [`table_columns`]); a `project_id` column is remapped to the target project.
/// Explanations are a cache, recomputed where needed, and not carried.
const TABLES: &[&str] = &[
    "datasets",
    "dataset_versions",
    "dataset_splits",
    "runs",
    "models",
    "evaluations",
    "notes",
    "comments",
    "review_events",
    "activity",
];

/// The columns of `table` in this project's schema. A bundle is migrated to the same schema
/// when it is opened, so every column is carried, those that later migrations add included
/// (a fixed list had left out the runs' stars, tags and code version).
fn table_columns(tx: &rusqlite::Transaction<'_>, table: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

fn invalid(reason: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field: "bundle",
        reason: reason.into(),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn zip_err(path: &Path) -> impl Fn(zip::result::ZipError) -> StoreError + '_ {
    move |e| invalid(format!("{}: {e}", path.display()))
}

/// `blobs/ab/<64 hex>` → the SHA-256, for well-formed blob entries only.
fn blob_entry(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("blobs/")?;
    let (dir, sha) = rest.split_once('/')?;
    let hex = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    };
    (dir.len() == 2 && sha.len() == 64 && hex(sha) && sha.starts_with(dir)).then_some(sha)
}

impl Store {
    /// Writes the project to one bundle file (atomically: a partial file never remains).
    /// Dataset snapshots are left out unless `include_data` (their metadata stays).
    pub fn export_bundle(
        &self,
        out: &Path,
        include_data: bool,
        author: &str,
    ) -> Result<BundleManifest> {
        let scratch = tempfile::tempdir().map_err(io(out))?;
        let snapshot = scratch.path().join("project.sqlite");
        // VACUUM INTO gives a consistent copy even while the app writes.
        self.conn
            .execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])?;
        let mut rows = BTreeMap::new();
        for table in TABLES.iter().chain(&["reviews", "note_versions"]) {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
            rows.insert((*table).to_owned(), u64::try_from(n).unwrap_or(0));
        }
        let mut shas: Vec<String> = Vec::new();
        let mut collect = |sql: &str| -> Result<()> {
            let mut stmt = self.conn.prepare(sql)?;
            let found = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            shas.extend(found);
            Ok(())
        };
        collect(
            "SELECT blob_sha256 FROM models UNION SELECT sidecar_sha256 FROM models WHERE sidecar_sha256 IS NOT NULL",
        )?;
        collect("SELECT blob_sha256 FROM dataset_splits")?;
        if include_data {
            collect("SELECT blob_sha256 FROM dataset_versions")?;
        }
        shas.sort();
        shas.dedup();
        let manifest = BundleManifest {
            format: BUNDLE_FORMAT,
            project_id: self.project().id.to_string(),
            project_name: self.project().name.clone(),
            schema_version: LATEST_SCHEMA_VERSION,
            exported_at: time_fmt::now(),
            exported_by: author.to_owned(),
            includes_data: include_data,
            rows,
            blobs: shas.len() as u64,
        };
        let partial = out.with_extension("mdproj.partial");
        let file = File::create(&partial).map_err(io(&partial))?;
        let mut zip = zip::ZipWriter::new(file);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        let write =
            |zip: &mut zip::ZipWriter<File>, name: &str, from: &Path, options| -> Result<()> {
                zip.start_file(name, options).map_err(zip_err(out))?;
                let mut src = File::open(from).map_err(io(from))?;
                std::io::copy(&mut src, zip).map_err(io(out))?;
                Ok(())
            };
        zip.start_file("manifest.json", deflated)
            .map_err(zip_err(out))?;
        zip.write_all(
            serde_json::to_string_pretty(&manifest)
                .map_err(|e| invalid(e.to_string()))?
                .as_bytes(),
        )
        .map_err(io(out))?;
        write(&mut zip, "project.sqlite", &snapshot, deflated)?;
        for sha in &shas {
            // Blobs are Parquet or ONNX: compressing again gains little.
            write(
                &mut zip,
                &format!("blobs/{}/{sha}", &sha[..2]),
                &self.blobs().path(sha)?,
                stored,
            )?;
        }
        zip.finish().map_err(zip_err(out))?;
        std::fs::rename(&partial, out).map_err(io(out))?;
        Ok(manifest)
    }

    /// Merges a bundle into this project: rows new by UUID are added (the project's own rows
    /// are never overwritten), concurrent versions of a note are interleaved by time with the
    /// latest current, names taken by a different dataset or model get a suffix. Importing the
    /// same bundle again changes nothing. A bad archive changes nothing either.
    pub fn import_bundle(&mut self, file: &Path, limits: BundleLimits) -> Result<MergeReport> {
        let scratch = tempfile::tempdir().map_err(io(file))?;
        let manifest = unpack(file, scratch.path(), limits)?;
        let bundle = Store::open(scratch.path())?;
        drop(bundle); // opened once: checked to be a ModelDesk store, migrated if older
        let mut report = MergeReport {
            manifest: Some(manifest),
            ..MergeReport::default()
        };
        // Blobs first (content-addressed: an extra blob is invisible if the merge fails).
        let blob_root = scratch.path().join(crate::BLOB_DIR);
        for sha in list_blobs(&blob_root)? {
            if !self.blobs().contains(&sha) {
                let stored = self
                    .blobs()
                    .put_file(&blob_root.join(&sha[..2]).join(&sha))?;
                if stored.sha256 != sha {
                    return Err(invalid(format!("blob {sha} does not match its content")));
                }
                report.blobs_added += 1;
            }
        }
        let db = scratch.path().join(crate::DB_FILE);
        self.conn
            .execute("ATTACH DATABASE ?1 AS b", [db.to_string_lossy()])?;
        let merged = self.merge_attached(&mut report);
        let detached = self.conn.execute("DETACH DATABASE b", []);
        merged?;
        detached?;
        Ok(report)
    }

    fn merge_attached(&mut self, report: &mut MergeReport) -> Result<()> {
        let project = self.project().id.to_string();
        let tx = self.conn.transaction()?;
        // Names taken by a different row: the incoming one gets a suffix.
        for (table, what) in [("datasets", "dataset"), ("models", "model")] {
            let clashes: Vec<(String, String)> = {
                let mut stmt = tx.prepare(&format!(
                    "SELECT b.id, b.name FROM b.{table} AS b JOIN main.{table} AS m
                     ON m.name = b.name AND m.project_id = ?1 AND m.id <> b.id
                     WHERE b.id NOT IN (SELECT id FROM main.{table})"
                ))?;
                stmt.query_map([&project], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            for (id, name) in clashes {
                let new_name = format!("{name} (from bundle {})", &id[..8.min(id.len())]);
                tx.execute(
                    &format!("UPDATE b.{table} SET name = ?2 WHERE id = ?1"),
                    (&id, &new_name),
                )?;
                report.renamed.push(format!("{what} {name} → {new_name}"));
            }
        }
        // Dataset versions numbered like one already here get the next free number.
        tx.execute(
            "UPDATE b.dataset_versions SET version = version + 1000000
             WHERE id NOT IN (SELECT id FROM main.dataset_versions)
               AND EXISTS (SELECT 1 FROM main.dataset_versions m WHERE m.dataset_id = b.dataset_versions.dataset_id AND m.version = b.dataset_versions.version)",
            [],
        )?;
        // Concurrent edits of notes both sides have: before the new notes come in.
        report.merged_notes = merge_note_versions(&tx, report)?;
        for table in TABLES {
            let names = table_columns(&tx, table)?;
            let remap = names.iter().any(|c| c == "project_id");
            let select = names
                .iter()
                .map(|c| if c == "project_id" { "?1" } else { c.as_str() })
                .collect::<Vec<_>>()
                .join(", ");
            let columns = names.join(", ");
            // Comments: thread starters before replies.
            let order = if *table == "comments" {
                " ORDER BY parent_id IS NOT NULL, created_at"
            } else {
                ""
            };
            let added = tx.execute(
                &format!(
                    "INSERT INTO main.{table} ({columns}) SELECT {select} FROM b.{table}
                     WHERE id NOT IN (SELECT id FROM main.{table}){order}"
                ),
                rusqlite::params_from_iter(remap.then_some(&project)),
            )?;
            report.added.insert((*table).to_owned(), added as u64);
        }
        let renumbered = tx.execute(
            "UPDATE main.dataset_versions SET version = (
                 SELECT COALESCE(MAX(m.version), 0) + 1 FROM main.dataset_versions m
                 WHERE m.dataset_id = main.dataset_versions.dataset_id AND m.version < 1000000)
             WHERE version >= 1000000",
            [],
        )?;
        if renumbered > 0 {
            tracing::info!(renumbered, "dataset versions renumbered after a merge");
        }
        // Reviews: the later decision wins; its log is the union of both.
        let reviews = tx.execute(
            "INSERT INTO main.reviews (model_id, project_id, state, requested_by, reviewers_json, updated_at)
             SELECT model_id, ?1, state, requested_by, reviewers_json, updated_at FROM b.reviews WHERE true
             ON CONFLICT (model_id) DO UPDATE SET state = excluded.state, requested_by = excluded.requested_by,
                 reviewers_json = excluded.reviewers_json, updated_at = excluded.updated_at
             WHERE excluded.updated_at > main.reviews.updated_at",
            [&project],
        )?;
        report.added.insert("reviews".into(), reviews as u64);
        // Versions of notes that came in whole (the note itself was new).
        let fresh = tx.execute(
            "INSERT INTO main.note_versions (id, note_id, version, title, body, tags_json, author, created_at)
             SELECT id, note_id, version, title, body, tags_json, author, created_at FROM b.note_versions
             WHERE id NOT IN (SELECT id FROM main.note_versions) AND note_id IN (SELECT id FROM main.notes)",
            [],
        )?;
        *report.added.entry("note_versions".into()).or_default() += fresh as u64;
        tx.commit()?;
        Ok(())
    }
}

/// Adds the bundle's new versions of notes this project already has; for every such note,
/// renumbers all its versions by time and makes the latest current. Returns the notes changed.
fn merge_note_versions(tx: &rusqlite::Transaction<'_>, report: &mut MergeReport) -> Result<u64> {
    let incoming: Vec<(String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, note_id FROM b.note_versions
             WHERE id NOT IN (SELECT id FROM main.note_versions)
               AND note_id IN (SELECT id FROM main.notes)",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (i, (id, _)) in incoming.iter().enumerate() {
        // Temporary numbers below any real one, to stay clear of UNIQUE (note_id, version).
        let temp = -10_000_000 - i64::try_from(i).unwrap_or(0);
        tx.execute(
            "INSERT INTO main.note_versions (id, note_id, version, title, body, tags_json, author, created_at)
             SELECT id, note_id, ?2, title, body, tags_json, author, created_at FROM b.note_versions WHERE id = ?1",
            (id, temp),
        )?;
    }
    report
        .added
        .insert("note_versions".into(), incoming.len() as u64);
    let mut notes: Vec<&String> = incoming.iter().map(|(_, n)| n).collect();
    notes.sort();
    notes.dedup();
    for note in &notes {
        tx.execute(
            "UPDATE main.note_versions SET version = -version - 1 WHERE note_id = ?1 AND version > 0",
            [note],
        )?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT id FROM main.note_versions WHERE note_id = ?1 ORDER BY created_at, id",
            )?;
            stmt.query_map([note], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (n, id) in (1i64..).zip(&ids) {
            tx.execute(
                "UPDATE main.note_versions SET version = ?2 WHERE id = ?1",
                (id, n),
            )?;
        }
        let latest: Option<(String, String, String, String, i64)> = tx
            .query_row(
                "SELECT title, body, tags_json, created_at, version FROM main.note_versions
                 WHERE note_id = ?1 ORDER BY version DESC LIMIT 1",
                [note],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        if let Some((title, body, tags, at, version)) = latest {
            tx.execute(
                "UPDATE main.notes SET title = ?2, body = ?3, tags_json = ?4, updated_at = ?5, version = ?6 WHERE id = ?1",
                (note, title, body, tags, at, version),
            )?;
        }
    }
    Ok(notes.len() as u64)
}

/// Checks and extracts an archive into `dir` as a project folder; returns its manifest.
fn unpack(file: &Path, dir: &Path, limits: BundleLimits) -> Result<BundleManifest> {
    let archive = File::open(file).map_err(io(file))?;
    let mut zip = zip::ZipArchive::new(archive).map_err(zip_err(file))?;
    if zip.len() > limits.max_entries {
        return Err(invalid(format!(
            "{} holds {} entries (at most {} are read)",
            file.display(),
            zip.len(),
            limits.max_entries
        )));
    }
    let mut budget = limits.max_bytes;
    let mut manifest: Option<BundleManifest> = None;
    let mut has_db = false;
    // Names are checked before anything is written.
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(zip_err(file))?;
        let name = entry.name().map_err(zip_err(file))?.into_owned();
        if !(name == "manifest.json" || name == "project.sqlite" || blob_entry(&name).is_some()) {
            return Err(invalid(format!(
                "{} has an entry {name:?} that is not part of a ModelDesk bundle; nothing was imported",
                file.display()
            )));
        }
        if entry.size() > budget {
            return Err(invalid(format!(
                "{} expands past the size limit ({} bytes); nothing was imported",
                file.display(),
                limits.max_bytes
            )));
        }
        budget -= entry.size();
    }
    let mut budget = limits.max_bytes;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(zip_err(file))?;
        let name = entry.name().map_err(zip_err(file))?.into_owned();
        let target: PathBuf = match name.as_str() {
            "manifest.json" | "project.sqlite" => dir.join(&name),
            _ => {
                let sha = blob_entry(&name).unwrap_or_default();
                let sub = dir.join(crate::BLOB_DIR).join(&sha[..2]);
                std::fs::create_dir_all(&sub).map_err(io(&sub))?;
                sub.join(sha)
            }
        };
        let mut out = File::create(&target).map_err(io(&target))?;
        // Read at most what is left of the budget, whatever the entry claims.
        let copied =
            std::io::copy(&mut (&mut entry).take(budget + 1), &mut out).map_err(io(&target))?;
        if copied > budget {
            return Err(invalid(format!(
                "{} expands past the size limit ({} bytes); nothing was imported",
                file.display(),
                limits.max_bytes
            )));
        }
        budget -= copied;
        has_db |= name == "project.sqlite";
        if name == "manifest.json" {
            let text = std::fs::read_to_string(&target).map_err(io(&target))?;
            manifest =
                Some(serde_json::from_str(&text).map_err(|e| {
                    invalid(format!("{}: unreadable manifest: {e}", file.display()))
                })?);
        }
    }
    std::fs::create_dir_all(dir.join(crate::BLOB_DIR)).map_err(io(dir))?;
    let manifest =
        manifest.ok_or_else(|| invalid(format!("{} has no manifest.json", file.display())))?;
    if !has_db {
        return Err(invalid(format!("{} has no project.sqlite", file.display())));
    }
    if manifest.format > BUNDLE_FORMAT || manifest.schema_version > LATEST_SCHEMA_VERSION {
        return Err(invalid(format!(
            "{} was made by a newer ModelDesk (bundle format {}, schema {}); update to import it",
            file.display(),
            manifest.format,
            manifest.schema_version
        )));
    }
    Ok(manifest)
}

/// SHA-256s of the blobs under `root`.
fn list_blobs(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(root) else {
        return Ok(out);
    };
    for dir in dirs.flatten() {
        for blob in std::fs::read_dir(dir.path())
            .map_err(io(&dir.path()))?
            .flatten()
        {
            out.push(blob.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_well_formed_blob_entries_are_accepted() {
        let sha = "ab".to_owned() + &"0".repeat(62);
        assert_eq!(
            super::blob_entry(&format!("blobs/ab/{sha}")),
            Some(sha.as_str())
        );
        assert!(super::blob_entry(&format!("blobs/cd/{sha}")).is_none());
        assert!(super::blob_entry("blobs/ab/../../etc/passwd").is_none());
        assert!(super::blob_entry(&format!("/blobs/ab/{sha}")).is_none());
        assert!(super::blob_entry(&format!("blobs/ab/{}", sha.to_uppercase())).is_none());
    }
}
