//! The model bundle file (`.mdbundle`): a zip whose first entry, `manifest.json`, lists every
//! other entry with its size and SHA-256. Written deterministically (fixed entry order, fixed
//! timestamps and permissions, sorted keys where order is free), so the same model gives the
//! same bytes and bundles diff cleanly. Read with every check a file from someone else
//! deserves: a truncated or altered file, an unexpected or path-traversing entry, an entry
//! that expands past the limits (a zip bomb), or a newer format is refused with a message
//! naming the problem, and nothing is opened.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    BundleMetrics, BundleNote, ModelCard, ReportError, Result, ShapSummary, card_markdown,
};

/// The bundle format this version writes (and the newest it reads).
pub const BUNDLE_FORMAT: u32 = 1;

/// The manifest's `kind`: tells a model bundle from other zips (and project bundles).
pub const BUNDLE_KIND: &str = "modeldesk-model-bundle";

const MANIFEST: &str = "manifest.json";
const MODEL: &str = "model.onnx";
const CARD_MD: &str = "model-card.md";
const CARD_JSON: &str = "model-card.json";
const METRICS: &str = "metrics.json";
const SAMPLES: &str = "samples.csv";
const SHAP: &str = "shap-summary.json";
const NOTES: &str = "notes.json";

/// Every entry a bundle may hold besides the manifest, in the order they are written.
const ENTRIES: [&str; 7] = [MODEL, CARD_MD, CARD_JSON, METRICS, SAMPLES, SHAP, NOTES];

/// Entry names with their bytes, in write order.
type Entries = Vec<(&'static str, Vec<u8>)>;

/// A model with everything a colleague needs to use and trust it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelBundle {
    /// The model card.
    pub card: ModelCard,
    /// The ONNX model (preprocessing included), loadable by plain ONNX Runtime and Netron.
    pub onnx: Vec<u8>,
    /// Metrics per part and the training curve.
    pub metrics: BundleMetrics,
    /// A few input rows as CSV (personal-data columns left out unless the exporter opted in).
    pub samples_csv: String,
    /// The SHAP summary, when the model was explained.
    pub shap: Option<ShapSummary>,
    /// Notes about the model.
    pub notes: Vec<BundleNote>,
}

/// One entry of a bundle as the manifest lists it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleFile {
    /// Entry name.
    pub path: String,
    /// Size in bytes.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub bytes: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

/// `manifest.json`: what the bundle is and the checksum of every entry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleManifest {
    /// Always [`BUNDLE_KIND`].
    pub kind: String,
    /// Format version.
    pub format: u32,
    /// The model's name.
    pub model: String,
    /// When the model was made (the bundle carries no export time, so it stays reproducible).
    pub created_at: String,
    /// `ModelDesk <version>`.
    pub generator: String,
    /// Every other entry.
    pub files: Vec<BundleFile>,
}

/// Limits on what reading a bundle accepts.
#[derive(Debug, Clone, Copy)]
pub struct BundleLimits {
    /// Total bytes all entries may expand to.
    pub max_bytes: u64,
}

impl Default for BundleLimits {
    fn default() -> Self {
        Self { max_bytes: 4 << 30 }
    }
}

fn to_json<T: Serialize>(what: &'static str, value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| ReportError::Serialise {
        what,
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// SHA-256 of `bytes`, lowercase hex (as the manifest and the project's blob store name them).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl ModelBundle {
    /// The entries (name, bytes) in write order, the manifest last.
    fn entries(&self) -> Result<(Entries, BundleManifest)> {
        let card_md = card_markdown(&self.card, &self.metrics, self.shap.as_ref(), &self.notes);
        let mut entries = vec![
            (MODEL, self.onnx.clone()),
            (CARD_MD, card_md.into_bytes()),
            (CARD_JSON, to_json("the model card", &self.card)?),
            (METRICS, to_json("the metrics", &self.metrics)?),
            (SAMPLES, self.samples_csv.clone().into_bytes()),
        ];
        if let Some(shap) = &self.shap {
            entries.push((SHAP, to_json("the SHAP summary", shap)?));
        }
        entries.push((NOTES, to_json("the notes", &self.notes)?));
        let manifest = BundleManifest {
            kind: BUNDLE_KIND.to_owned(),
            format: BUNDLE_FORMAT,
            model: self.card.name.clone(),
            created_at: self.card.created_at.clone(),
            generator: format!("ModelDesk {}", self.card.app_version),
            files: entries
                .iter()
                .map(|(name, bytes)| BundleFile {
                    path: (*name).to_owned(),
                    bytes: bytes.len() as u64,
                    sha256: sha256_hex(bytes),
                })
                .collect(),
        };
        Ok((entries, manifest))
    }

    /// The manifest this bundle is written with (entries, sizes, checksums).
    pub fn manifest(&self) -> Result<BundleManifest> {
        Ok(self.entries()?.1)
    }

    /// The model card as Markdown (what `model-card.md` holds).
    pub fn card_markdown(&self) -> String {
        card_markdown(&self.card, &self.metrics, self.shap.as_ref(), &self.notes)
    }
}

/// Writes `bundle` to `out` (atomically: a partial file never remains); refuses to replace an
/// existing file unless `overwrite`. Returns the manifest written.
pub fn write_bundle(bundle: &ModelBundle, out: &Path, overwrite: bool) -> Result<BundleManifest> {
    if out.exists() && !overwrite {
        return Err(ReportError::Exists(out.to_path_buf()));
    }
    let (entries, manifest) = bundle.entries()?;
    let partial = out.with_extension("mdbundle.partial");
    let written = write_zip(&partial, &manifest, &entries)
        .and_then(|()| std::fs::rename(&partial, out).map_err(ReportError::io(out)));
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written.map(|()| manifest)
}

