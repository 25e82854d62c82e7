//! The tree ensemble inside an ONNX model (`ai.onnx.ml` `TreeEnsembleRegressor` /
//! `TreeEnsembleClassifier`, as LightGBM, XGBoost and scikit-learn converters write them), read
//! into plain trees so that SHAP values can be computed from the trees themselves.

use std::collections::HashMap;

use crate::OnnxError;
use crate::proto::{AttributeProto, GraphProto, ModelProto, NodeProto};

/// How a branch node compares its feature with its threshold (`true` → the true child).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `x <= t`.
    Leq,
    /// `x < t`.
    Lt,
    /// `x >= t`.
    Gte,
    /// `x > t`.
    Gt,
    /// `x == t`.
    Eq,
    /// `x != t`.
    Neq,
}

/// One node of a tree: a branch or a leaf.
#[derive(Debug, Clone, PartialEq)]
pub enum TreeNode {
    /// A split on one input feature.
    Branch {
        /// Input column index.
        feature: usize,
        /// The comparison.
        rule: Rule,
        /// The threshold (ONNX stores it as `f32`).
        threshold: f32,
        /// Index of the child taken when the rule holds.
        yes: usize,
        /// Index of the child taken otherwise.
        no: usize,
        /// Whether a missing (NaN) value takes the `yes` child.
        missing_yes: bool,
    },
    /// A leaf adding `weights` to `(target, weight)` outputs.
    Leaf {
        /// `(target or class id, weight)` pairs.
        weights: Vec<(usize, f64)>,
    },
}

/// One tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// The nodes, children referring to indices in this vector.
    pub nodes: Vec<TreeNode>,
    /// Index of the root (the node no branch points to).
    pub root: usize,
}

impl Tree {
    /// The leaf reached by `x` (NaN is missing).
    #[must_use]
    pub fn leaf(&self, x: &[f32]) -> usize {
        let mut i = self.root;
        while let TreeNode::Branch { feature, .. } = &self.nodes[i] {
            i = self.next(i, x.get(*feature).copied().unwrap_or(f32::NAN));
        }
        i
    }

    /// The child of branch `node` that value `v` goes to (`node` itself for a leaf).
    #[must_use]
    pub fn next(&self, node: usize, v: f32) -> usize {
        match &self.nodes[node] {
            TreeNode::Branch {
                rule,
                threshold: t,
                yes,
                no,
                missing_yes,
                ..
            } => {
                #[allow(clippy::float_cmp, reason = "ONNX's BRANCH_EQ/NEQ compare exactly")]
                let go_yes = if v.is_nan() {
                    *missing_yes
                } else {
                    match rule {
                        Rule::Leq => v <= *t,
                        Rule::Lt => v < *t,
                        Rule::Gte => v >= *t,
                        Rule::Gt => v > *t,
                        Rule::Eq => v == *t,
                        Rule::Neq => v != *t,
                    }
                };
                if go_yes { *yes } else { *no }
            }
            TreeNode::Leaf { .. } => node,
        }
    }
}

/// A tree ensemble read from an ONNX model.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeEnsemble {
    /// The graph input the ensemble reads (directly or through a `Cast`).
    pub input: String,
    /// Whether it is a classifier (`TreeEnsembleClassifier`).
    pub classifier: bool,
    /// Outputs the leaves add to: targets of a regressor, class ids of a classifier.
    pub targets: usize,
    /// Added to each output before the post-transform.
    pub base_values: Vec<f64>,
    /// `NONE`, `LOGISTIC`, `SOFTMAX`, `SOFTMAX_ZERO` or `PROBIT`.
    pub post_transform: String,
    /// The trees, by tree id.
    pub trees: Vec<Tree>,
    /// Highest feature index used, plus one.
    pub features: usize,
}

impl TreeEnsemble {
    /// The raw (pre-transform) output of every target for one row.
    #[must_use]
    pub fn raw(&self, x: &[f32]) -> Vec<f64> {
        let mut out = self.base_values.clone();
        out.resize(self.targets, 0.0);
        for tree in &self.trees {
            if let TreeNode::Leaf { weights } = &tree.nodes[tree.leaf(x)] {
                for (t, w) in weights {
                    out[*t] += w;
                }
            }
        }
        out
    }
}

