//! ModelDesk exports for colleagues: the model bundle (`.mdbundle`, a zip with a manifest and
//! checksums) written deterministically and read back with every check a file from someone
//! else deserves, and the model card (Hugging Face style Markdown with YAML front matter).
//!
//! It also writes the report: one self-contained HTML file with inline SVG charts.
//!
//! This crate knows nothing of the project store: the app assembles a [`ModelBundle`] from
//! it, and the viewer reads one without a project.

mod bundle;
mod card;
mod contents;
mod document;
mod error;
mod html;
mod pdf;
mod svg;

pub use bundle::{
    BUNDLE_FORMAT, BUNDLE_KIND, BundleFile, BundleLimits, BundleManifest, ModelBundle, read_bundle,
    sha256_hex, write_bundle,
};
pub use card::{
    DatasetRef, InputColumn, ModelCard, ReviewSummary, card_markdown, metric_rows, metric_values,
};
pub use contents::{BundleMetrics, BundleNote, CurvePoint, Importance, ShapSample, ShapSummary};
pub use document::{ProfileColumn, ReportOptions, Section, Theme};
pub use error::{ReportError, Result};
pub use html::report_html;
pub use pdf::report_pdf;
