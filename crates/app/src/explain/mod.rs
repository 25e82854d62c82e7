//! Explaining a stored model on a dataset: SHAP values per row (written to a file, one column
//! per raw column), global importance, additivity — the Explain panel's and CLI's backend.

mod summary;
mod tables;
mod trees;
mod values;

use std::path::{Path, PathBuf};

use modeldesk_data::recipe::{Table, read_table};
use modeldesk_data::{ColumnSchema, ExportFormat, JobProgress, Progress, export_table};
use modeldesk_explain::agnostic::{Method, shapley_values};
use modeldesk_explain::interventional::interventional_values;
use modeldesk_explain::summary::{dependence_colours, strongest_interactions};
use modeldesk_explain::{ShapValues, interaction_values, shap_values};
use modeldesk_runtime::RuntimeOptions;
use modeldesk_train::{CancelToken, Matrix, ModelBody, Task, TrainedModel, encode};
use serde::{Deserialize, Serialize};

use crate::agnostic::OrtGame;
use crate::{AppError, Result, Workspace};

/// Background rows sampled for model-agnostic SHAP when none are given.
pub const DEFAULT_BACKGROUND: usize = 100;
/// Orders sampled per row by the permutation method when not given.
pub const DEFAULT_PERMUTATIONS: usize = 10;

/// How to explain (every field optional).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExplainOptions {
    /// `auto` (TreeSHAP or Linear SHAP for models trained here that have them, interventional
    /// TreeSHAP for imported tree ensembles, else exact Shapley values up to 12 columns and
    /// permutations above), `tree`, `linear`, `exact`,
    /// `permutation`, `kernel`.
    pub method: Option<String>,
    /// Background rows for model-agnostic methods: an evenly spaced sample of this many rows
    /// of the explained dataset (default 100).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub background: Option<usize>,
    /// A dataset whose rows are the background, exactly (instead of a sample).
    pub background_data: Option<String>,
    /// Summarise the explained dataset by this many k-means clusters (observed values,
    /// weighted by cluster size) instead of sampling rows.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub background_kmeans: Option<usize>,
    /// Orders sampled per row by the permutation method (each walked both ways; default 10).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub permutations: Option<usize>,
    /// Coalitions sampled per row by the kernel method (default 2 × columns + 2,048).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub samples: Option<usize>,
    /// Also compute SHAP interaction values (boosted trees trained here).
    pub interactions: bool,
}

/// Which rows to explain: `start..end` of the dataset (all rows when `None`).
pub type RowRange = Option<(u64, u64)>;

pub use modeldesk_report::Importance;

/// What an explanation produced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainSummary {
    /// Rows explained.
    pub rows: usize,
    /// The method used (`tree`, `tree-interventional`, `linear`, `exact`, `permutation`,
    /// `kernel`).
    pub method: String,
    /// The output space of the values (`log-odds`, `logits`, `probability`, `value`).
    pub output_space: String,
    /// Background rows (model-agnostic methods).
    pub background: Option<usize>,
    /// Base value per output.
    pub base: Vec<f64>,
    /// Raw columns by mean |SHAP|, largest first.
    pub importance: Vec<Importance>,
    /// Largest |base + Σφ − model output| (additivity check).
    pub max_additivity_error: f64,
    /// The SHAP file written, if any.
    pub out: Option<PathBuf>,
    /// The interaction file written, if any.
    pub interactions_out: Option<PathBuf>,
    /// Time computing the SHAP values, in milliseconds.
    pub shap_ms: u64,
    /// Time computing the interaction values, in milliseconds.
    pub interactions_ms: Option<u64>,
}