/// Why a model's trees cannot be read, in words.
fn unsupported(reason: impl Into<String>) -> OnnxError {
    OnnxError::Unsupported(reason.into())
}

fn attr<'a>(node: &'a NodeProto, name: &str) -> Option<&'a AttributeProto> {
    node.attribute
        .iter()
        .find(|a| a.name.as_deref() == Some(name))
}

fn ints(node: &NodeProto, name: &str) -> Vec<i64> {
    attr(node, name).map(|a| a.ints.clone()).unwrap_or_default()
}

fn floats(node: &NodeProto, name: &str) -> Vec<f32> {
    attr(node, name)
        .map(|a| a.floats.clone())
        .unwrap_or_default()
}

fn index(v: i64, what: &str) -> Result<usize, OnnxError> {
    usize::try_from(v).map_err(|_| unsupported(format!("negative {what} {v}")))
}

/// A string attribute, or `default`.
fn text(node: &NodeProto, name: &str, default: &str) -> String {
    attr(node, name).and_then(|a| a.s.as_ref()).map_or_else(
        || default.to_owned(),
        |s| String::from_utf8_lossy(s).into_owned(),
    )
}

/// The graph's one tree-ensemble node and the graph input it reads (directly or through one
/// `Cast`).
fn ensemble_node(graph: &GraphProto) -> Result<Option<(&NodeProto, String)>, OnnxError> {
    let mut found = graph.node.iter().filter(|n| {
        matches!(
            n.op_type.as_deref(),
            Some("TreeEnsembleRegressor" | "TreeEnsembleClassifier")
        )
    });
    let Some(node) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() {
        return Err(unsupported("the model has more than one tree ensemble"));
    }
    let source = node.input.first().cloned().unwrap_or_default();
    let graph_input = |name: &str| graph.input.iter().any(|i| i.name.as_deref() == Some(name));
    if graph_input(&source) {
        return Ok(Some((node, source)));
    }
    graph
        .node
        .iter()
        .find(|n| n.output.first() == Some(&source) && n.op_type.as_deref() == Some("Cast"))
        .and_then(|n| n.input.first())
        .filter(|i| graph_input(i))
        .map(|i| Some((node, i.clone())))
        .ok_or_else(|| {
            unsupported(format!(
                "the tree ensemble reads {source:?}, which other operators compute"
            ))
        })
}

/// Where each `(tree id, node id)` of the attribute arrays went.
struct Layout {
    /// Tree ids, sorted: a tree's index is its id's position.
    tree_ids: Vec<i64>,
    /// `(tree id, node id)` → index in its tree's nodes.
    position: HashMap<(i64, i64), usize>,
}

impl Layout {
    /// `(tree index, node index)` of a node id in a tree.
    fn locate(&self, tree: i64, id: i64) -> Result<(usize, usize), OnnxError> {
        let t = self
            .tree_ids
            .binary_search(&tree)
            .map_err(|_| unsupported(format!("no tree {tree}")))?;
        let n = self
            .position
            .get(&(tree, id))
            .copied()
            .ok_or_else(|| unsupported(format!("tree {tree} refers to a missing node {id}")))?;
        Ok((t, n))
    }
}

/// The branch rule of a `nodes_modes` entry (`None` for a leaf).
fn rule(mode: &str) -> Result<Option<Rule>, OnnxError> {
    Ok(Some(match mode {
        "LEAF" => return Ok(None),
        "BRANCH_LEQ" => Rule::Leq,
        "BRANCH_LT" => Rule::Lt,
        "BRANCH_GTE" => Rule::Gte,
        "BRANCH_GT" => Rule::Gt,
        "BRANCH_EQ" => Rule::Eq,
        "BRANCH_NEQ" => Rule::Neq,
        other => return Err(unsupported(format!("unknown node mode {other:?}"))),
    }))
}

