//! Path-dependent TreeSHAP and SHAP interaction values with precomputed leaf tables (the idea of
//! Yang 2021, "Fast
//! TreeSHAP", v2): the same values as [`crate::tree_shap`], in O(leaves × depth) per row and
//! tree instead of O(leaves × depth²).
//!
//! For a leaf with value `v` whose path splits on the unique features `P` (`d` of them), the
//! path-dependent game is a product: feature `j` contributes `o_j` (1 if the row follows the
//! path at every split on `j`, else 0) when present and `z_j` (the product of the path's cover
//! fractions at those splits) when absent. Its Shapley value for `i ∈ P` is
//!
//! `φ_i = (o_i − z_i) / z_i · K(S \ {i})`, with `K(T) = v Σ_{Q ⊆ T} w(|Q|, d) Π_{j ∈ P \ Q} z_j`,
//!
//! where `S` is the set of features the row follows and `w(q, d) = q! (d − q − 1)! / d!`. `K`
//! depends only on the tree, so it is tabulated once for every subset (a subset-sum transform,
//! O(d 2^d) per leaf); a row then costs one table lookup per path feature. Trees whose tables
//! would not fit the memory budget, or with an empty child (z = 0), use the recursion instead.
#![allow(
    clippy::cast_precision_loss,
    reason = "depths and counts are far below 2^52"
)]

use modeldesk_train::gbdt::{Gbdt, Node, Tree};

/// Most unique features on one leaf's path for it to be tabulated (2^16 entries).
const MAX_PATH_FEATURES: usize = 16;
/// Most table entries for a whole model (16 M × 8 bytes = 128 MiB).
const MAX_MODEL_ENTRIES: usize = 1 << 24;

/// One leaf's precomputation.
#[derive(Debug)]
struct Leaf {
    /// The path's splits: `(node, whether the path goes left there, bit of its feature)`.
    steps: Vec<(u32, bool, u8)>,
    /// The unique path features, by bit.
    features: Vec<u32>,
    /// `(1 − z_i) / z_i` per bit: the factor when the row follows feature `i`'s splits.
    follow: Vec<f64>,
    /// `z_i` per bit: the product of the path's cover fractions at feature `i`'s splits.
    zero: Vec<f64>,
    /// `K(T)` for every subset `T` of the bits.
    table: Vec<f64>,
    /// For interaction values: per bit `j`, `K_{−j}` over the other bits (indexed by masks with
    /// bit `j` removed) — the leaf's game with feature `j` held fixed.
    pairs: Option<Vec<Vec<f64>>>,
}

/// A tree's leaves, tabulated.
#[derive(Debug)]
struct FastTree {
    leaves: Vec<Leaf>,
}

/// A model's trees, tabulated where they fit (`None`: use the recursion).
#[derive(Debug)]
pub(crate) struct FastModel {
    trees: Vec<Option<FastTree>>,
}

/// A node's training row count (the cover).
fn cover(tree: &Tree, node: usize) -> f64 {
    match &tree.nodes[node] {
        Node::Leaf { count, .. } | Node::Split { count, .. } => f64::from(*count),
    }
}

