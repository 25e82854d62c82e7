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

impl Workspace {
    /// The model's report as one self-contained HTML document (its bundle's contents plus the
    /// training data's profile); notes and card Markdown are rendered without remote images.
    pub fn model_report(
        &self,
        model: &str,
        options: &ReportOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<String> {
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
        Ok(modeldesk_report::report_html(
            &bundle,
            &profile,
            options,
            &|md| crate::markdown::render(md, false),
        ))
    }

    /// Writes the model's HTML report to `out` (refusing to replace a file unless `overwrite`).
    pub fn write_model_report(
        &self,
        model: &str,
        out: &Path,
        options: &ReportOptions,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<u64> {
        if out.exists() && !overwrite {
            return Err(modeldesk_report::ReportError::Exists(out.to_path_buf()).into());
        }
        let html = self.model_report(model, options, progress, cancel)?;
        std::fs::write(out, &html).map_err(|source| AppError::Io {
            path: out.to_path_buf(),
            source,
        })?;
        Ok(html.len() as u64)
    }
}
