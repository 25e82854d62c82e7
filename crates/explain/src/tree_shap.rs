//! Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) and SHAP
//! interaction values, for ModelDesk's boosted trees.
//!
//! Written here (it is the product's edge, and no Rust crate has it): the same recursion as
//! the reference C++ in the `shap` package — a path of (feature, zero fraction, one fraction,
//! weight) elements extended at each split and unwound when a feature repeats — with node
//! covers taken from the training row counts. Rows are explained in parallel.

use modeldesk_train::gbdt::{Gbdt, Node, Tree};

use crate::fast_tree_shap::FastModel;

/// One element of the unique path.
#[derive(Debug, Clone, Copy, Default)]
struct PathElement {
    /// Feature index (-1 for the root's dummy element).
    feature: i64,
    /// Fraction of "zero" paths (feature absent) flowing through.
    zero: f64,
    /// Fraction of "one" paths (feature present) flowing through.
    one: f64,
    /// Permutation weight.
    weight: f64,
}

/// Depth of a tree (edges on the longest root-to-leaf path).
fn depth(tree: &Tree, node: usize) -> usize {
    match &tree.nodes[node] {
        Node::Leaf { .. } => 0,
        Node::Split { left, right, .. } => {
            1 + depth(tree, *left as usize).max(depth(tree, *right as usize))
        }
    }
}

/// A node's training row count (the cover TreeSHAP weights paths by).
fn cover(tree: &Tree, node: usize) -> f64 {
    match &tree.nodes[node] {
        Node::Leaf { count, .. } | Node::Split { count, .. } => f64::from(*count),
    }
}

// The three path operations below are the reference algorithm with its divisions by small
// integers turned into multiplications by `recip[k] = 1/k` (one true division per call):
// the leaf loop calls `unwound_sum` depth² times per leaf, so this is where the time goes.

#[allow(clippy::cast_precision_loss, reason = "path depths are small")]
fn extend(m: &mut [PathElement], d: usize, zero: f64, one: f64, feature: i64, recip: &[f64]) {
    m[d] = PathElement {
        feature,
        zero,
        one,
        weight: if d == 0 { 1.0 } else { 0.0 },
    };
    let inv = recip[d + 1];
    for i in (0..d).rev() {
        m[i + 1].weight += one * m[i].weight * (i + 1) as f64 * inv;
        m[i].weight = zero * m[i].weight * (d - i) as f64 * inv;
    }
}

#[allow(clippy::cast_precision_loss, reason = "path depths are small")]
fn unwind(m: &mut [PathElement], d: usize, at: usize, recip: &[f64]) {
    let (one, zero) = (m[at].one, m[at].zero);
    let mut next_one = m[d].weight;
    let dp1 = (d + 1) as f64;
    if one == 0.0 {
        let scale = dp1 / zero;
        for i in (0..d).rev() {
            m[i].weight *= scale * recip[d - i];
        }
    } else {
        let scale = dp1 / one;
        let inv = recip[d + 1];
        for i in (0..d).rev() {
            let tmp = m[i].weight;
            m[i].weight = next_one * scale * recip[i + 1];
            next_one = tmp - m[i].weight * zero * (d - i) as f64 * inv;
        }
    }
    for i in at..d {
        m[i].feature = m[i + 1].feature;
        m[i].zero = m[i + 1].zero;
        m[i].one = m[i + 1].one;
    }
}

#[allow(clippy::cast_precision_loss, reason = "path depths are small")]
fn unwound_sum(m: &[PathElement], d: usize, at: usize, recip: &[f64]) -> f64 {
    let (one, zero) = (m[at].one, m[at].zero);
    let mut total = 0.0;
    let dp1 = (d + 1) as f64;
    if one != 0.0 {
        let scale = dp1 / one;
        let inv = recip[d + 1];
        let mut next_one = m[d].weight;
        for i in (0..d).rev() {
            let tmp = next_one * scale * recip[i + 1];
            total += tmp;
            next_one = m[i].weight - tmp * zero * (d - i) as f64 * inv;
        }
    } else if zero != 0.0 {
        let scale = dp1 / zero;
        for i in (0..d).rev() {
            total += m[i].weight * scale * recip[d - i];
        }
    }
    total
}