/// Every root-to-leaf path: `(leaf, [(split node, goes left)])`.
fn paths(tree: &Tree) -> Vec<(usize, Vec<(u32, bool)>)> {
    let mut out = Vec::new();
    let mut stack = vec![(0usize, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match &tree.nodes[node] {
            Node::Leaf { .. } => out.push((node, path)),
            Node::Split { left, right, .. } => {
                #[allow(clippy::cast_possible_truncation, reason = "node counts fit u32")]
                let here = node as u32;
                let mut l = path.clone();
                l.push((here, true));
                let mut r = path;
                r.push((here, false));
                stack.push((*right as usize, r));
                stack.push((*left as usize, l));
            }
        }
    }
    out
}

/// The table of one leaf, or `None` when a cover fraction is zero or the path is too long.
fn leaf_table(tree: &Tree, leaf: usize, path: &[(u32, bool)], interactions: bool) -> Option<Leaf> {
    let Node::Leaf { value, .. } = &tree.nodes[leaf] else {
        return None;
    };
    let mut features: Vec<u32> = Vec::new();
    let mut z: Vec<f64> = Vec::new();
    let mut steps = Vec::with_capacity(path.len());
    for &(node, left) in path {
        let Node::Split {
            feature,
            left: l,
            right: r,
            ..
        } = &tree.nodes[node as usize]
        else {
            return None;
        };
        let child = if left { *l } else { *r } as usize;
        let fraction = cover(tree, child) / cover(tree, node as usize);
        let bit = if let Some(b) = features.iter().position(|f| f == feature) {
            z[b] *= fraction;
            b
        } else {
            features.push(*feature);
            z.push(fraction);
            features.len() - 1
        };
        #[allow(clippy::cast_possible_truncation, reason = "at most 16 path features")]
        steps.push((node, left, bit as u8));
    }
    let d = features.len();
    if d > MAX_PATH_FEATURES || z.iter().any(|z| *z <= 0.0 || !z.is_finite()) {
        return None;
    }
    let table = shapley_table(&z, *value);
    let pairs = interactions.then(|| {
        (0..d)
            .map(|j| {
                let others: Vec<f64> = (0..d).filter(|&b| b != j).map(|b| z[b]).collect();
                shapley_table(&others, *value)
            })
            .collect()
    });
    Some(Leaf {
        steps,
        features,
        follow: z.iter().map(|z| (1.0 - z) / z).collect(),
        zero: z,
        table,
        pairs,
    })
}

/// `K(T) = v Σ_{Q ⊆ T} w(|Q|, d) Π_{j ∉ Q} z_j` for every subset `T` of the `d` players with
/// absent-factors `z` (a subset-sum transform of the per-coalition terms).
fn shapley_table(z: &[f64], value: f64) -> Vec<f64> {
    let d = z.len();
    if d == 0 {
        return vec![0.0];
    }
    // w(q, d) = q! (d − q − 1)! / d!, for q < d.
    let mut fact = vec![1.0f64; d + 1];
    for n in 1..=d {
        fact[n] = fact[n - 1] * n as f64;
    }
    let full = (1usize << d) - 1;
    // prod[Q] = Π_{j ∈ Q} z_j.
    let mut prod = vec![1.0f64; 1 << d];
    for q in 1..=full {
        let low = q.trailing_zeros() as usize;
        prod[q] = prod[q & (q - 1)] * z[low];
    }
    let mut table: Vec<f64> = (0..=full)
        .map(|q| {
            let size = q.count_ones() as usize;
            if size >= d {
                return 0.0; // Q never holds every player: the explained one is outside.
            }
            value * fact[size] * fact[d - size - 1] / fact[d] * prod[full ^ q]
        })
        .collect();
    for b in 0..d {
        for t in 0..=full {
            if t >> b & 1 == 1 {
                table[t] += table[t ^ (1 << b)];
            }
        }
    }
    table
}

/// `mask` with bit `bit` removed (the bits above it shifted down).
fn without_bit(mask: usize, bit: usize) -> usize {
    (mask & ((1 << bit) - 1)) | ((mask >> (bit + 1)) << bit)
}

/// Each node's direction for `row` (`true`: left).
fn directions(tree: &Tree, row: &[f32], goes_left: &mut Vec<bool>) {
    goes_left.clear();
    goes_left.extend(tree.nodes.iter().map(|n| match n {
        Node::Split {
            feature,
            split,
            default_left,
            ..
        } => Tree::decide(split, *default_left, row[*feature as usize]),
        Node::Leaf { .. } => false,
    }));
}

impl Leaf {
    /// The bits of the path features the row follows at every split.
    fn follows(&self, goes_left: &[bool]) -> usize {
        let mut follows = (1usize << self.features.len()) - 1;
        for &(node, left, bit) in &self.steps {
            if goes_left[node as usize] != left {
                follows &= !(1usize << bit);
            }
        }
        follows
    }

    /// `(o_i − z_i) / z_i`: the factor of bit `b` for a row following the bits `follows`.
    fn factor(&self, follows: usize, b: usize) -> f64 {
        if follows >> b & 1 == 1 {
            self.follow[b]
        } else {
            -1.0
        }
    }
}

impl FastModel {
    /// Tabulates the trees of `model` that fit the memory budget (with the tables interaction
    /// values need when `interactions`).
    pub(crate) fn new(model: &Gbdt, interactions: bool) -> Self {
        let mut budget = MAX_MODEL_ENTRIES;
        let trees = model
            .trees
            .iter()
            .map(|tree| {
                let leaves: Option<Vec<Leaf>> = paths(tree)
                    .iter()
                    .filter(|(_, path)| !path.is_empty())
                    .map(|(leaf, path)| leaf_table(tree, *leaf, path, interactions))
                    .collect();
                let leaves = leaves?;
                let size: usize = leaves
                    .iter()
                    .map(|l| {
                        l.table.len() + l.pairs.as_ref().map_or(0, |p| p.iter().map(Vec::len).sum())
                    })
                    .sum();
                if size > budget {
                    return None;
                }
                budget -= size;
                Some(FastTree { leaves })
            })
            .collect();
        Self { trees }
    }

    /// Adds tree `t`'s SHAP values for `row` to `phi` (one slot per feature); `goes_left` is
    /// scratch of the tree's node count. Returns `false` if the tree is not tabulated.
    pub(crate) fn add(
        &self,
        t: usize,
        tree: &Tree,
        row: &[f32],
        phi: &mut [f64],
        goes_left: &mut Vec<bool>,
    ) -> bool {
        let Some(Some(fast)) = self.trees.get(t) else {
            return false;
        };
        directions(tree, row, goes_left);
        for leaf in &fast.leaves {
            let follows = leaf.follows(goes_left);
            for (b, &f) in leaf.features.iter().enumerate() {
                phi[f as usize] += leaf.factor(follows, b) * leaf.table[follows & !(1usize << b)];
            }
        }
        true
    }

    /// Adds tree `t`'s SHAP interaction values for `row` to `block` (`[j * features + i]`, main
    /// effects on the diagonal): `Φ_ij = (o_j − z_j) / 2 · (o_i − z_i) / z_i · K_{−j}(S ∖ {i, j})`
    /// per leaf, and `Φ_ii = φ_i − Σ_{j≠i} Φ_ij`. Returns `false` if the tree has no tables.
    pub(crate) fn add_interactions(
        &self,
        t: usize,
        tree: &Tree,
        row: &[f32],
        block: &mut [f64],
        goes_left: &mut Vec<bool>,
    ) -> bool {
        let Some(Some(fast)) = self.trees.get(t) else {
            return false;
        };
        if fast.leaves.iter().any(|l| l.pairs.is_none()) {
            return false;
        }
        let features = row.len();
        directions(tree, row, goes_left);
        for leaf in &fast.leaves {
            let Some(pairs) = &leaf.pairs else { continue };
            let follows = leaf.follows(goes_left);
            for (ib, &i) in leaf.features.iter().enumerate() {
                let fi = leaf.factor(follows, ib);
                let phi = fi * leaf.table[follows & !(1usize << ib)];
                let mut off = 0.0;
                for (jb, &j) in leaf.features.iter().enumerate() {
                    if jb == ib {
                        continue;
                    }
                    let oj = f64::from(u8::from(follows >> jb & 1 == 1));
                    let rest = without_bit(follows & !(1usize << ib), jb);
                    let v = (oj - leaf.zero[jb]) / 2.0 * fi * pairs[jb][rest];
                    block[j as usize * features + i as usize] += v;
                    off += v;
                }
                block[i as usize * features + i as usize] += phi - off;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modeldesk_train::{ModelBody, TrainedModel};

    /// The fixtures' trained models (binary, multiclass, regression; with missing values).
    fn models() -> Vec<Gbdt> {
        ["breast_cancer", "wine", "diabetes"]
            .iter()
            .map(|name| {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("tests/data/{name}_model.json"));
                let m: TrainedModel =
                    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                match m.body {
                    ModelBody::Gbdt(g) => g,
                    _ => panic!("{name} is not a GBDT"),
                }
            })
            .collect()
    }

    #[test]
    fn leaf_tables_equal_the_recursion_on_every_tree() {
        for model in models() {
            let fast = FastModel::new(&model, true);
            assert!(fast.trees.iter().all(Option::is_some), "every tree fits");
            let features = model
                .trees
                .iter()
                .flat_map(|t| &t.nodes)
                .filter_map(|n| match n {
                    Node::Split { feature, .. } => Some(*feature as usize + 1),
                    Node::Leaf { .. } => None,
                })
                .max()
                .unwrap_or(1);
            let mut scratch = crate::tree_shap::Scratch::for_model(&model);
            let mut goes_left = Vec::new();
            for r in 0..20u16 {
                let row: Vec<f32> = (0..features)
                    .map(|f| {
                        if (usize::from(r) + f) % 7 == 0 {
                            f32::NAN
                        } else {
                            f32::from(r) * 0.37 - f32::from(u16::try_from(f).unwrap()) * 0.11
                        }
                    })
                    .collect();
                let mut slow = vec![0.0; features * features * model.outputs];
                let mut quick = slow.clone();
                crate::tree_shap::interactions_row(
                    &model,
                    &FastModel::new(&model, false),
                    &row,
                    &mut slow,
                    &mut scratch,
                );
                crate::tree_shap::interactions_row(&model, &fast, &row, &mut quick, &mut scratch);
                for (g, w) in quick.iter().zip(&slow) {
                    assert!((g - w).abs() < 1e-12, "interaction {g} vs {w}");
                }
                for (t, tree) in model.trees.iter().enumerate() {
                    let mut want = vec![0.0; features];
                    crate::tree_shap::tree_phi_plain(tree, &row, &mut want, &mut scratch);
                    let mut got = vec![0.0; features];
                    assert!(fast.add(t, tree, &row, &mut got, &mut goes_left));
                    for (g, w) in got.iter().zip(&want) {
                        assert!((g - w).abs() < 1e-12, "tree {t}: {g} vs {w}");
                    }
                }
            }
        }
    }
}
