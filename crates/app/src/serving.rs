//! Serving any ONNX model on a table: which columns feed which input ([`ColumnMapping`]), what
//! the outputs mean ([`OutputSpec`]), and batched runs through ONNX Runtime that turn the
//! outputs into labels and probabilities (or predictions). Models trained here and models
//! brought in are served by this one path.

use modeldesk_data::recipe::Table;
use modeldesk_data::{DataError, JobProgress, Progress};
use modeldesk_runtime::{KeyedRows, Model, Output, Tensor, TensorKind, TensorSpec};
use modeldesk_train::{CancelToken, FeedValues, Task, onnx_feeds};
use ndarray::{ArrayD, IxDyn};
use serde::{Deserialize, Serialize};

use crate::{AppError, Result};

/// Rows sent to ONNX Runtime per call.
pub(crate) const BATCH_ROWS: usize = 65_536;

/// The dataset columns that feed one model input, in the input's feature order.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputBinding {
    /// The model input.
    pub input: String,
    /// Columns, one per feature of the input (one for a `[N]` or `[N, 1]` input).
    pub columns: Vec<String>,
}

/// How a model's inputs are fed from a table's columns.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// One binding per model input, in the model's input order.
    pub inputs: Vec<InputBinding>,
}

/// How raw scores become probabilities.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoreTransform {
    /// The output already holds probabilities.
    #[default]
    None,
    /// Logits, one per class: softmax.
    Softmax,
    /// One logit per row (binary): sigmoid gives the positive class.
    Sigmoid,
}

/// What a model's outputs mean.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OutputSpec {
    /// `binary`, `multiclass` or `regression`.
    pub task: String,
    /// Output with class probabilities (a `[N, K]` tensor or a `ZipMap` sequence of maps).
    pub probabilities: Option<String>,
    /// Output with the predicted label.
    pub label: Option<String>,
    /// Output with the predicted value (regression).
    pub prediction: Option<String>,
    /// Class names, in probability-column order.
    pub classes: Vec<String>,
    /// How the probability output's values become probabilities.
    pub transform: ScoreTransform,
}

impl OutputSpec {
    /// The task, parsed.
    pub fn task(&self) -> Result<Task> {
        match self.task.as_str() {
            "binary" => Ok(Task::Binary),
            "multiclass" => Ok(Task::Multiclass),
            "regression" => Ok(Task::Regression),
            other => Err(AppError::Invalid {
                field: "output task",
                reason: format!("{other:?} is not binary, multiclass or regression"),
            }),
        }
    }
}

/// A model's predictions for a table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Predictions {
    /// Predicted label per row (classification).
    pub labels: Vec<String>,
    /// Probability columns, one per class (classification), or one prediction column.
    pub values: Vec<Vec<f64>>,
}

/// `name` in lower case with every run of non-alphanumerics as one `_`: how column names and
/// input names are matched when they are not spelled the same.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// The column a name refers to: the same name, else the same normalised name.
fn find_column<'a>(columns: &'a [String], name: &str) -> Option<&'a String> {
    columns.iter().find(|c| *c == name).or_else(|| {
        let want = normalise(name);
        columns.iter().find(|c| normalise(c) == want)
    })
}

/// The number of features an input takes per row: 1 for `[N]`/`[N, 1]`, the second dimension
/// of `[N, k]` when fixed, `None` when it is symbolic.
fn input_width(spec: &TensorSpec) -> Option<usize> {
    match spec.shape.as_slice() {
        [] | [_] => Some(1),
        [_, Some(k)] => usize::try_from(*k).ok(),
        _ => None,
    }
}