/// Conditioning for interaction values: explain with feature `feature` always present (+1),
/// always absent (−1), or no conditioning (0).
#[derive(Debug, Clone, Copy)]
struct Condition {
    sign: i8,
    feature: usize,
}

/// The recursion's fixed inputs.
struct Walk<'a> {
    tree: &'a Tree,
    recip: &'a [f64],
    row: &'a [f32],
    condition: Condition,
}

impl Walk<'_> {
    /// Recurses into `node`. As in the reference code, `ud` is the index this node's path
    /// element takes; the parent's path is `buf[parent..=parent + ud]` and this node's path
    /// starts right after it.
    #[allow(clippy::too_many_arguments, reason = "the reference recursion's state")]
    fn recurse(
        &self,
        phi: &mut [f64],
        buf: &mut [PathElement],
        node: usize,
        parent: usize,
        mut ud: usize,
        parent_zero: f64,
        parent_one: f64,
        parent_feature: i64,
        condition_fraction: f64,
    ) {
        if condition_fraction == 0.0 {
            return;
        }
        let start = parent + ud + 1;
        buf.copy_within(parent..=parent + ud, start);
        let c = self.condition;
        #[allow(clippy::cast_possible_wrap, reason = "feature counts are small")]
        let conditioned = c.sign != 0 && parent_feature == c.feature as i64;
        if !conditioned {
            extend(
                &mut buf[start..],
                ud,
                parent_zero,
                parent_one,
                parent_feature,
                self.recip,
            );
        }
        match &self.tree.nodes[node] {
            Node::Leaf { value, .. } => {
                let m = &buf[start..];
                for i in 1..=ud {
                    let w = unwound_sum(m, ud, i, self.recip);
                    let el = m[i];
                    #[allow(
                        clippy::cast_sign_loss,
                        clippy::cast_possible_truncation,
                        reason = "path features past the root are real"
                    )]
                    let f = el.feature as usize;
                    phi[f] += w * (el.one - el.zero) * condition_fraction * value;
                }
            }
            Node::Split {
                feature,
                split,
                default_left,
                left,
                right,
                ..
            } => {
                let f = *feature as usize;
                #[allow(clippy::cast_possible_wrap, reason = "feature counts are small")]
                let fi = f as i64;
                let goes_left = Tree::decide(split, *default_left, self.row[f]);
                let (hot, cold) = if goes_left {
                    (*left, *right)
                } else {
                    (*right, *left)
                };
                let (hot, cold) = (hot as usize, cold as usize);
                let w = cover(self.tree, node);
                let hot_zero = cover(self.tree, hot) / w;
                let cold_zero = cover(self.tree, cold) / w;
                let (mut in_zero, mut in_one) = (1.0, 1.0);
                // A feature already on the path: undo its earlier split to redo it here.
                if let Some(at) = (0..=ud).find(|i| buf[start + i].feature == fi) {
                    in_zero = buf[start + at].zero;
                    in_one = buf[start + at].one;
                    unwind(&mut buf[start..], ud, at, self.recip);
                    ud = ud.wrapping_sub(1);
                }
                let (mut hot_fraction, mut cold_fraction) =
                    (condition_fraction, condition_fraction);
                if c.sign != 0 && f == c.feature {
                    if c.sign > 0 {
                        cold_fraction = 0.0;
                    } else {
                        hot_fraction *= hot_zero;
                        cold_fraction *= cold_zero;
                    }
                    ud = ud.wrapping_sub(1);
                }
                let next = ud.wrapping_add(1);
                self.recurse(
                    phi,
                    buf,
                    hot,
                    start,
                    next,
                    hot_zero * in_zero,
                    in_one,
                    fi,
                    hot_fraction,
                );
                self.recurse(
                    phi,
                    buf,
                    cold,
                    start,
                    next,
                    cold_zero * in_zero,
                    0.0,
                    fi,
                    cold_fraction,
                );
            }
        }
    }
}

/// Scratch space for explaining rows: the path buffer, sized once for the deepest tree.
pub(crate) struct Scratch {
    buf: Vec<PathElement>,
    /// `recip[k] = 1 / k`.
    recip: Vec<f64>,
    /// Each node's direction for the current row (tabulated trees).
    goes_left: Vec<bool>,
}

