//! ONNX export: one graph input per raw column (double or string, `[N, 1]`), the dataset's
//! prep recipe when there is one (see `preprocess`), then the model's
//! own encoding (LabelEncoder for tree categoricals; Imputer, Scaler and OneHotEncoder for
//! linear models and MLPs), the model (`TreeEnsemble` / `Gemm`+`Relu`), and the head
//! (`Sigmoid`/`Softmax`, an `ArgMax` → class label). Served by ONNX Runtime, it gives the
//! trainer's own predictions.

use modeldesk_onnx::{Attr, ElemType, GraphBuilder, ML_DOMAIN, encode_model, model};

use modeldesk_data::ColumnSchema;

use crate::encoder::{DenseEncoder, Encoding};
use crate::error::Result;
use crate::features::{Feature, FeatureKind, Task};
use crate::gbdt::{Gbdt, Node, Split};
use crate::model::{ModelBody, TrainedModel};
use crate::preprocess::Columns;

/// Default-domain opset written (ORT 1.18+).
const OPSET: i64 = 21;
/// `ai.onnx.ml` opset written: 5 brings `TreeEnsemble` with set-membership splits.
const ML_OPSET: i64 = 5;

/// Output names of exported models.
pub mod outputs {
    /// Regression: `[N, 1]` float.
    pub const PREDICTION: &str = "prediction";
    /// Classification: `[N, K]` float, one column per class.
    pub const PROBABILITIES: &str = "probabilities";
    /// Classification: `[N, 1]` string, the most probable class.
    pub const LABEL: &str = "label";
}

/// Metadata keys written into `metadata_props`.
pub mod meta {
    /// JSON list of features (name, type, categories).
    pub const FEATURES: &str = "modeldesk.features";
    /// JSON target (column, task, classes).
    pub const TARGET: &str = "modeldesk.target";
    /// Model family.
    pub const FAMILY: &str = "modeldesk.family";
}

/// Serialises `m` as an ONNX model taking the raw columns (the recipe in front when the model
/// has one); `extra` metadata (e.g. the run id) is added. Fails, naming the column, when a
/// recipe step cannot be expressed in ONNX.
pub fn to_onnx(m: &TrainedModel, extra: &[(String, String)]) -> Result<Vec<u8>> {
    let mut g = GraphBuilder::new();
    let mut columns = match &m.preprocess {
        Some(p) => {
            let mut c = Columns::raw(&p.raw_columns);
            for step in &p.steps {
                c.step(&mut g, step)?;
            }
            c
        }
        None => Columns::raw(
            &m.features
                .iter()
                .map(|f| ColumnSchema {
                    name: f.name.clone(),
                    ty: f.column_type,
                })
                .collect::<Vec<_>>(),
        ),
    };
    let inputs = m
        .features
        .iter()
        .map(|f| match f.kind {
            FeatureKind::Numeric => columns.float(&mut g, &f.name),
            FeatureKind::Categorical { .. } => columns.strings(&mut g, &f.name),
        })
        .collect::<Result<Vec<_>>>()?;
    let outputs_named = [outputs::LABEL, outputs::PROBABILITIES, outputs::PREDICTION];
    if let Some(clash) = g
        .input_names()
        .into_iter()
        .find(|n| outputs_named.contains(n))
    {
        return Err(crate::TrainError::BadInput {
            column: clash.to_owned(),
            message: "has the name of a model output (label, probabilities, prediction); rename that column in the source data to export the model".to_owned(),
        });
    }
    let raw = match &m.body {
        ModelBody::Gbdt(b) => trees(&mut g, &m.features, &inputs, b),
        ModelBody::Linear(l) => {
            let x = dense_input(&mut g, &m.features, &inputs, &l.encoder);
            gemm(&mut g, &x, &l.weights, &l.bias, l.encoder.width())
        }
        ModelBody::Mlp(p) => {
            let mut x = dense_input(&mut g, &m.features, &inputs, &p.encoder);
            for (i, layer) in p.layers.iter().enumerate() {
                x = gemm(&mut g, &x, &layer.w, &layer.b, layer.inputs);
                if i + 1 < p.layers.len() {
                    x = g.op("Relu", "", &[&x], vec![]);
                }
            }
            x
        }
    };
    head(&mut g, m, &raw);
    let mut metadata = vec![
        (
            meta::FEATURES.to_owned(),
            serde_json::to_string(&m.features).unwrap_or_default(),
        ),
        (
            meta::TARGET.to_owned(),
            serde_json::to_string(&m.target).unwrap_or_default(),
        ),
        (meta::FAMILY.to_owned(), m.family().to_owned()),
    ];
    metadata.extend(extra.iter().cloned());
    let proto = model(
        g.finish("modeldesk"),
        OPSET,
        ML_OPSET,
        env!("CARGO_PKG_VERSION"),
        metadata,
    );
    Ok(encode_model(&proto))
}

