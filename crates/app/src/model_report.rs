//! The model report from the project: the model's bundle contents plus its training data's
//! profile, as one self-contained HTML file.

use std::path::Path;

use modeldesk_data::{CancelToken, ColumnProfile, Progress};
use modeldesk_report::{ProfileColumn, ReportOptions};

use crate::{AppError, BundleOptions, Result, Workspace};

/// A column profile as the report shows it.
fn profile_column(p: &ColumnProfile) -> ProfileColumn {
    let flags = p
        .flags
        .iter()
        .map(|f| match f {
            modeldesk_data::ColumnFlag::LikelyPersonalData => format!(
                "likely personal data{}",
                p.personal_data_reason
                    .as_ref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
            other => serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace(['_', '-'], " ")))
                .unwrap_or_default(),
        })
        .collect();
    ProfileColumn {
        name: p.name.clone(),
        kind: p.ty.name().to_owned(),
        nulls: p.nulls,
        distinct: p.distinct,
        min_mean_max: p.numeric.as_ref().map(|n| [n.min, n.mean, n.max]),
        top: p
            .top_values
            .iter()
            .take(5)
            .map(|v| v.value.clone())
            .collect(),
        flags,
    }
}

/// Where the report goes: an HTML file, a PDF file, or both.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportTargets<'a> {
    /// The HTML file.
    pub html: Option<&'a Path>,
    /// The PDF file.
    pub pdf: Option<&'a Path>,
}

/// The files a report was written to, with their sizes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WrittenReport {
    /// The HTML file and its size.
    #[cfg_attr(feature = "specta", specta(type = Option<(String, specta_typescript::Number)>))]
    pub html: Option<(String, u64)>,
    /// The PDF file and its size.
    #[cfg_attr(feature = "specta", specta(type = Option<(String, specta_typescript::Number)>))]
    pub pdf: Option<(String, u64)>,
}

impl Workspace {
    /// The model's bundle contents and its training data's profile: what a report shows.
    fn report_inputs(
        &self,
        model: &str,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<(modeldesk_report::ModelBundle, Vec<ProfileColumn>)> {
        let (bundle, _) = self.model_bundle(model, &BundleOptions::default(), progress, cancel)?;
        let profile: Vec<ProfileColumn> = match &bundle.card.dataset {
            Some(d) => self
                .dataset_profile(&format!("{}@{}", d.name, d.version), progress, cancel)?
                .columns
                .iter()
                .map(profile_column)
                .collect(),
            None => Vec::new(),
        };
        Ok((bundle, profile))
    }

    /// The model's report as one self-contained HTML document (its bundle's contents plus the
    /// training data's profile); notes and card Markdown are rendered without remote images.
    pub fn model_report(
        &self,
        model: &str,
        options: &ReportOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<String> {
        let (bundle, profile) = self.report_inputs(model, progress, cancel)?;
        Ok(render_html(&bundle, &profile, options))
    }

    /// Writes the model's report as HTML and/or PDF (refusing to replace a file unless
    /// `overwrite`; nothing is written unless every target is free).
    pub fn write_model_report(
        &self,
        model: &str,
        targets: ReportTargets<'_>,
        options: &ReportOptions,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<WrittenReport> {
        let paths = [targets.html, targets.pdf];
        if paths.iter().all(Option::is_none) {
            return Err(AppError::Invalid {
                field: "report",
                reason: "give an HTML or a PDF file to write (--html, --pdf)".to_owned(),
            });
        }
        if let Some(taken) = paths.iter().flatten().find(|p| p.exists() && !overwrite) {
            return Err(modeldesk_report::ReportError::Exists(taken.to_path_buf()).into());
        }
        let (bundle, profile) = self.report_inputs(model, progress, cancel)?;
        let write = |path: &Path, bytes: &[u8]| -> Result<(String, u64)> {
            std::fs::write(path, bytes).map_err(|source| AppError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            Ok((path.display().to_string(), bytes.len() as u64))
        };
        let html = match targets.html {
            Some(p) => Some(write(
                p,
                render_html(&bundle, &profile, options).as_bytes(),
            )?),
            None => None,
        };
        let pdf = match targets.pdf {
            Some(p) => Some(write(
                p,
                &modeldesk_report::report_pdf(&bundle, &profile, options)?,
            )?),
            None => None,
        };
        Ok(WrittenReport { html, pdf })
    }
}

impl Workspace {
    /// Writes the model's report into the project's `exports/` folder
    /// (`<model>-report.html` / `.pdf`, numbered when taken).
    pub fn write_model_report_to_project(
        &self,
        model: &str,
        (html, pdf): (bool, bool),
        options: &ReportOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<WrittenReport> {
        let stem = format!("{}-report", self.store()?.resolve_model(model)?.name);
        let mut reserved = Vec::new();
        for (wanted, extension) in [(html, "html"), (pdf, "pdf")] {
            reserved.push(if wanted {
                Some(self.new_export_file(&stem, extension)?.0)
            } else {
                None
            });
        }
        let targets = ReportTargets {
            html: reserved[0].as_deref(),
            pdf: reserved[1].as_deref(),
        };
        let written = self.write_model_report(model, targets, options, true, progress, cancel);
        if written.is_err() {
            // The reserved names go with the failed report.
            for path in reserved.iter().flatten() {
                let _ = std::fs::remove_file(path);
            }
        }
        written
    }
}

/// The HTML report with Markdown rendered the app's way (sanitised, no remote images).
fn render_html(
    bundle: &modeldesk_report::ModelBundle,
    profile: &[ProfileColumn],
    options: &ReportOptions,
) -> String {
    modeldesk_report::report_html(bundle, profile, options, &|md| {
        crate::markdown::render(md, false)
    })
}