impl Scratch {
    /// Scratch for `model`'s trees.
    pub(crate) fn for_model(model: &Gbdt) -> Self {
        let deepest = model.trees.iter().map(|t| depth(t, 0)).max().unwrap_or(0);
        let maxd = deepest + 2;
        #[allow(clippy::cast_precision_loss, reason = "depths are small")]
        let recip = (0..=maxd + 2)
            .map(|k| if k == 0 { 0.0 } else { 1.0 / k as f64 })
            .collect();
        Self {
            buf: vec![PathElement::default(); maxd * (maxd + 1) / 2 + 1],
            recip,
            goes_left: Vec::new(),
        }
    }
}

/// Adds one tree's SHAP values for `row` to `phi` (one slot per feature).
fn tree_phi(
    tree: &Tree,
    row: &[f32],
    phi: &mut [f64],
    scratch: &mut Scratch,
    condition: Condition,
) {
    let walk = Walk {
        tree,
        recip: &scratch.recip,
        row,
        condition,
    };
    walk.recurse(phi, &mut scratch.buf, 0, 0, 0, 1.0, 1.0, -1, 1.0);
}

/// One tree's SHAP values by the recursion alone (to check the leaf tables against).
#[cfg(test)]
pub(crate) fn tree_phi_plain(tree: &Tree, row: &[f32], phi: &mut [f64], scratch: &mut Scratch) {
    tree_phi(
        tree,
        row,
        phi,
        scratch,
        Condition {
            sign: 0,
            feature: 0,
        },
    );
}

/// The cover-weighted mean leaf value of a tree (its expected output on the training data).
pub(crate) fn expected_value(tree: &Tree) -> f64 {
    let root = cover(tree, 0);
    tree.nodes
        .iter()
        .map(|n| match n {
            Node::Leaf { value, count, .. } => value * f64::from(*count) / root,
            Node::Split { .. } => 0.0,
        })
        .sum()
}

/// SHAP values of one row: `out[k * features + f]` for output `k` — from the leaf tables where
/// `fast` has them, else by the recursion.
pub(crate) fn shap_row(
    model: &Gbdt,
    fast: &FastModel,
    row: &[f32],
    out: &mut [f64],
    buf: &mut Scratch,
) {
    let features = row.len();
    for (i, tree) in model.trees.iter().enumerate() {
        let k = i % model.outputs;
        let phi = &mut out[k * features..(k + 1) * features];
        if fast.add(i, tree, row, phi, &mut buf.goes_left) {
            continue;
        }
        tree_phi(
            tree,
            row,
            phi,
            buf,
            Condition {
                sign: 0,
                feature: 0,
            },
        );
    }
}

/// SHAP interaction values of one row: `out[(k * features + i) * features + j]`; the
/// diagonal holds main effects, and each row of the matrix sums to the SHAP value.
pub(crate) fn interactions_row(
    model: &Gbdt,
    fast: &FastModel,
    row: &[f32],
    out: &mut [f64],
    buf: &mut Scratch,
) {
    let features = row.len();
    let mut diag = vec![0.0; features];
    let mut on = vec![0.0; features];
    let mut off = vec![0.0; features];
    let mut used = vec![false; features];
    for (t, tree) in model.trees.iter().enumerate() {
        let k = t % model.outputs;
        let block = &mut out[k * features * features..(k + 1) * features * features];
        if fast.add_interactions(t, tree, row, block, &mut buf.goes_left) {
            continue;
        }
        diag.fill(0.0);
        tree_phi(
            tree,
            row,
            &mut diag,
            buf,
            Condition {
                sign: 0,
                feature: 0,
            },
        );
        used.fill(false);
        for n in &tree.nodes {
            if let Node::Split { feature, .. } = n {
                used[*feature as usize] = true;
            }
        }
        for j in (0..features).filter(|j| used[*j]) {
            on.fill(0.0);
            off.fill(0.0);
            tree_phi(
                tree,
                row,
                &mut on,
                buf,
                Condition {
                    sign: 1,
                    feature: j,
                },
            );
            tree_phi(
                tree,
                row,
                &mut off,
                buf,
                Condition {
                    sign: -1,
                    feature: j,
                },
            );
            for l in 0..features {
                let v = (on[l] - off[l]) / 2.0;
                block[j * features + l] += v;
                diag[l] -= v;
            }
        }
        for l in 0..features {
            block[l * features + l] += diag[l];
        }
    }
}