/// SHAP values of a model on rows, by raw column — what the Explain panel draws.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainView {
    /// Raw columns, in value order.
    pub columns: Vec<String>,
    /// What each output is: the class labels (multiclass), or one entry (binary: the positive
    /// class; regression: the target).
    pub outputs: Vec<String>,
    /// Rows explained.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: usize,
    /// First dataset row explained.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub first_row: u64,
    /// `values[(row * outputs + k) * columns + c]`.
    pub values: Vec<f64>,
    /// Base value per output.
    pub base: Vec<f64>,
    /// `log-odds`, `logits`, `probability` or `value`.
    pub output_space: String,
    /// Columns by mean |SHAP|, largest first.
    pub importance: Vec<Importance>,
    /// Largest |base + Σφ − model output|.
    pub max_additivity_error: f64,
    /// The method used (`tree`, `tree-interventional`, `linear`, `exact`, `permutation`,
    /// `kernel`).
    pub method: String,
    /// Background rows (model-agnostic methods).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub background: Option<usize>,
    /// Each explained row's raw value per column, `[row * columns + c]`: numbers as they are,
    /// booleans 0/1, date-times in ms since 1970, labels as indices into `categories[c]`;
    /// null when missing or not shown.
    pub feature_values: Vec<Option<f64>>,
    /// Per column, the labels its `feature_values` index (empty for numeric columns).
    pub categories: Vec<Vec<String>>,
    /// Per output and column (`[k * columns + c]`), the column that colours the column's
    /// dependence plot: its strongest interaction (null when none shows).
    #[cfg_attr(feature = "specta", specta(type = Vec<Option<specta_typescript::Number>>))]
    pub dependence_color: Vec<Option<usize>>,
    /// Mean |SHAP interaction value| per pair of columns, `[i * columns + j]`, summed over
    /// outputs (the diagonal holds main effects) — when interactions were asked for.
    pub interactions: Option<Vec<f64>>,
    /// Whether the values were read back from the project (computed before) rather than now.
    pub stored: bool,
}

/// What computes the values.
enum Explainer {
    /// TreeSHAP or Linear SHAP on the trainer's own model and encoded rows.
    Exact { model: TrainedModel, x: Matrix },
    /// Shapley values of the served ONNX model over coalitions of raw columns.
    Agnostic {
        game: OrtGame,
        method: Method,
        task: Task,
        labels: Vec<String>,
        classes: Vec<String>,
    },
    /// Interventional TreeSHAP on the trees of a served ONNX tree ensemble.
    Trees {
        job: trees::TreeJob,
        labels: Vec<String>,
        classes: Vec<String>,
    },
}

impl std::fmt::Debug for Explainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exact { x, .. } => write!(f, "Exact({} rows)", x.rows),
            Self::Agnostic { game, method, .. } => {
                write!(f, "Agnostic({method:?}, {} rows)", game.rows())
            }
            Self::Trees { job, .. } => write!(f, "Trees({} trees)", job.ensemble.trees.len()),
        }
    }
}

/// An explanation ready to run (the model and the rows read), without the workspace.
#[derive(Debug)]
pub struct ExplainJob {
    explainer: Explainer,
    first_row: u64,
    /// The explained rows as stored (raw columns), for the values shown beside the SHAP values.
    table: Table,
    /// Whether interaction values are computed too.
    interactions: bool,
}

/// Values computed, with what is needed to show or write them.
struct Explained {
    shap: ShapValues,
    raw: RawShap,
    method: String,
    output_space: String,
    /// What each output is.
    labels: Vec<String>,
    /// Class per output (multiclass), for the written file.
    classes: Vec<String>,
    background: Option<usize>,
    shap_ms: u64,
    /// Interaction values of the model's features (trees, when asked) and the time they took.
    interactions: Option<(Vec<f64>, u64)>,
}

impl Explained {
    /// Values of a model whose features are the raw columns (a served model); `what` is the
    /// method and the output space, `outputs` the labels and classes.
    fn by_column(
        shap: ShapValues,
        (method, output_space): (&str, &str),
        (labels, classes): (&[String], &[String]),
        background: Option<usize>,
        shap_ms: u64,
    ) -> Self {
        Self {
            raw: RawShap {
                owner: (0..shap.features.len()).collect(),
                names: shap.features.clone(),
                values: shap.values.clone(),
            },
            method: method.to_owned(),
            output_space: output_space.to_owned(),
            labels: labels.to_vec(),
            classes: classes.to_vec(),
            background,
            shap,
            shap_ms,
            interactions: None,
        }
    }
}