/// The trees' structure (leaves still without weights), the layout, and the feature count.
fn read_nodes(node: &NodeProto) -> Result<(Vec<Tree>, Layout, usize), OnnxError> {
    let tree_ids = ints(node, "nodes_treeids");
    let node_ids = ints(node, "nodes_nodeids");
    let feature_ids = ints(node, "nodes_featureids");
    let thresholds = floats(node, "nodes_values");
    let yes_ids = ints(node, "nodes_truenodeids");
    let no_ids = ints(node, "nodes_falsenodeids");
    let missing = ints(node, "nodes_missing_value_tracks_true");
    let modes: Vec<String> = attr(node, "nodes_modes")
        .map(|a| {
            a.strings
                .iter()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let n = tree_ids.len();
    for (name, len) in [
        ("nodes_nodeids", node_ids.len()),
        ("nodes_featureids", feature_ids.len()),
        ("nodes_values", thresholds.len()),
        ("nodes_truenodeids", yes_ids.len()),
        ("nodes_falsenodeids", no_ids.len()),
        ("nodes_modes", modes.len()),
    ] {
        if len != n {
            return Err(unsupported(format!(
                "{name} has {len} entries for {n} nodes"
            )));
        }
    }
    let mut sorted = tree_ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let mut layout = Layout {
        tree_ids: sorted,
        position: HashMap::with_capacity(n),
    };
    let mut counts = vec![0usize; layout.tree_ids.len()];
    for p in 0..n {
        let t = layout.tree_ids.binary_search(&tree_ids[p]).unwrap_or(0);
        layout
            .position
            .insert((tree_ids[p], node_ids[p]), counts[t]);
        counts[t] += 1;
    }
    let mut trees: Vec<Tree> = counts
        .iter()
        .map(|&c| Tree {
            nodes: Vec::with_capacity(c),
            root: 0,
        })
        .collect();
    let mut features = 0;
    for p in 0..n {
        let (t, _) = layout.locate(tree_ids[p], node_ids[p])?;
        let node = match rule(&modes[p])? {
            None => TreeNode::Leaf {
                weights: Vec::new(),
            },
            Some(rule) => {
                let feature = index(feature_ids[p], "feature id")?;
                features = features.max(feature + 1);
                TreeNode::Branch {
                    feature,
                    rule,
                    threshold: thresholds[p],
                    yes: layout.locate(tree_ids[p], yes_ids[p])?.1,
                    no: layout.locate(tree_ids[p], no_ids[p])?.1,
                    missing_yes: missing.get(p).is_some_and(|m| *m != 0),
                }
            }
        };
        trees[t].nodes.push(node);
    }
    for tree in &mut trees {
        let mut pointed = vec![false; tree.nodes.len()];
        for node in &tree.nodes {
            if let TreeNode::Branch { yes, no, .. } = node {
                pointed[*yes] = true;
                pointed[*no] = true;
            }
        }
        tree.root = pointed.iter().position(|p| !p).unwrap_or(0);
    }
    Ok((trees, layout, features))
}

/// Puts the `{prefix}_weights` on their leaves; returns the highest target id plus one.
fn add_weights(
    node: &NodeProto,
    prefix: &str,
    trees: &mut [Tree],
    layout: &Layout,
) -> Result<usize, OnnxError> {
    let w_trees = ints(node, &format!("{prefix}_treeids"));
    let w_nodes = ints(node, &format!("{prefix}_nodeids"));
    let w_ids = ints(node, &format!("{prefix}_ids"));
    let w_values = floats(node, &format!("{prefix}_weights"));
    if [w_nodes.len(), w_ids.len(), w_values.len()] != [w_trees.len(); 3] {
        return Err(unsupported(format!(
            "{prefix} weight attributes differ in length"
        )));
    }
    let mut targets = 0;
    for q in 0..w_trees.len() {
        let (t, at) = layout.locate(w_trees[q], w_nodes[q])?;
        let target = index(w_ids[q], "target id")?;
        targets = targets.max(target + 1);
        match &mut trees[t].nodes[at] {
            TreeNode::Leaf { weights } => weights.push((target, f64::from(w_values[q]))),
            TreeNode::Branch { .. } => {
                return Err(unsupported(format!(
                    "tree {} puts a weight on branch node {}",
                    w_trees[q], w_nodes[q]
                )));
            }
        }
    }
    Ok(targets)
}

/// Scales the leaves for `AVERAGE` aggregation; `MIN`/`MAX` are not additive over trees.
fn aggregate(trees: &mut [Tree], function: &str) -> Result<(), OnnxError> {
    match function {
        "SUM" => Ok(()),
        "AVERAGE" => {
            #[allow(clippy::cast_precision_loss, reason = "tree counts are small")]
            let scale = 1.0 / trees.len().max(1) as f64;
            for tree in trees.iter_mut() {
                for node in &mut tree.nodes {
                    if let TreeNode::Leaf { weights } = node {
                        for (_, w) in weights {
                            *w *= scale;
                        }
                    }
                }
            }
            Ok(())
        }
        other => Err(unsupported(format!(
            "{other} aggregation is not additive over trees"
        ))),
    }
}

/// The single tree-ensemble node of the model's main graph, read as trees — `Ok(None)` when
/// the model has none; an error when it has one this reader cannot follow (several ensembles,
/// an input computed by other operators, `MIN`/`MAX` aggregation, tensor-valued attributes).
pub fn tree_ensemble(proto: &ModelProto) -> Result<Option<TreeEnsemble>, OnnxError> {
    let Some((node, input)) = proto
        .graph
        .as_ref()
        .map(ensemble_node)
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    if [
        "nodes_values_as_tensor",
        "target_weights_as_tensor",
        "class_weights_as_tensor",
    ]
    .iter()
    .any(|name| attr(node, name).is_some())
    {
        return Err(unsupported(
            "double-precision tree attributes are not read yet",
        ));
    }
    let classifier = node.op_type.as_deref() == Some("TreeEnsembleClassifier");
    let (mut trees, layout, features) = read_nodes(node)?;
    let mut targets = add_weights(
        node,
        if classifier { "class" } else { "target" },
        &mut trees,
        &layout,
    )?;
    if classifier {
        let labels = ints(node, "classlabels_int64s")
            .len()
            .max(attr(node, "classlabels_strings").map_or(0, |a| a.strings.len()));
        // Binary models with weights for one class only: the score belongs to the second label.
        if !(labels == 2 && targets == 1) {
            targets = targets.max(labels);
        }
    } else if let Some(n) = attr(node, "n_targets").and_then(|a| a.i) {
        targets = targets.max(index(n, "n_targets")?);
    }
    let mut base_values: Vec<f64> = floats(node, "base_values")
        .into_iter()
        .map(f64::from)
        .collect();
    base_values.resize(targets, 0.0);
    aggregate(&mut trees, &text(node, "aggregate_function", "SUM"))?;
    Ok(Some(TreeEnsemble {
        input,
        classifier,
        targets,
        base_values,
        post_transform: text(node, "post_transform", "NONE"),
        trees,
        features,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> ModelProto {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../app/tests/data/byo")
            .join(name);
        crate::decode_model(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn a_lightgbm_binary_classifier_reads_as_one_log_odds_output() {
        let e = tree_ensemble(&fixture("lgbm.onnx")).unwrap().unwrap();
        assert_eq!(e.input, "input");
        assert!(e.classifier);
        assert_eq!(e.trees.len(), 30);
        assert_eq!(e.targets, 1);
        assert_eq!(e.post_transform, "LOGISTIC");
        assert!(e.features <= 30);
        let leaves: usize = e
            .trees
            .iter()
            .map(|t| {
                t.nodes
                    .iter()
                    .filter(|n| matches!(n, TreeNode::Leaf { .. }))
                    .count()
            })
            .sum();
        assert_eq!(leaves, 439, "one weight per leaf");
    }

    #[test]
    fn a_binary_random_forest_scores_the_positive_class() {
        let e = tree_ensemble(&fixture("rf_zipmap.onnx")).unwrap().unwrap();
        assert!(e.classifier);
        assert_eq!(
            e.targets, 1,
            "binary: one score, the second label's probability"
        );
        assert_eq!(e.post_transform, "NONE");
        // Each leaf holds its class-1 frequency divided by the tree count.
        let trees = f64::from(u32::try_from(e.trees.len()).unwrap());
        for t in &e.trees {
            for n in &t.nodes {
                if let TreeNode::Leaf { weights } = n {
                    let total: f64 = weights.iter().map(|(_, w)| w).sum();
                    assert!((-1e-9..=1.0 / trees + 1e-6).contains(&total), "{total}");
                }
            }
        }
    }

    #[test]
    fn a_model_without_trees_has_no_ensemble() {
        assert!(tree_ensemble(&fixture("mlp.onnx")).unwrap().is_none());
    }
}