#[allow(clippy::cast_possible_truncation, reason = "ONNX attributes are f32")]
fn f32s(v: &[f64]) -> Vec<f32> {
    v.iter().map(|x| *x as f32).collect()
}

fn i64_of(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Categorical input → float code (unknown/missing → NaN) via `LabelEncoder`.
fn category_codes(g: &mut GraphBuilder, input: &str, categories: &[String]) -> String {
    #[allow(clippy::cast_precision_loss, reason = "at most 254 categories")]
    let codes: Vec<f32> = (0..categories.len()).map(|i| i as f32).collect();
    g.op(
        "LabelEncoder",
        ML_DOMAIN,
        &[input],
        vec![
            ("keys_strings", Attr::Strs(categories.to_vec())),
            ("values_floats", Attr::Floats(codes)),
            ("default_float", Attr::Float(f32::NAN)),
        ],
    )
}

/// Boosted trees as one `TreeEnsemble` (ai.onnx.ml v5) plus the initial scores.
fn trees(g: &mut GraphBuilder, features: &[Feature], inputs: &[String], b: &Gbdt) -> String {
    let columns: Vec<String> = features
        .iter()
        .zip(inputs)
        .map(|(f, input)| match &f.kind {
            FeatureKind::Numeric => input.clone(),
            FeatureKind::Categorical { categories } => category_codes(g, input, categories),
        })
        .collect();
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let x = g.op("Concat", "", &refs, vec![("axis", Attr::Int(1))]);
    let mut e = Ensemble::default();
    for (i, tree) in b.trees.iter().enumerate() {
        e.add_tree(&tree.nodes, i64_of(i % b.outputs));
    }
    let scores = g.op(
        "TreeEnsemble",
        ML_DOMAIN,
        &[&x],
        vec![
            ("aggregate_function", Attr::Int(1)),
            ("post_transform", Attr::Int(0)),
            ("n_targets", Attr::Int(i64_of(b.outputs))),
            ("tree_roots", Attr::Ints(e.roots)),
            ("nodes_featureids", Attr::Ints(e.feature)),
            ("nodes_modes", Attr::TensorU8(e.modes)),
            (
                "nodes_splits",
                Attr::TensorF32(vec![i64_of(e.splits.len())], e.splits),
            ),
            ("nodes_truenodeids", Attr::Ints(e.true_ids)),
            ("nodes_trueleafs", Attr::Ints(e.true_leaf)),
            ("nodes_falsenodeids", Attr::Ints(e.false_ids)),
            ("nodes_falseleafs", Attr::Ints(e.false_leaf)),
            (
                "nodes_missing_value_tracks_true",
                Attr::Ints(e.missing_true),
            ),
            (
                "nodes_hitrates",
                Attr::TensorF32(vec![i64_of(e.covers.len())], e.covers),
            ),
            (
                "membership_values",
                Attr::TensorF32(vec![i64_of(e.members.len())], e.members),
            ),
            ("leaf_targetids", Attr::Ints(e.leaf_target)),
            (
                "leaf_weights",
                Attr::TensorF32(vec![i64_of(e.leaf_weights.len())], e.leaf_weights),
            ),
        ],
    );
    let init = g.constant_f32("init", vec![i64_of(b.outputs)], f32s(&b.init));
    g.op("Add", "", &[&scores, &init], vec![])
}

/// The flat arrays of a `TreeEnsemble`.
#[derive(Default)]
struct Ensemble {
    roots: Vec<i64>,
    feature: Vec<i64>,
    modes: Vec<u8>,
    splits: Vec<f32>,
    true_ids: Vec<i64>,
    true_leaf: Vec<i64>,
    false_ids: Vec<i64>,
    false_leaf: Vec<i64>,
    missing_true: Vec<i64>,
    covers: Vec<f32>,
    members: Vec<f32>,
    leaf_target: Vec<i64>,
    leaf_weights: Vec<f32>,
}

impl Ensemble {
    /// Adds one tree; a single-leaf tree gets a dummy split whose both branches reach it.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "ONNX stores f32 and codes are small"
    )]
    fn add_tree(&mut self, nodes: &[Node], target: i64) {
        // Index of each node in the inner-node or leaf arrays.
        let mut index = vec![0i64; nodes.len()];
        let (mut inner, mut leaves) = (i64_of(self.feature.len()), i64_of(self.leaf_weights.len()));
        for (i, n) in nodes.iter().enumerate() {
            match n {
                Node::Split { .. } => {
                    index[i] = inner;
                    inner += 1;
                }
                Node::Leaf { value, .. } => {
                    index[i] = leaves;
                    leaves += 1;
                    self.leaf_target.push(target);
                    self.leaf_weights.push(*value as f32);
                }
            }
        }
        if let [Node::Leaf { cover, .. }] = nodes {
            self.roots.push(i64_of(self.feature.len()));
            self.push_inner(0, 0, 0.0, (index[0], true), (index[0], true), false, *cover);
            return;
        }
        self.roots.push(index[0]);
        for n in nodes {
            if let Node::Split {
                feature,
                split,
                default_left,
                left,
                right,
                cover,
                ..
            } = n
            {
                let is_leaf = |c: &u32| matches!(nodes[*c as usize], Node::Leaf { .. });
                let (mode, threshold) = match split {
                    Split::Threshold { threshold, .. } => (0u8, *threshold),
                    Split::Categories { categories } => {
                        self.members.extend(categories.iter().map(|c| *c as f32));
                        self.members.push(f32::NAN);
                        (6u8, f32::NAN)
                    }
                };
                self.push_inner(
                    i64::from(*feature),
                    mode,
                    threshold,
                    (index[*left as usize], is_leaf(left)),
                    (index[*right as usize], is_leaf(right)),
                    *default_left,
                    *cover,
                );
            }
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one entry of each parallel array"
    )]
    #[allow(clippy::cast_possible_truncation, reason = "ONNX stores f32")]
    fn push_inner(
        &mut self,
        feature: i64,
        mode: u8,
        split: f32,
        t: (i64, bool),
        f: (i64, bool),
        missing_true: bool,
        cover: f64,
    ) {
        self.feature.push(feature);
        self.modes.push(mode);
        self.splits.push(split);
        self.true_ids.push(t.0);
        self.true_leaf.push(i64::from(t.1));
        self.false_ids.push(f.0);
        self.false_leaf.push(i64::from(f.1));
        self.missing_true.push(i64::from(missing_true));
        self.covers.push(cover as f32);
    }
}