impl ExplainJob {
    fn compute(&self, progress: &dyn Progress, cancel: &CancelToken) -> Result<Explained> {
        let report = |done: usize, total: usize| {
            progress.report(JobProgress {
                stage: "explain",
                done: done as u64,
                total: Some(total as u64),
                rows: done as u64,
            });
        };
        let started = std::time::Instant::now();
        let elapsed = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if self.interactions && !matches!(self.explainer, Explainer::Exact { .. }) {
            return Err(interactions_unsupported());
        }
        match &self.explainer {
            Explainer::Exact { model, x } => {
                let shap = shap_values(model, x, &report, cancel)?;
                let shap_ms = elapsed();
                let interactions = if self.interactions {
                    let report = |done: usize, total: usize| {
                        progress.report(JobProgress {
                            stage: "interactions",
                            done: done as u64,
                            total: Some(total as u64),
                            rows: done as u64,
                        });
                    };
                    let values = interaction_values(model, x, &report, cancel)?;
                    Some((values, elapsed() - shap_ms))
                } else {
                    None
                };
                let raw = regroup(model, &shap);
                let labels = match model.target.task {
                    Task::Multiclass => model.target.classes.clone(),
                    Task::Binary => model.target.classes.last().cloned().into_iter().collect(),
                    Task::Regression => vec![model.target.column.clone()],
                };
                Ok(Explained {
                    method: match model.body {
                        ModelBody::Gbdt(_) => "tree",
                        _ => "linear",
                    }
                    .to_owned(),
                    output_space: output_space(model.target.task).to_owned(),
                    labels,
                    classes: model.target.classes.clone(),
                    background: None,
                    shap,
                    raw,
                    shap_ms,
                    interactions,
                })
            }
            Explainer::Trees {
                job,
                labels,
                classes,
            } => {
                let shap = interventional_values(
                    &job.ensemble,
                    &job.targets,
                    job.names.clone(),
                    &job.x,
                    &job.background,
                    job.weights.as_deref(),
                    &report,
                    cancel,
                )?;
                Ok(Explained::by_column(
                    shap,
                    ("tree-interventional", job.output_space),
                    (labels, classes),
                    Some(job.background_rows),
                    elapsed(),
                ))
            }
            Explainer::Agnostic {
                game,
                method,
                task,
                labels,
                classes,
            } => {
                let names: Vec<String> = game.columns.iter().map(|c| c.name.clone()).collect();
                let shap = shapley_values(game, game.rows(), names, *method, &report, cancel)?;
                let space = if *task == Task::Regression {
                    "value"
                } else {
                    "probability"
                };
                Ok(Explained::by_column(
                    shap,
                    (method.name(), space),
                    (labels, classes),
                    game.background.first().map(|a| a.len()),
                    elapsed(),
                ))
            }
        }
    }

    /// Computes the SHAP values, reporting rows done.
    pub fn run(&self, progress: &dyn Progress, cancel: &CancelToken) -> Result<ExplainView> {
        let e = self.compute(progress, cancel)?;
        let c = e.raw.names.len();
        let (feature_values, categories) = values::feature_values(&self.table, &e.raw.names);
        let interactions = e.interactions.as_ref().map(|(values, _)| {
            interaction_matrix(values, e.shap.rows, e.shap.features.len(), &e.raw.owner, c)
        });
        let dependence_color = match &interactions {
            Some(m) => strongest_interactions(m, c).repeat(e.shap.outputs),
            None => (0..e.shap.outputs)
                .flat_map(|k| {
                    let phi: Vec<f64> = e
                        .raw
                        .values
                        .chunks(c.max(1))
                        .skip(k)
                        .step_by(e.shap.outputs.max(1))
                        .flatten()
                        .copied()
                        .collect();
                    dependence_colours(&phi, &feature_values, c)
                })
                .collect(),
        };
        Ok(ExplainView {
            importance: importance(&e.raw, e.shap.rows),
            feature_values,
            categories,
            dependence_color,
            interactions,
            stored: false,
            columns: e.raw.names,
            outputs: e.labels,
            rows: e.shap.rows,
            first_row: self.first_row,
            values: e.raw.values,
            base: e.shap.base,
            output_space: e.output_space,
            max_additivity_error: e.shap.max_additivity_error,
            method: e.method,
            background: e.background,
        })
    }
}

