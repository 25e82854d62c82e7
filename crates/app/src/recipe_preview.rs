//! What a prep recipe would do, shown before it is applied: the recipe fitted on the first
//! rows of a dataset version and its result, nothing stored.

use modeldesk_data::recipe::{self, read_table_head};
use modeldesk_data::table_page;
use serde::Serialize;

use crate::{PrepStep, Result, RowWindow, Workspace};

/// Rows of a dataset a preview fits and applies the recipe on.
pub const PREVIEW_SAMPLE_ROWS: usize = 5_000;

/// A recipe's effect on a sample of a dataset.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipePreview {
    /// The first rows of the prepared sample, with its columns; `totalRows` counts the
    /// sample's rows left after the recipe's row steps.
    pub window: RowWindow,
    /// Rows in the sample before the recipe.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub sample_rows: u64,
    /// Columns before the recipe.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub columns_before: u64,
    /// The steps with the parameters fitted on the sample (the stored version fits them
    /// again on all rows, or on the training part of the split).
    pub fitted: Vec<PrepStep>,
}

impl Workspace {
    /// Fits `steps` on the first [`PREVIEW_SAMPLE_ROWS`] rows of `reference` and returns the
    /// first `rows` rows of the result. An error names the step that failed.
    pub fn preview_recipe(
        &self,
        reference: &str,
        steps: &[PrepStep],
        rows: usize,
    ) -> Result<RecipePreview> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        let sample = read_table_head(
            &store.blobs().path(&version.blob_sha256)?,
            Some(PREVIEW_SAMPLE_ROWS),
        )?;
        let (sample_rows, columns_before) = (sample.rows() as u64, sample.columns.len() as u64);
        let (fitted, prepared) = recipe::fit(steps, sample)?;
        Ok(RecipePreview {
            window: table_page(&prepared, rows).into(),
            sample_rows,
            columns_before,
            fitted,
        })
    }
}
