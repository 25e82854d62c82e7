//! Interventional TreeSHAP for served models whose ONNX graph is a tree ensemble read straight
//! from one `[N, k]` input (LightGBM, XGBoost, scikit-learn forests converted to ONNX): the
//! trees are read from the graph, the mapped columns become the features.

use modeldesk_data::recipe::Table;
use modeldesk_onnx::trees::{TreeEnsemble, tree_ensemble};
use modeldesk_train::Task;

use crate::serving::ColumnMapping;

/// What interventional TreeSHAP needs: the trees, which raw outputs to explain, the features'
/// names and the explained and background rows as `f32` (NaN missing).
#[derive(Debug)]
pub(super) struct TreeJob {
    pub ensemble: TreeEnsemble,
    pub targets: Vec<usize>,
    pub names: Vec<String>,
    pub x: Vec<f32>,
    pub background: Vec<f32>,
    pub background_rows: usize,
    /// Background row weights (a k-means summary); `None`: all equal.
    pub weights: Option<Vec<f64>>,
    pub output_space: &'static str,
}

/// Row-major `f32` values of `names` in `table`; an error names a column that is not numeric.
fn numeric(table: &Table, names: &[String]) -> Result<Vec<f32>, String> {
    let (values, categories) = super::values::feature_values(table, names);
    if let Some((name, _)) = names.iter().zip(&categories).find(|(_, c)| !c.is_empty()) {
        return Err(format!("column {name:?} is not numeric"));
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "ONNX tree ensembles compare f32 inputs, as the served model does"
    )]
    Ok(values
        .into_iter()
        .map(|v| v.map_or(f32::NAN, |v| v as f32))
        .collect())
}

/// The tree job for a served model, or why interventional TreeSHAP does not apply.
pub(super) fn tree_job(
    bytes: &[u8],
    mapping: &ColumnMapping,
    task: Task,
    rows: &Table,
    background: &Table,
) -> Result<TreeJob, String> {
    let model = modeldesk_onnx::decode_model(bytes).map_err(|e| e.to_string())?;
    let ensemble = tree_ensemble(&model)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "the model has no tree ensemble".to_owned())?;
    let [binding] = mapping.inputs.as_slice() else {
        return Err("the model has more than one input".into());
    };
    if binding.input != ensemble.input {
        return Err(format!(
            "the trees read {:?}, not the mapped input {:?}",
            ensemble.input, binding.input
        ));
    }
    let names = binding.columns.clone();
    if names.len() < ensemble.features {
        return Err(format!(
            "the trees split on {} features but {} columns are mapped",
            ensemble.features,
            names.len()
        ));
    }
    let post = ensemble.post_transform.as_str();
    let (targets, output_space) = match task {
        Task::Binary if ensemble.targets == 1 => (
            vec![0],
            if post == "LOGISTIC" {
                "log-odds"
            } else {
                "probability"
            },
        ),
        Task::Binary if ensemble.targets == 2 && post == "NONE" => (vec![1], "probability"),
        Task::Multiclass if post == "NONE" || post.starts_with("SOFTMAX") => (
            (0..ensemble.targets).collect(),
            if post == "NONE" {
                "probability"
            } else {
                "logits"
            },
        ),
        Task::Regression if ensemble.targets == 1 && post == "NONE" => (vec![0], "value"),
        _ => {
            return Err(format!(
                "{} trees with {} outputs and {post} scores do not match a {} model",
                if ensemble.classifier {
                    "classifier"
                } else {
                    "regressor"
                },
                ensemble.targets,
                task.name()
            ));
        }
    };
    let x = numeric(rows, &names)?;
    let background_values = numeric(background, &names)?;
    Ok(TreeJob {
        targets,
        background_rows: background.rows(),
        weights: None,
        x,
        background: background_values,
        names,
        output_space,
        ensemble,
    })
}