/// SHAP values regrouped by raw column (one-hot groups and renames mapped back).
struct RawShap {
    names: Vec<String>,
    /// The raw column of each model feature (index into `names`).
    owner: Vec<usize>,
    /// `[(row * outputs + k) * names + c]`.
    values: Vec<f64>,
}

fn regroup(model: &TrainedModel, shap: &ShapValues) -> RawShap {
    let source = |f: &str| {
        model
            .preprocess
            .as_ref()
            .map_or_else(|| f.to_owned(), |p| p.source_of(f))
    };
    let mut names: Vec<String> = Vec::new();
    let owner: Vec<usize> = shap
        .features
        .iter()
        .map(|f| {
            let s = source(f);
            names.iter().position(|n| *n == s).unwrap_or_else(|| {
                names.push(s);
                names.len() - 1
            })
        })
        .collect();
    let f = shap.features.len();
    let c = names.len();
    let mut values = vec![0.0; shap.rows * shap.outputs * c];
    for (i, phi) in shap.values.chunks(f.max(1)).enumerate() {
        for (j, v) in phi.iter().enumerate() {
            values[i * c + owner[j]] += v;
        }
    }
    RawShap {
        names,
        owner,
        values,
    }
}

/// Mean over rows of |interaction value| per pair of raw columns (model features' values summed
/// within each column's group), summed over outputs: `[i * columns + j]`.
#[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
fn interaction_matrix(
    values: &[f64],
    rows: usize,
    features: usize,
    owner: &[usize],
    columns: usize,
) -> Vec<f64> {
    let mut out = vec![0.0; columns * columns];
    let mut block = vec![0.0; columns * columns];
    for phi in values.chunks(features * features).filter(|_| features > 0) {
        block.fill(0.0);
        for (i, row) in phi.chunks(features).enumerate() {
            for (j, v) in row.iter().enumerate() {
                block[owner[i] * columns + owner[j]] += v;
            }
        }
        for (o, b) in out.iter_mut().zip(&block) {
            *o += b.abs();
        }
    }
    for v in &mut out {
        *v /= rows.max(1) as f64;
    }
    out
}

/// Interaction values apply to boosted trees trained here only.
fn interactions_unsupported() -> AppError {
    AppError::Invalid {
        field: "interactions",
        reason: "SHAP interaction values need a boosted-tree model trained here".into(),
    }
}

fn output_space(task: Task) -> &'static str {
    match task {
        Task::Binary => "log-odds",
        Task::Multiclass => "logits",
        Task::Regression => "value",
    }
}

/// `table` encoded for `model`: its columns when they are the model's, else the model's recipe
/// replayed on them (a raw version).
pub(crate) fn model_matrix(model: &TrainedModel, table: &Table) -> Result<Matrix> {
    Ok(match (encode(table, &model.features), &model.preprocess) {
        (Ok(x), _) => x,
        // Not the model's columns: the raw columns its recipe starts from? If not, the missing
        // model column is the clearer message.
        (Err(e), Some(p)) => p
            .apply(table.clone())
            .and_then(|t| encode(&t, &model.features))
            .map_err(|_| e)?,
        (Err(e), None) => return Err(e.into()),
    })
}

impl Workspace {
    /// The encoded rows of a dataset version for a model: the stored columns when they are the
    /// model's, else the model's recipe replayed on them (a raw version).
    /// Returns the rows as stored too.
    fn model_rows(
        &self,
        model: &TrainedModel,
        dataset: &str,
        range: RowRange,
    ) -> Result<(Table, Matrix)> {
        let store = self.store()?;
        let version = store.resolve_dataset(dataset)?;
        let table = slice_rows(
            &read_table(&store.blobs().path(&version.blob_sha256)?)?,
            range,
        )?;
        let x = model_matrix(model, &table)?;
        Ok((table, x))
    }