/// Proposes a mapping: inputs named like a column get that column; a single multi-feature
/// input takes the columns listed in `feature_names` (the model's metadata), else the table's
/// columns in order (skipping `exclude`, the target). Unmatched inputs get no columns.
pub fn auto_mapping(
    inputs: &[TensorSpec],
    columns: &[String],
    feature_names: &[String],
    exclude: Option<&str>,
) -> ColumnMapping {
    let candidates: Vec<String> = columns
        .iter()
        .filter(|c| Some(c.as_str()) != exclude)
        .cloned()
        .collect();
    let single_matrix = inputs.len() == 1 && input_width(&inputs[0]) != Some(1);
    ColumnMapping {
        inputs: inputs
            .iter()
            .map(|spec| {
                let columns = if single_matrix {
                    if feature_names.is_empty() {
                        let width = input_width(spec).unwrap_or(candidates.len());
                        candidates.iter().take(width).cloned().collect()
                    } else {
                        feature_names
                            .iter()
                            .map(|f| find_column(columns, f).cloned().unwrap_or_default())
                            .collect()
                    }
                } else {
                    find_column(&candidates, &spec.name)
                        .cloned()
                        .into_iter()
                        .collect()
                };
                InputBinding {
                    input: spec.name.clone(),
                    columns,
                }
            })
            .collect(),
    }
}

/// Checks a mapping against the model's inputs and (when given) the table's columns; the error
/// names the input and the column.
pub fn check_mapping(
    mapping: &ColumnMapping,
    inputs: &[TensorSpec],
    columns: Option<&[String]>,
) -> Result<()> {
    let invalid = |reason: String| AppError::Invalid {
        field: "column mapping",
        reason,
    };
    for spec in inputs {
        let Some(binding) = mapping.inputs.iter().find(|b| b.input == spec.name) else {
            return Err(invalid(format!(
                "model input {:?} has no columns mapped to it",
                spec.name
            )));
        };
        if binding.columns.is_empty() || binding.columns.iter().any(String::is_empty) {
            return Err(invalid(format!(
                "model input {:?} has {} of its columns unmapped",
                spec.name,
                if binding.columns.is_empty() {
                    "all".to_owned()
                } else {
                    binding
                        .columns
                        .iter()
                        .filter(|c| c.is_empty())
                        .count()
                        .to_string()
                }
            )));
        }
        if let Some(width) = input_width(spec)
            && width != binding.columns.len()
        {
            return Err(invalid(format!(
                "model input {:?} takes {width} feature(s) per row, {} column(s) are mapped",
                spec.name,
                binding.columns.len()
            )));
        }
        if let Some(missing) =
            columns.and_then(|columns| binding.columns.iter().find(|c| !columns.contains(c)))
        {
            return Err(invalid(format!(
                "column {missing:?} (mapped to input {:?}) is not in the data",
                spec.name
            )));
        }
    }
    if let Some(extra) = mapping
        .inputs
        .iter()
        .find(|b| !inputs.iter().any(|s| s.name == b.input))
    {
        return Err(invalid(format!("the model has no input {:?}", extra.input)));
    }
    Ok(())
}

fn is_label_name(name: &str) -> bool {
    let n = normalise(name);
    n.contains("label") || n == "class" || n.ends_with("_class")
}

fn is_probability_name(name: &str) -> bool {
    let n = normalise(name);
    n.contains("prob")
}

fn is_logit_name(name: &str) -> bool {
    let n = normalise(name);
    n.contains("logit") || n.contains("score")
}

/// Reads what a model's outputs mean from their names, types and shapes, and the class labels
/// its graph declares: a `ZipMap` or `[N, K]` probability output, a label output, or a single
/// numeric output (a regression, or a binary classifier's scores when it has one column per
/// class). The person can correct it.
pub fn detect_outputs(outputs: &[TensorSpec], class_labels: &[String]) -> OutputSpec {
    let numeric = |s: &&TensorSpec| matches!(s.kind, TensorKind::F32 | TensorKind::F64);
    let maps = outputs.iter().find(|s| s.onnx_type.starts_with("seq(map("));
    let label = outputs
        .iter()
        .find(|s| {
            matches!(
                s.kind,
                TensorKind::I64 | TensorKind::String | TensorKind::I32
            ) && (is_label_name(&s.name) || s.shape.len() <= 1)
        })
        .map(|s| s.name.clone());
    let width = |s: &TensorSpec| match s.shape.as_slice() {
        [_, Some(k)] => usize::try_from(*k).ok(),
        _ => None,
    };
    let probability_tensor = outputs
        .iter()
        .filter(numeric)
        .find(|s| is_probability_name(&s.name) || is_logit_name(&s.name))
        .or_else(|| {
            outputs
                .iter()
                .filter(numeric)
                .find(|s| width(s).is_some_and(|k| k >= 2))
        });
    let probabilities = maps.or(probability_tensor);
    if let Some(p) = probabilities {
        let k = width(p).unwrap_or(class_labels.len());
        let classes: Vec<String> = if class_labels.is_empty() {
            (0..k.max(2)).map(|i| i.to_string()).collect()
        } else {
            class_labels.to_vec()
        };
        let transform = if p.onnx_type.starts_with("seq(") || !is_logit_name(&p.name) {
            ScoreTransform::None
        } else if k == 1 {
            ScoreTransform::Sigmoid
        } else {
            ScoreTransform::Softmax
        };
        return OutputSpec {
            task: if classes.len() == 2 {
                "binary"
            } else {
                "multiclass"
            }
            .to_owned(),
            probabilities: Some(p.name.clone()),
            label,
            prediction: None,
            classes,
            transform,
        };
    }
    OutputSpec {
        task: "regression".to_owned(),
        prediction: outputs.iter().find(numeric).map(|s| s.name.clone()),
        ..OutputSpec::default()
    }
}

