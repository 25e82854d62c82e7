//! A model bundle opened outside any project — what the viewer does with a file a colleague
//! sent: its contents checked, its model loaded in ONNX Runtime, predictions on a data file
//! (saved as CSV or Parquet), and one row's SHAP values against the bundle's sample rows.

use std::path::{Path, PathBuf};

use modeldesk_data::recipe::{Table, import_table};
use modeldesk_data::{ExportFormat, ImportOptions, NoProgress, Progress, export_table};
use modeldesk_explain::agnostic::{Method, shapley_values};
use modeldesk_report::{BundleLimits, BundleManifest, ModelBundle, ModelCard};
use modeldesk_runtime::{Runtime, RuntimeOptions};
use modeldesk_train::CancelToken;

use crate::agnostic::OrtGame;
use crate::byo::ServingPlan;
use crate::serving::{OutputSpec, detect_outputs};
use crate::{AppError, Result};

/// How a bundle's model outputs are read: as detected from the graph, with the task and class
/// labels its card states.
pub(crate) fn bundle_output_spec(
    card: &ModelCard,
    outputs: &[modeldesk_runtime::TensorSpec],
) -> OutputSpec {
    bundle_output_spec_from(card, detect_outputs(outputs, &card.classes))
}

/// `spec` (as detected from the graph) with the task and class labels the card states.
pub(crate) fn bundle_output_spec_from(card: &ModelCard, mut spec: OutputSpec) -> OutputSpec {
    if !card.task.is_empty() {
        spec.task.clone_from(&card.task);
    }
    if spec.classes.is_empty() {
        spec.classes.clone_from(&card.classes);
    }
    spec
}

/// A checked bundle with its model loaded.
pub struct OpenedBundle {
    /// The file.
    pub path: PathBuf,
    /// Its manifest.
    pub manifest: BundleManifest,
    /// Its contents.
    pub bundle: ModelBundle,
    plan: ServingPlan,
    /// The sample rows (the background of row explanations), when the bundle has any.
    background: Option<Table>,
}

impl std::fmt::Debug for OpenedBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedBundle")
            .field("path", &self.path)
            .field("model", &self.manifest.model)
            .finish_non_exhaustive()
    }
}

/// A data file with the bundle model's predictions added.
#[derive(Debug, Clone)]
pub struct BundlePredictions {
    /// The data file predicted.
    pub source: PathBuf,
    /// Its rows with the prediction columns added.
    pub table: Table,
    /// The prediction columns' names.
    pub added: Vec<String>,
}

impl BundlePredictions {
    /// Rows.
    pub fn rows(&self) -> usize {
        self.table.rows()
    }

    /// Column names, the prediction columns last.
    pub fn columns(&self) -> Vec<&str> {
        self.table.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// One cell as text (missing → empty).
    pub fn cell(&self, row: usize, column: usize) -> String {
        self.table
            .arrays
            .get(column)
            .filter(|a| row < a.len())
            .map(|a| modeldesk_data::cell_text(a, row))
            .unwrap_or_default()
    }
}

/// One row's SHAP values (model-agnostic, against the bundle's sample rows).
#[derive(Debug, Clone, PartialEq)]
pub struct RowExplanation {
    /// The model's input columns, in value order.
    pub columns: Vec<String>,
    /// What each output is (the positive class, every class, or the prediction).
    pub outputs: Vec<String>,
    /// The expected output over the sample rows, per output.
    pub base: Vec<f64>,
    /// `values[k * columns + c]`.
    pub values: Vec<f64>,
    /// The method used (`exact` up to 12 columns, `permutation` above).
    pub method: String,
}

/// Reads a small CSV held in memory as a table (through a scratch file: the importer streams
/// from files).
fn csv_table(text: &str) -> Result<Option<Table>> {
    if text.lines().nth(1).is_none() {
        return Ok(None);
    }
    let dir = tempfile::tempdir().map_err(|source| AppError::Io {
        path: std::env::temp_dir(),
        source,
    })?;
    let path = dir.path().join("samples.csv");
    std::fs::write(&path, text).map_err(|source| AppError::Io {
        path: path.clone(),
        source,
    })?;
    let (_, table) = import_table(
        &path,
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )?;
    Ok(Some(table))
}

impl OpenedBundle {
    /// Reads and checks a bundle and loads its model in ONNX Runtime.
    pub fn open(path: &Path, runtime: &RuntimeOptions) -> Result<Self> {
        let (manifest, bundle) = modeldesk_report::read_bundle(path, BundleLimits::default())?;
        let label = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let session = Runtime::global(runtime)?
            .model_with(&bundle.onnx, &label, runtime.session)
            .map_err(|e| AppError::Invalid {
                field: "bundle",
                reason: format!(
                    "{}: ONNX Runtime cannot load its model: {e}",
                    path.display()
                ),
            })?;
        let outputs = bundle_output_spec(&bundle.card, session.outputs());
        let background = csv_table(&bundle.samples_csv)?;
        Ok(Self {
            path: path.to_path_buf(),
            plan: ServingPlan {
                session,
                mapping: None,
                outputs,
                target: Some(bundle.card.target.clone()),
                feature_names: bundle.card.inputs.iter().map(|c| c.name.clone()).collect(),
            },
            manifest,
            bundle,
            background,
        })
    }