    /// SHAP values of `model` on rows of `dataset`, by raw column (for drawing): read back
    /// when the same request was explained before, else computed and kept in the project.
    #[allow(
        clippy::too_many_arguments,
        reason = "each argument is a separate user choice"
    )]
    pub fn explain_view(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
        options: &ExplainOptions,
        runtime: &RuntimeOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ExplainView> {
        if let Some(view) = self.stored_explanation(model_ref, dataset, range, options)? {
            return Ok(view);
        }
        let store = self.store()?;
        let model_id = store.resolve_model(model_ref)?.id;
        let version_id = store.resolve_dataset(dataset)?.id;
        let key = self.request_key(range, options)?;
        let view = self
            .explain_job(model_ref, dataset, range, options, runtime)?
            .run(progress, cancel)?;
        let kept = serde_json::to_vec(&view)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                store
                    .put_explanation(&modeldesk_store::NewExplanation {
                        model_id,
                        dataset_version_id: version_id,
                        request_key: &key,
                        method: &view.method,
                        rows: view.rows as u64,
                        result: &bytes,
                        author: self.author(),
                    })
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = kept {
            tracing::warn!(%e, "the explanation could not be kept in the project");
        }
        Ok(view)
    }

    /// The explanation [`Workspace::explain_view`] kept for this request, if there is one
    /// (never computes).
    pub fn stored_explanation(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
        options: &ExplainOptions,
    ) -> Result<Option<ExplainView>> {
        let store = self.store()?;
        let model_id = store.resolve_model(model_ref)?.id;
        let version_id = store.resolve_dataset(dataset)?.id;
        let key = self.request_key(range, options)?;
        let Some(bytes) = store.explanation(model_id, version_id, &key)? else {
            return Ok(None);
        };
        match serde_json::from_slice::<ExplainView>(&bytes) {
            Ok(view) => Ok(Some(ExplainView {
                stored: true,
                ..view
            })),
            Err(e) => {
                tracing::warn!(%e, "a stored explanation could not be read; it will be recomputed");
                Ok(None)
            }
        }
    }

    /// What identifies an explanation request: the rows and the options, with the background
    /// dataset resolved to its version.
    fn request_key(&self, range: RowRange, options: &ExplainOptions) -> Result<String> {
        let background_data = match &options.background_data {
            Some(reference) => Some(self.store()?.resolve_dataset(reference)?.id.to_string()),
            None => None,
        };
        let key = serde_json::json!({
            "rows": range,
            "method": options.method.as_deref().unwrap_or("auto"),
            "background": options.background,
            "backgroundData": background_data,
            "backgroundKmeans": options.background_kmeans,
            "permutations": options.permutations,
            "samples": options.samples,
            "interactions": options.interactions,
        });
        Ok(key.to_string())
    }

    /// Reads what an explanation needs (the model, the rows, the background); run it without
    /// the workspace with [`ExplainJob::run`].
    pub fn explain_job(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
        options: &ExplainOptions,
        runtime: &RuntimeOptions,
    ) -> Result<ExplainJob> {
        let record = self.store()?.resolve_model(model_ref)?;
        let method = options.method.as_deref().unwrap_or("auto");
        let trained = match record.sidecar_sha256 {
            Some(_) => Some(self.trained_model(model_ref)?.1),
            None => None,
        };
        let has_exact = trained
            .as_ref()
            .is_some_and(|m| matches!(m.body, ModelBody::Gbdt(_) | ModelBody::Linear(_)));
        let first_row = range.map_or(0, |(start, _)| start);
        let (explainer, table) = match (method, trained) {
            ("auto" | "tree" | "linear", Some(model)) if has_exact => {
                let (table, x) = self.model_rows(&model, dataset, range)?;
                (Explainer::Exact { model, x }, table)
            }
            ("tree" | "linear", Some(_)) | ("linear", None) => {
                return Err(AppError::Invalid {
                    field: "method",
                    reason: format!(
                        "{method} SHAP needs a {} model; use exact, permutation or kernel for {}",
                        if method == "tree" {
                            "tree"
                        } else {
                            "linear model trained here"
                        },
                        record.name
                    ),
                });
            }
            ("auto" | "tree" | "exact" | "permutation" | "kernel", _) => {
                if options.interactions {
                    return Err(interactions_unsupported());
                }
                self.served_explainer(&record, dataset, range, method, options, runtime)?
            }
            (other, _) => {
                return Err(AppError::Invalid {
                    field: "method",
                    reason: format!(
                        "{other:?} is not auto, tree, linear, exact, permutation or kernel"
                    ),
                });
            }
        };
        Ok(ExplainJob {
            explainer,
            first_row,
            table,
            interactions: options.interactions,
        })
    }

    /// The served model explained on the chosen rows against its background: interventional
    /// TreeSHAP when its graph is a tree ensemble (`auto` or `tree`), else as a coalition game.
    fn served_explainer(
        &self,
        record: &modeldesk_store::ModelRecord,
        dataset: &str,
        range: RowRange,
        method: &str,
        options: &ExplainOptions,
        runtime: &RuntimeOptions,
    ) -> Result<(Explainer, Table)> {
        let store = self.store()?;
        let plan = self.serving_plan(record, runtime)?;
        let version = store.resolve_dataset(dataset)?;
        let full = read_table(&store.blobs().path(&version.blob_sha256)?)?;
        let mapping = plan.mapping_for(&full)?;
        let names = OrtGame::feature_columns(&mapping);
        let missing = |what: &str| AppError::Invalid {
            field: "dataset",
            reason: format!(
                "{what} lacks a column the model reads ({})",
                names.join(", ")
            ),
        };
        let columns: Vec<ColumnSchema> = names
            .iter()
            .filter_map(|n| full.columns.iter().find(|c| &c.name == n).cloned())
            .collect();
        let rows = slice_rows(&full, range)?;
        let x = OrtGame::arrays(&rows, &names).ok_or_else(|| missing(dataset))?;
        let (background_table, weights) =
            match (&options.background_data, options.background_kmeans) {
                (Some(reference), _) => {
                    let bg = store.resolve_dataset(reference)?;
                    (read_table(&store.blobs().path(&bg.blob_sha256)?)?, None)
                }
                (None, Some(k)) => {
                    let (table, weights) = summary::kmeans_background(&full, &names, k)?;
                    (table, Some(weights))
                }
                (None, None) => (
                    even_sample(&full, options.background.unwrap_or(DEFAULT_BACKGROUND))?,
                    None,
                ),
            };
        let background = OrtGame::arrays(&background_table, &names).ok_or_else(|| {
            missing(
                options
                    .background_data
                    .as_deref()
                    .unwrap_or("the background"),
            )
        })?;
        if background.first().is_none_or(|a| a.is_empty()) {
            return Err(AppError::Invalid {
                field: "background",
                reason: "the background has no rows".into(),
            });
        }
        let task = plan.outputs.task()?;
        let classes = plan.outputs.classes.clone();
        let labels = match task {
            Task::Multiclass => classes.clone(),
            Task::Binary => classes.last().cloned().into_iter().collect(),
            Task::Regression => vec![plan.target.clone().unwrap_or_else(|| "prediction".into())],
        };
        if matches!(method, "auto" | "tree") {
            let bytes = store.blobs().read(&record.blob_sha256)?;
            match trees::tree_job(&bytes, &mapping, task, &rows, &background_table) {
                Ok(mut job) => {
                    job.weights.clone_from(&weights);
                    let explainer = Explainer::Trees {
                        job,
                        labels,
                        classes,
                    };
                    return Ok((explainer, rows));
                }
                Err(reason) if method == "tree" => {
                    return Err(AppError::Invalid {
                        field: "method",
                        reason: format!(
                            "tree SHAP cannot read {}'s trees: {reason}; use exact, permutation or kernel",
                            record.name
                        ),
                    });
                }
                Err(reason) => {
                    tracing::debug!(model = %record.name, %reason, "no interventional TreeSHAP");
                }
            }
        }
        let method = agnostic_method(method, options, names.len())?;
        let explainer = Explainer::Agnostic {
            game: OrtGame {
                session: plan.session,
                mapping,
                outputs: plan.outputs,
                columns,
                x,
                background,
                weights,
                cancel: CancelToken::new(),
            },
            method,
            task,
            labels,
            classes,
        };
        Ok((explainer, rows))
    }

    /// Explains `model` on rows of `dataset`; writes the values to `out` when given.
    #[allow(
        clippy::too_many_arguments,
        reason = "each argument is a separate user choice"
    )]
    pub fn explain(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
        options: &ExplainOptions,
        runtime: &RuntimeOptions,
        out: Option<&Path>,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ExplainSummary> {
        let job = self.explain_job(model_ref, dataset, range, options, runtime)?;
        let e = job.compute(progress, cancel)?;
        let format = |p: &Path| match p.extension().and_then(|e| e.to_str()) {
            Some("parquet") => ExportFormat::Parquet,
            _ => ExportFormat::Csv,
        };
        if let Some(path) = out {
            let table = tables::shap_table(&e.classes, &e.shap, &e.raw);
            export_table(&table, path, format(path), overwrite, progress, cancel)?;
        }
        let mut interactions_out = None;
        if let (Some((values, _)), Some(path)) = (&e.interactions, out) {
            let path = path.with_extension(format!(
                "interactions.{}",
                path.extension().and_then(|e| e.to_str()).unwrap_or("csv")
            ));
            let table = tables::interaction_table(&e.classes, &e.shap, values);
            export_table(&table, &path, format(&path), overwrite, progress, cancel)?;
            interactions_out = Some(path);
        }
        Ok(ExplainSummary {
            rows: e.shap.rows,
            importance: importance(&e.raw, e.shap.rows),
            method: e.method,
            output_space: e.output_space,
            background: e.background,
            base: e.shap.base.clone(),
            max_additivity_error: e.shap.max_additivity_error,
            out: out.map(Path::to_path_buf),
            interactions_out,
            shap_ms: e.shap_ms,
            interactions_ms: e.interactions.as_ref().map(|(_, ms)| *ms),
        })
    }
}