/// The dense encoding (see [`DenseEncoder`]) of the inputs as one `[N, width]` tensor.
fn dense_input(
    g: &mut GraphBuilder,
    features: &[Feature],
    inputs: &[String],
    enc: &DenseEncoder,
) -> String {
    let mut parts = Vec::new();
    for ((f, e), input) in features.iter().zip(&enc.encodings).zip(inputs) {
        match (e, &f.kind) {
            (Encoding::Standard { mean, std }, _) => {
                #[allow(clippy::cast_possible_truncation, reason = "ONNX attributes are f32")]
                let (mean, inv) = (*mean as f32, (1.0 / std) as f32);
                let filled = g.op(
                    "Imputer",
                    ML_DOMAIN,
                    &[input],
                    vec![
                        ("imputed_value_floats", Attr::Floats(vec![mean])),
                        ("replaced_value_float", Attr::Float(f32::NAN)),
                    ],
                );
                parts.push(g.op(
                    "Scaler",
                    ML_DOMAIN,
                    &[&filled],
                    vec![
                        ("offset", Attr::Floats(vec![mean])),
                        ("scale", Attr::Floats(vec![inv])),
                    ],
                ));
            }
            (Encoding::OneHot { categories }, FeatureKind::Categorical { categories: names }) => {
                let hot = g.op(
                    "OneHotEncoder",
                    ML_DOMAIN,
                    &[input],
                    vec![
                        ("cats_strings", Attr::Strs(names.clone())),
                        ("zeros", Attr::Int(1)),
                    ],
                );
                let shape = g.constant_i64("shape", vec![2], vec![-1, i64_of(*categories)]);
                parts.push(g.op("Reshape", "", &[&hot, &shape], vec![]));
            }
            (Encoding::OneHot { .. }, FeatureKind::Numeric) => {}
        }
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    g.op("Concat", "", &refs, vec![("axis", Attr::Int(1))])
}

/// `x · w + b` with `w` row-major `inputs × outputs`.
fn gemm(g: &mut GraphBuilder, x: &str, w: &[f64], b: &[f64], inputs: usize) -> String {
    let outputs = b.len();
    let w = g.constant_f32("w", vec![i64_of(inputs), i64_of(outputs)], f32s(w));
    let b = g.constant_f32("b", vec![i64_of(outputs)], f32s(b));
    g.op("Gemm", "", &[x, &w, &b], vec![])
}

/// Probabilities and label (classification) or the prediction (regression).
fn head(g: &mut GraphBuilder, m: &TrainedModel, raw: &str) {
    use outputs::{LABEL, PREDICTION, PROBABILITIES};
    match m.target.task {
        Task::Regression => {
            g.node("Identity", "", &[raw], &[PREDICTION], vec![]);
            g.output(PREDICTION, ElemType::Float, &[None, Some(1)]);
            return;
        }
        Task::Binary => {
            let p = g.op("Sigmoid", "", &[raw], vec![]);
            let one = g.constant_f32("one", vec![1], vec![1.0]);
            let q = g.op("Sub", "", &[&one, &p], vec![]);
            g.node(
                "Concat",
                "",
                &[&q, &p],
                &[PROBABILITIES],
                vec![("axis", Attr::Int(1))],
            );
        }
        Task::Multiclass => {
            g.node(
                "Softmax",
                "",
                &[raw],
                &[PROBABILITIES],
                vec![("axis", Attr::Int(1))],
            );
        }
    }
    let k = m.target.classes.len();
    g.output(PROBABILITIES, ElemType::Float, &[None, Some(i64_of(k))]);
    let index = g.op(
        "ArgMax",
        "",
        &[PROBABILITIES],
        vec![("axis", Attr::Int(1)), ("keepdims", Attr::Int(1))],
    );
    g.node(
        "LabelEncoder",
        ML_DOMAIN,
        &[&index],
        &[LABEL],
        vec![
            ("keys_int64s", Attr::Ints((0..k).map(i64_of).collect())),
            ("values_strings", Attr::Strs(m.target.classes.clone())),
            ("default_string", Attr::Str(String::new())),
        ],
    );
    g.output(LABEL, ElemType::String, &[None, Some(1)]);
}
