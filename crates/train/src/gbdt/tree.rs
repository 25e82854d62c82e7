//! A regression tree as trained and exported: split nodes with a numeric threshold or a
//! category set, a learned direction for missing values, and each node's cover.

use serde::{Deserialize, Serialize};

/// How a split node sends a row left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Split {
    /// `x <= threshold` goes left (`bin` is the training bin with the same meaning).
    Threshold {
        /// The threshold, in the feature's `f32` units.
        threshold: f32,
        /// Bins `<= bin` go left.
        bin: u8,
    },
    /// Category codes in `categories` go left.
    Categories {
        /// Sorted category codes.
        categories: Vec<u32>,
    },
}

/// One node of a tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    /// An inner node.
    Split {
        /// Feature index.
        feature: u32,
        /// The rule.
        split: Split,
        /// Whether missing values (and NaN) go left.
        default_left: bool,
        /// Left child index.
        left: u32,
        /// Right child index.
        right: u32,
        /// The split's gain (for importances).
        gain: f64,
        /// Σ hessian of the training rows reaching this node (TreeSHAP's cover).
        cover: f64,
        /// Training rows reaching this node.
        count: u32,
    },
    /// A leaf.
    Leaf {
        /// The value added to the score (learning rate included).
        value: f64,
        /// Σ hessian of the training rows in the leaf.
        cover: f64,
        /// Training rows in the leaf.
        count: u32,
    },
}

/// A tree: `nodes[0]` is the root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// The nodes.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The leaf index a row of raw feature values reaches.
    pub fn leaf(&self, row: impl Fn(usize) -> f32) -> usize {
        let mut at = 0usize;
        loop {
            match &self.nodes[at] {
                Node::Leaf { .. } => return at,
                Node::Split {
                    feature,
                    split,
                    default_left,
                    left,
                    right,
                    ..
                } => {
                    let x = row(*feature as usize);
                    let go_left = if x.is_nan() {
                        *default_left
                    } else {
                        match split {
                            Split::Threshold { threshold, .. } => x <= *threshold,
                            #[allow(
                                clippy::cast_possible_truncation,
                                clippy::cast_sign_loss,
                                reason = "codes are small"
                            )]
                            Split::Categories { categories } => {
                                x >= 0.0
                                    && x.fract() == 0.0
                                    && categories.binary_search(&(x as u32)).is_ok()
                            }
                        }
                    };
                    at = (if go_left { *left } else { *right }) as usize;
                }
            }
        }
    }

    /// The value for a row of raw feature values.
    pub fn predict(&self, row: impl Fn(usize) -> f32) -> f64 {
        match &self.nodes[self.leaf(row)] {
            Node::Leaf { value, .. } => *value,
            Node::Split { .. } => 0.0,
        }
    }

    /// The value for a row given as training bins (`missing[f]` is feature f's missing bin).
    pub(crate) fn predict_bins(&self, bins: &[Vec<u8>], missing: &[u8], r: usize) -> f64 {
        let mut at = 0usize;
        loop {
            match &self.nodes[at] {
                Node::Leaf { value, .. } => return *value,
                Node::Split {
                    feature,
                    split,
                    default_left,
                    left,
                    right,
                    ..
                } => {
                    let f = *feature as usize;
                    let b = bins[f][r];
                    let go_left = if b == missing[f] {
                        *default_left
                    } else {
                        match split {
                            Split::Threshold { bin, .. } => b <= *bin,
                            Split::Categories { categories } => {
                                categories.binary_search(&u32::from(b)).is_ok()
                            }
                        }
                    };
                    at = (if go_left { *left } else { *right }) as usize;
                }
            }
        }
    }

    /// Leaves in the tree.
    pub fn leaves(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, Node::Leaf { .. }))
            .count()
    }
}