/// The model-agnostic method asked for, over `features` columns.
fn agnostic_method(method: &str, options: &ExplainOptions, features: usize) -> Result<Method> {
    let method = match method {
        "exact" => Method::Exact,
        "permutation" => Method::Permutation {
            permutations: options.permutations.unwrap_or(DEFAULT_PERMUTATIONS),
            seed: 0,
        },
        "kernel" => Method::Kernel {
            samples: options
                .samples
                .unwrap_or_else(|| modeldesk_explain::kernel::default_samples(features)),
            seed: 0,
        },
        _ => Method::Auto.resolve(features),
    };
    if method == Method::Exact && features > 20 {
        return Err(AppError::Invalid {
            field: "method",
            reason: format!(
                "exact Shapley values over {features} columns need 2^{features} model calls per row; use permutation or kernel"
            ),
        });
    }
    Ok(method)
}

/// Rows `start..end` of a table (all when no range); an empty selection is an error.
fn slice_rows(table: &Table, range: RowRange) -> Result<Table> {
    let Some((start, end)) = range else {
        return Ok(table.clone());
    };
    let rows = table.rows();
    let (start, end) = (
        usize::try_from(start).unwrap_or(rows).min(rows),
        usize::try_from(end).unwrap_or(rows).min(rows),
    );
    if start >= end {
        return Err(AppError::Invalid {
            field: "rows",
            reason: format!("{start}..{end} selects no rows of {rows}"),
        });
    }
    Ok(crate::serving::slice(table, start, end - start))
}