/// Checks an output spec against the model's outputs.
pub fn check_outputs(spec: &OutputSpec, outputs: &[TensorSpec]) -> Result<()> {
    let invalid = |reason: String| AppError::Invalid {
        field: "output interpretation",
        reason,
    };
    let task = spec.task()?;
    for name in [&spec.probabilities, &spec.label, &spec.prediction]
        .into_iter()
        .flatten()
    {
        if !outputs.iter().any(|o| &o.name == name) {
            return Err(invalid(format!(
                "the model has no output {name:?} (outputs: {})",
                outputs
                    .iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    match task {
        Task::Regression if spec.prediction.is_none() => Err(invalid(
            "a regression needs the output holding the prediction".into(),
        )),
        Task::Binary | Task::Multiclass if spec.probabilities.is_none() => Err(invalid(
            "a classifier needs the output holding class probabilities (or scores)".into(),
        )),
        Task::Binary if spec.classes.len() != 2 => Err(invalid(format!(
            "a binary classifier has 2 classes, {} are named",
            spec.classes.len()
        ))),
        Task::Multiclass if spec.classes.len() < 2 => {
            Err(invalid("a classifier needs its class names".into()))
        }
        _ => Ok(()),
    }
}

/// The tensor for one input of a batch: mapped columns side by side as `[rows, k]` (or `[rows]`
/// for a rank-1 input), in the input's element type.
fn input_tensor(spec: &TensorSpec, columns: Vec<FeedValues>, rows: usize) -> Result<Tensor> {
    let k = columns.len();
    let shape: Vec<usize> = if spec.shape.len() == 1 {
        vec![rows]
    } else {
        vec![rows, k]
    };
    let bad = |e: ndarray::ShapeError| AppError::Invalid {
        field: "input",
        reason: format!("{}: {e}", spec.name),
    };
    if spec.kind == TensorKind::String {
        let mut out = vec![String::new(); rows * k];
        for (j, col) in columns.into_iter().enumerate() {
            let FeedValues::Strings(values) = col else {
                unreachable!("string inputs are fed strings")
            };
            for (i, v) in values.into_iter().enumerate() {
                out[i * k + j] = v;
            }
        }
        return ArrayD::from_shape_vec(IxDyn(&shape), out)
            .map(Tensor::String)
            .map_err(bad);
    }
    let values: Vec<Vec<f64>> = columns
        .into_iter()
        .map(|col| match col {
            FeedValues::Double(v) => v,
            FeedValues::Strings(_) => unreachable!("numeric inputs are fed numbers"),
        })
        .collect();
    #[allow(
        clippy::cast_possible_truncation,
        reason = "integer inputs take whole numbers; the cast is the documented conversion"
    )]
    Ok(match spec.kind {
        TensorKind::I64 => Tensor::I64(interleave(&values, &shape, |v| v as i64).map_err(bad)?),
        TensorKind::I32 => Tensor::I32(interleave(&values, &shape, |v| v as i32).map_err(bad)?),
        TensorKind::Bool => Tensor::Bool(interleave(&values, &shape, |v| v != 0.0).map_err(bad)?),
        TensorKind::F32 => Tensor::F32(interleave(&values, &shape, |v| v as f32).map_err(bad)?),
        _ => Tensor::F64(interleave(&values, &shape, |v| v).map_err(bad)?),
    })
}

/// Columns side by side, row-major, converted to the input's element type in one pass.
fn interleave<T: Clone + Default>(
    columns: &[Vec<f64>],
    shape: &[usize],
    convert: impl Fn(f64) -> T,
) -> Result<ArrayD<T>, ndarray::ShapeError> {
    let k = columns.len();
    let rows = columns.first().map_or(0, Vec::len);
    let mut out = vec![T::default(); rows * k];
    for (j, col) in columns.iter().enumerate() {
        for (row, &v) in out.chunks_exact_mut(k).zip(col) {
            row[j] = convert(v);
        }
    }
    ArrayD::from_shape_vec(IxDyn(shape), out)
}

/// Rows `offset..offset+len` of a table (zero-copy).
pub(crate) fn slice(table: &Table, offset: usize, len: usize) -> Table {
    Table {
        columns: table.columns.clone(),
        arrays: table.arrays.iter().map(|a| a.slice(offset, len)).collect(),
    }
}

/// The feeds for one batch of rows.
pub(crate) fn batch_feeds(
    session: &Model,
    mapping: &ColumnMapping,
    part: &Table,
) -> Result<Vec<(String, Tensor)>> {
    let rows = part.rows();
    session
        .inputs()
        .iter()
        .map(|spec| {
            let binding = mapping
                .inputs
                .iter()
                .find(|b| b.input == spec.name)
                .ok_or_else(|| AppError::Invalid {
                    field: "column mapping",
                    reason: format!("model input {:?} has no columns mapped to it", spec.name),
                })?;
            let wants_strings = spec.kind == TensorKind::String;
            let wanted: Vec<(String, bool)> = binding
                .columns
                .iter()
                .map(|c| (c.clone(), wants_strings))
                .collect();
            let columns = onnx_feeds(part, &wanted)?
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            Ok((spec.name.clone(), input_tensor(spec, columns, rows)?))
        })
        .collect()
}

fn softmax_rows(values: &mut [f64], k: usize) {
    for row in values.chunks_mut(k) {
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for v in row.iter_mut() {
            *v = (*v - max).exp();
            sum += *v;
        }
        for v in row.iter_mut() {
            *v /= sum;
        }
    }
}

/// Row-major `[rows, classes]` probabilities from the probability output.
fn probabilities_of(output: Output, spec: &OutputSpec, rows: usize) -> Result<Vec<f64>> {
    let k = spec.classes.len();
    let name = spec.probabilities.as_deref().unwrap_or_default();
    let bad = |reason: String| AppError::Invalid {
        field: "output interpretation",
        reason: format!("output {name:?}: {reason}"),
    };
    match output {
        Output::Maps(KeyedRows { keys, values }) => {
            // Columns in class order, matched by key.
            let order: Vec<usize> = spec
                .classes
                .iter()
                .map(|c| {
                    keys.iter().position(|key| key == c).ok_or_else(|| {
                        bad(format!(
                            "class {c:?} is not among its keys ({})",
                            keys.join(", ")
                        ))
                    })
                })
                .collect::<Result<_>>()?;
            let mut out = Vec::with_capacity(rows * k);
            for row in values.rows() {
                out.extend(order.iter().map(|&j| row[j]));
            }
            Ok(out)
        }
        Output::Tensor(t) => {
            let mut flat = t.to_f64_vec().ok_or_else(|| {
                bad(format!(
                    "holds {} values, not numbers",
                    t.kind().onnx_name()
                ))
            })?;
            let width = flat.len() / rows.max(1);
            if width * rows != flat.len() {
                return Err(bad(format!("{} values for {rows} rows", flat.len())));
            }
            match (spec.transform, width) {
                (ScoreTransform::Sigmoid | ScoreTransform::None, 1) if k == 2 => {
                    let sigmoid = spec.transform == ScoreTransform::Sigmoid;
                    Ok(flat
                        .into_iter()
                        .flat_map(|v| {
                            let p = if sigmoid { 1.0 / (1.0 + (-v).exp()) } else { v };
                            [1.0 - p, p]
                        })
                        .collect())
                }
                (_, w) if w == k => {
                    if spec.transform == ScoreTransform::Softmax {
                        softmax_rows(&mut flat, k);
                    }
                    Ok(flat)
                }
                (_, w) => Err(bad(format!(
                    "{w} value(s) per row, but {k} classes are named"
                ))),
            }
        }
    }
}

fn labels_of(output: Output, rows: usize) -> Option<Vec<String>> {
    let Output::Tensor(t) = output else {
        return None;
    };
    let labels: Vec<String> = match t {
        Tensor::String(a) => a.iter().cloned().collect(),
        Tensor::I64(a) => a.iter().map(i64::to_string).collect(),
        Tensor::I32(a) => a.iter().map(i32::to_string).collect(),
        _ => return None,
    };
    (labels.len() == rows).then_some(labels)
}

/// Runs `table` through `session` in batches and reads the outputs as `spec` says.
pub fn predict_table(
    session: &Model,
    mapping: &ColumnMapping,
    spec: &OutputSpec,
    table: &Table,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<Predictions> {
    predict_with(session, mapping, spec, table, true, progress, cancel)
}

/// Like [`predict_table`] without the predicted labels: only the probability (or prediction)
/// output is computed and read — what metrics and explanations need.
pub(crate) fn predict_values(
    session: &Model,
    mapping: &ColumnMapping,
    spec: &OutputSpec,
    table: &Table,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<Predictions> {
    predict_with(session, mapping, spec, table, false, progress, cancel)
}

#[allow(
    clippy::too_many_arguments,
    reason = "the two public entry points above fix `labels`"
)]
fn predict_with(
    session: &Model,
    mapping: &ColumnMapping,
    spec: &OutputSpec,
    table: &Table,
    labels: bool,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<Predictions> {
    let task = spec.task()?;
    let rows = table.rows();
    let k = spec.classes.len();
    let classification = task != Task::Regression;
    let mut out = Predictions {
        labels: Vec::with_capacity(if classification && labels { rows } else { 0 }),
        values: vec![Vec::with_capacity(rows); if classification { k } else { 1 }],
    };
    let mut offset = 0;
    while offset < rows {
        if cancel.is_cancelled() {
            return Err(DataError::Cancelled.into());
        }
        let len = BATCH_ROWS.min(rows - offset);
        let part = slice(table, offset, len);
        let wanted: Vec<&str> = if classification {
            spec.probabilities
                .iter()
                .chain(spec.label.iter().filter(|_| labels))
                .map(String::as_str)
                .collect()
        } else {
            spec.prediction.iter().map(String::as_str).collect()
        };
        let mut outputs = session.run_selected(batch_feeds(session, mapping, &part)?, &wanted)?;
        let mut take = |name: &Option<String>| {
            name.as_ref().and_then(|n| {
                outputs
                    .iter()
                    .position(|(o, _)| o == n)
                    .map(|i| outputs.swap_remove(i).1)
            })
        };
        if classification {
            let probs = take(&spec.probabilities).map_or_else(
                || {
                    Err(AppError::Invalid {
                        field: "output interpretation",
                        reason: "the probability output is missing".into(),
                    })
                },
                |o| probabilities_of(o, spec, len),
            )?;
            let given = take(&spec.label).and_then(|o| labels_of(o, len));
            for (i, row) in probs.chunks(k).enumerate() {
                for (j, p) in row.iter().enumerate() {
                    out.values[j].push(*p);
                }
                if labels {
                    out.labels.push(match &given {
                        Some(l) => l[i].clone(),
                        None => spec.classes[modeldesk_train::metrics::argmax(row)].clone(),
                    });
                }
            }
        } else {
            let values = take(&spec.prediction)
                .and_then(|o| o.as_tensor().and_then(Tensor::to_f64_vec))
                .ok_or_else(|| AppError::Invalid {
                    field: "output interpretation",
                    reason: format!(
                        "output {:?} holds no numbers",
                        spec.prediction.as_deref().unwrap_or_default()
                    ),
                })?;
            let width = values.len() / len.max(1);
            out.values[0].extend(values.into_iter().step_by(width.max(1)));
        }
        offset += len;
        progress.report(JobProgress {
            stage: "predict",
            done: offset as u64,
            total: Some(rows as u64),
            rows: offset as u64,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, kind: TensorKind, shape: &[Option<i64>], ty: &str) -> TensorSpec {
        TensorSpec {
            name: name.into(),
            kind,
            onnx_type: ty.into(),
            shape: shape.to_vec(),
        }
    }

    #[test]
    fn names_match_exactly_then_normalised() {
        let cols: Vec<String> = ["Mean Radius", "od280/od315", "x"].map(Into::into).to_vec();
        assert_eq!(find_column(&cols, "x").map(String::as_str), Some("x"));
        assert_eq!(
            find_column(&cols, "mean_radius").map(String::as_str),
            Some("Mean Radius")
        );
        assert_eq!(
            find_column(&cols, "od280_od315").map(String::as_str),
            Some("od280/od315")
        );
        assert!(find_column(&cols, "y").is_none());
    }

    #[test]
    fn a_single_matrix_input_takes_columns_by_position_or_metadata() {
        let cols: Vec<String> = ["a", "b", "target", "c"].map(Into::into).to_vec();
        let x = [spec(
            "X",
            TensorKind::F32,
            &[None, Some(3)],
            "tensor(float)",
        )];
        let by_position = auto_mapping(&x, &cols, &[], Some("target"));
        assert_eq!(by_position.inputs[0].columns, ["a", "b", "c"]);
        let by_meta = auto_mapping(&x, &cols, &["c".into(), "a".into(), "B".into()], None);
        assert_eq!(by_meta.inputs[0].columns, ["c", "a", "b"]);
        assert!(check_mapping(&by_meta, &x, Some(&cols)).is_ok());
        let short = ColumnMapping {
            inputs: vec![InputBinding {
                input: "X".into(),
                columns: vec!["a".into()],
            }],
        };
        let err = check_mapping(&short, &x, Some(&cols))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("takes 3 feature(s) per row, 1 column(s)"),
            "{err}"
        );
    }

    #[test]
    fn outputs_are_read_from_names_types_and_shapes() {
        let zipmap = [
            spec("output_label", TensorKind::I64, &[None], "tensor(int64)"),
            spec(
                "output_probability",
                TensorKind::Other,
                &[],
                "seq(map(int64,tensor(float)))",
            ),
        ];
        let s = detect_outputs(&zipmap, &["0".into(), "1".into()]);
        assert_eq!(
            (
                s.task.as_str(),
                s.probabilities.as_deref(),
                s.label.as_deref()
            ),
            ("binary", Some("output_probability"), Some("output_label"))
        );
        let logits = [spec(
            "logits",
            TensorKind::F32,
            &[None, Some(3)],
            "tensor(float)",
        )];
        let s = detect_outputs(&logits, &[]);
        assert_eq!(
            (s.task.as_str(), s.transform),
            ("multiclass", ScoreTransform::Softmax)
        );
        assert_eq!(s.classes, ["0", "1", "2"]);
        let reg = [spec(
            "variable",
            TensorKind::F32,
            &[None, Some(1)],
            "tensor(float)",
        )];
        let s = detect_outputs(&reg, &[]);
        assert_eq!(
            (s.task.as_str(), s.prediction.as_deref()),
            ("regression", Some("variable"))
        );
    }

    #[test]
    fn scores_become_probabilities() {
        let spec = OutputSpec {
            task: "binary".into(),
            probabilities: Some("s".into()),
            classes: vec!["no".into(), "yes".into()],
            transform: ScoreTransform::Sigmoid,
            ..OutputSpec::default()
        };
        let t = Output::Tensor(Tensor::F32(
            ArrayD::from_shape_vec(IxDyn(&[2, 1]), vec![0.0, 2.0]).unwrap(),
        ));
        let p = probabilities_of(t, &spec, 2).unwrap();
        assert!((p[1] - 0.5).abs() < 1e-12 && (p[3] - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-7);
        let mut v = vec![1.0, 2.0, 3.0];
        softmax_rows(&mut v, 3);
        assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-12 && v[2] > v[1]);
    }
}
