//! A regression tree as trained and exported: split nodes with a numeric threshold or a
//! category set, a learned direction for missing values, and each node's cover.

use serde::{Deserialize, Serialize};

/// How a split node sends a row left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Split {
    /// `x <= threshold` goes left (`bin` is the training bin with the same meaning).
    Threshold {
        /// The threshold, in the feature's `f32` units (+∞ for "every value left, missing
        /// right"; stored as the string `"inf"`, which JSON numbers cannot hold).
        #[serde(with = "json_f32")]
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

/// `f32` in JSON with the non-finite values JSON lacks written as strings (`"inf"`, `"-inf"`,
/// `"nan"`).
mod json_f32 {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Number(f32),
        Text(String),
    }

    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `with` signature"
    )]
    pub fn serialize<S: Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            Repr::Number(*v).serialize(s)
        } else {
            Repr::Text(if v.is_nan() {
                "nan".into()
            } else if *v > 0.0 {
                "inf".into()
            } else {
                "-inf".into()
            })
            .serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
        match Repr::deserialize(d)? {
            Repr::Number(v) => Ok(v),
            Repr::Text(t) => match t.as_str() {
                "inf" => Ok(f32::INFINITY),
                "-inf" => Ok(f32::NEG_INFINITY),
                "nan" => Ok(f32::NAN),
                other => Err(serde::de::Error::custom(format!(
                    "{other:?} is not a number"
                ))),
            },
        }
    }
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
    /// Walks from the root to a leaf; `left(feature, split, default_left)` decides each step.
    fn walk(&self, left: impl Fn(usize, &Split, bool) -> bool) -> usize {
        let mut at = 0usize;
        while let Node::Split {
            feature,
            split,
            default_left,
            left: l,
            right: r,
            ..
        } = &self.nodes[at]
        {
            at = (if left(*feature as usize, split, *default_left) {
                *l
            } else {
                *r
            }) as usize;
        }
        at
    }

    fn value_at(&self, at: usize) -> f64 {
        match &self.nodes[at] {
            Node::Leaf { value, .. } => *value,
            Node::Split { .. } => 0.0,
        }
    }

    /// Whether a row with value `x` goes left at a split (NaN: the learned default).
    pub fn decide(split: &Split, default_left: bool, x: f32) -> bool {
        if x.is_nan() {
            return default_left;
        }
        match split {
            Split::Threshold { threshold, .. } => x <= *threshold,
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "codes are small"
            )]
            Split::Categories { categories } => {
                x >= 0.0 && x.fract() == 0.0 && categories.binary_search(&(x as u32)).is_ok()
            }
        }
    }

    /// The leaf index a row of raw feature values reaches.
    pub fn leaf(&self, row: impl Fn(usize) -> f32) -> usize {
        self.walk(|feature, split, default_left| Self::decide(split, default_left, row(feature)))
    }

    /// The value for a row of raw feature values.
    pub fn predict(&self, row: impl Fn(usize) -> f32) -> f64 {
        self.value_at(self.leaf(row))
    }

    /// The value for a row given as training bins (`missing[f]` is feature f's missing bin).
    pub(crate) fn predict_bins(&self, bins: &[Vec<u8>], missing: &[u8], r: usize) -> f64 {
        self.value_at(self.walk(|f, split, default_left| {
            let b = bins[f][r];
            if b == missing[f] {
                return default_left;
            }
            match split {
                Split::Threshold { bin, .. } => b <= *bin,
                Split::Categories { categories } => categories.binary_search(&u32::from(b)).is_ok(),
            }
        }))
    }

    /// Leaves in the tree.
    pub fn leaves(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, Node::Leaf { .. }))
            .count()
    }
}