/// `n` evenly spaced rows of a table (all rows when it has no more than `n`).
fn even_sample(table: &Table, n: usize) -> Result<Table> {
    let rows = table.rows();
    if rows <= n {
        return Ok(table.clone());
    }
    let indices = arrow_array::UInt64Array::from_iter_values((0..n).map(|i| (i * rows / n) as u64));
    let arrays = table
        .arrays
        .iter()
        .map(|a| arrow_select::take::take(a.as_ref(), &indices, None))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| AppError::Invalid {
            field: "background",
            reason: e.to_string(),
        })?;
    Ok(Table {
        columns: table.columns.clone(),
        arrays,
    })
}

fn importance(raw: &RawShap, rows: usize) -> Vec<Importance> {
    let c = raw.names.len();
    let mut sums = vec![0.0; c];
    for phi in raw.values.chunks(c.max(1)) {
        for (s, v) in sums.iter_mut().zip(phi) {
            *s += v.abs();
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
    let mut out: Vec<Importance> = raw
        .names
        .iter()
        .zip(sums)
        .map(|(n, s)| Importance {
            feature: n.clone(),
            mean_abs_shap: s / rows.max(1) as f64,
        })
        .collect();
    out.sort_by(|a, b| b.mean_abs_shap.total_cmp(&a.mean_abs_shap));
    out
}
