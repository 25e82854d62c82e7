//! Import round trips, dialect sniffing and every bad-input case, on real files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
#![allow(clippy::format_push_string, clippy::too_many_lines)] // test files built line by line
#![allow(
    clippy::float_cmp,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)] // exact values are the point

mod bad_input;
mod blocks;
mod excel;
mod formats;
mod images;
mod json;
mod parquet;
mod profile;
mod recipe;
mod roundtrip;
mod split;

use std::path::{Path, PathBuf};

use modeldesk_data::{
    CancelToken, DataError, ImportOptions, ImportReport, NoProgress, RowPage, WarningKind,
    import_file, read_rows,
};

/// A temp folder holding one source file.
pub struct Source {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The file.
    pub path: PathBuf,
}

/// Writes `bytes` to a file called `name` in a fresh temp folder.
pub fn source(name: &str, bytes: impl AsRef<[u8]>) -> Source {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Source { dir, path }
}

/// Imports `path`; on success also reads every row back from the Parquet snapshot.
pub fn import(path: &Path, options: &ImportOptions) -> Result<(ImportReport, RowPage), DataError> {
    let (report, parquet) =
        import_file(path, options, Vec::new(), &NoProgress, &CancelToken::new())?;
    let out = path.with_extension("snapshot.parquet");
    std::fs::write(&out, parquet).unwrap();
    let page = read_rows(&out, 0, usize::MAX).unwrap();
    assert_eq!(page.total_rows, report.rows);
    Ok((report, page))
}

/// A warning's kind, first line, column and count, as tests compare them.
pub type WarningSeen = (WarningKind, Option<u64>, Option<String>, u64);

/// The report's warnings as [`WarningSeen`]s, in order.
pub fn warnings_seen(report: &ImportReport) -> Vec<WarningSeen> {
    report
        .warnings
        .iter()
        .map(|w| (w.kind, w.first_line, w.column.clone(), w.count))
        .collect()
}

/// Imports with default options, panicking on error.
pub fn import_ok(name: &str, bytes: impl AsRef<[u8]>) -> (ImportReport, RowPage) {
    let src = source(name, bytes);
    import(&src.path, &ImportOptions::default()).unwrap()
}

/// Imports CSV `text` (default options) and returns the folder and its Parquet snapshot.
pub fn snapshot_of(text: &str) -> (tempfile::TempDir, PathBuf) {
    let src = source("s.csv", text);
    let (_, bytes) = import_file(
        &src.path,
        &ImportOptions::default(),
        Vec::new(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    let parquet = src.dir.path().join("s.parquet");
    std::fs::write(&parquet, bytes).unwrap();
    (src.dir, parquet)
}

#[test]
fn every_importable_extension_has_a_format_and_others_are_refused() {
    use modeldesk_data::{IMPORTABLE_EXTENSIONS, SourceFormat};
    for ext in IMPORTABLE_EXTENSIONS {
        let upper = format!("data.{}", ext.to_ascii_uppercase());
        assert!(SourceFormat::of(Path::new(&upper)).is_ok(), "{ext}");
    }
    assert!(SourceFormat::of(Path::new("model.onnx")).is_err());
}