    /// Predicts every row of a data file (any format ModelDesk imports).
    pub fn predict_file(
        &self,
        input: &Path,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<BundlePredictions> {
        let (_, table) = import_table(input, &ImportOptions::default(), progress, cancel)?;
        let predictions = self.plan.predict(&table, true, progress, cancel)?;
        let (table, added) =
            crate::models::with_predictions(table, &self.plan.outputs, predictions, input)?;
        Ok(BundlePredictions {
            source: input.to_path_buf(),
            table,
            added,
        })
    }

    /// Writes predictions to `out` (Parquet for a `.parquet` name, else CSV).
    pub fn save_predictions(
        predictions: &BundlePredictions,
        out: &Path,
        overwrite: bool,
    ) -> Result<u64> {
        let format = if out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        {
            ExportFormat::Parquet
        } else {
            ExportFormat::Csv
        };
        Ok(export_table(
            &predictions.table,
            out,
            format,
            overwrite,
            &NoProgress,
            &CancelToken::new(),
        )?)
    }

    /// SHAP values of one predicted row: exact Shapley values (permutations above 12 columns)
    /// of the served model, each absent column taking the bundle's sample rows' values.
    pub fn explain_row(
        &self,
        predictions: &BundlePredictions,
        row: usize,
        cancel: &CancelToken,
    ) -> Result<RowExplanation> {
        let background = self.background.as_ref().ok_or_else(|| AppError::Invalid {
            field: "bundle",
            reason: format!(
                "{} has no sample rows to compare a row with",
                self.path.display()
            ),
        })?;
        if row >= predictions.table.rows() {
            return Err(AppError::Invalid {
                field: "row",
                reason: format!(
                    "row {row} does not exist ({} rows)",
                    predictions.table.rows()
                ),
            });
        }
        let mapping = self.plan.mapping_for(&predictions.table)?;
        let names = OrtGame::feature_columns(&mapping);
        let missing = |what: &str| AppError::Invalid {
            field: "columns",
            reason: format!("{what} lacks a column the model reads"),
        };
        let one = crate::serving::slice(&predictions.table, row, 1);
        let x = OrtGame::arrays(&one, &names).ok_or_else(|| missing("the data"))?;
        let bg = OrtGame::arrays(background, &names)
            .ok_or_else(|| missing("the bundle's sample rows"))?;
        let columns = names
            .iter()
            .filter_map(|n| one.columns.iter().find(|c| &c.name == n).cloned())
            .collect();
        let game = OrtGame {
            session: std::sync::Arc::clone(&self.plan.session),
            mapping,
            outputs: self.plan.outputs.clone(),
            columns,
            x,
            background: bg,
            weights: None,
            cancel: cancel.clone(),
        };
        let method = Method::Auto.resolve(names.len());
        let shap = shapley_values(&game, 1, names.clone(), method, &|_, _| {}, cancel)?;
        let outputs = match self.plan.outputs.task()? {
            modeldesk_train::Task::Binary => {
                vec![
                    self.plan
                        .outputs
                        .classes
                        .get(1)
                        .cloned()
                        .unwrap_or_default(),
                ]
            }
            modeldesk_train::Task::Multiclass => self.plan.outputs.classes.clone(),
            modeldesk_train::Task::Regression => vec![self.bundle.card.target.clone()],
        };
        Ok(RowExplanation {
            columns: names,
            outputs,
            base: shap.base,
            values: shap.values,
            method: method.name().to_owned(),
        })
    }
}