fn write_zip(path: &Path, manifest: &BundleManifest, entries: &Entries) -> Result<()> {
    let zip_err = |e: zip::result::ZipError| ReportError::bad(path, e.to_string());
    let mut zip = zip::ZipWriter::new(File::create(path).map_err(ReportError::io(path))?);
    // Fixed time and mode: the same bundle gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file(MANIFEST, options).map_err(zip_err)?;
    zip.write_all(&to_json("the manifest", manifest)?)
        .map_err(ReportError::io(path))?;
    for (name, bytes) in entries {
        zip.start_file(*name, options).map_err(zip_err)?;
        zip.write_all(bytes).map_err(ReportError::io(path))?;
    }
    zip.finish().map_err(zip_err)?;
    Ok(())
}

/// Reads and checks a bundle: every entry listed in the manifest with the right size and
/// checksum, nothing else in the archive, nothing larger than `limits`.
pub fn read_bundle(path: &Path, limits: BundleLimits) -> Result<(BundleManifest, ModelBundle)> {
    let file = File::open(path).map_err(ReportError::io(path))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| {
        ReportError::bad(
            path,
            format!("not a readable bundle (truncated, or not a zip file): {e}"),
        )
    })?;
    // Names first: nothing is read from an archive with an entry a bundle never has.
    for name in zip.file_names() {
        let name =
            name.map_err(|e| ReportError::bad(path, format!("an entry name is unreadable: {e}")))?;
        let name = name.as_ref();
        if name != MANIFEST && !ENTRIES.contains(&name) {
            let why = if name.contains("..") || name.starts_with('/') || name.contains('\\') {
                "a path outside the bundle"
            } else {
                "not part of a model bundle"
            };
            return Err(ReportError::bad(path, format!("entry {name:?} is {why}")));
        }
    }
    let mut budget = limits.max_bytes;
    let manifest_bytes = read_entry(&mut zip, path, MANIFEST, 1 << 20, &mut budget)?;
    let manifest: BundleManifest = parse(path, MANIFEST, &manifest_bytes)?;
    if manifest.kind != BUNDLE_KIND {
        return Err(ReportError::bad(
            path,
            format!("manifest.json says {:?}, not a model bundle", manifest.kind),
        ));
    }
    if manifest.format > BUNDLE_FORMAT {
        return Err(ReportError::TooNew {
            path: path.to_path_buf(),
            found: manifest.format,
            supported: BUNDLE_FORMAT,
        });
    }
    let mut contents = std::collections::BTreeMap::new();
    for f in &manifest.files {
        if !ENTRIES.contains(&f.path.as_str()) || contents.contains_key(f.path.as_str()) {
            return Err(ReportError::bad(
                path,
                format!(
                    "manifest.json lists {:?}, which a model bundle never holds",
                    f.path
                ),
            ));
        }
        let bytes = read_entry(&mut zip, path, &f.path, f.bytes, &mut budget)?;
        if bytes.len() as u64 != f.bytes || sha256_hex(&bytes) != f.sha256 {
            return Err(ReportError::bad(
                path,
                format!(
                    "{} does not match its checksum in manifest.json (the file was altered or damaged)",
                    f.path
                ),
            ));
        }
        contents.insert(f.path.as_str(), bytes);
    }
    if zip.len() != manifest.files.len() + 1 {
        return Err(ReportError::bad(
            path,
            "the archive holds entries manifest.json does not list",
        ));
    }
    let mut take = |name: &str| {
        contents
            .remove(name)
            .ok_or_else(|| ReportError::bad(path, format!("{name} is missing")))
    };
    let onnx = take(MODEL)?;
    let card = parse(path, CARD_JSON, &take(CARD_JSON)?)?;
    let metrics = parse(path, METRICS, &take(METRICS)?)?;
    let samples_csv = String::from_utf8(take(SAMPLES)?)
        .map_err(|_| ReportError::bad(path, "samples.csv is not UTF-8 text"))?;
    let notes = parse(path, NOTES, &take(NOTES)?)?;
    let shap = match contents.remove(SHAP) {
        Some(bytes) => Some(parse(path, SHAP, &bytes)?),
        None => None,
    };
    Ok((
        manifest,
        ModelBundle {
            card,
            onnx,
            metrics,
            samples_csv,
            shap,
            notes,
        },
    ))
}

/// Reads one entry, at most `expected` bytes (plus one, to see an overflow) and at most what is
/// left of `budget` — whatever sizes the archive claims.
fn read_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &Path,
    name: &str,
    expected: u64,
    budget: &mut u64,
) -> Result<Vec<u8>> {
    let mut entry = zip
        .by_name(name)
        .map_err(|e| ReportError::bad(path, format!("{name} is missing or unreadable: {e}")))?;
    let cap = expected.min(*budget);
    let mut bytes = Vec::new();
    (&mut entry)
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReportError::bad(path, format!("{name} is damaged: {e}")))?;
    if bytes.len() as u64 > cap {
        let reason = if cap < expected {
            format!("{name} expands past the size limit (a zip bomb?)")
        } else {
            format!("{name} is larger than manifest.json says ({expected} bytes)")
        };
        return Err(ReportError::bad(path, reason));
    }
    *budget -= bytes.len() as u64;
    Ok(bytes)
}

fn parse<T: DeserializeOwned>(path: &Path, name: &str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes)
        .map_err(|e| ReportError::bad(path, format!("{name} is not valid: {e}")))
}
