//! GBDT hyper-parameters, named and defaulted as in LightGBM.

use serde::{Deserialize, Serialize};

use crate::error::{Result, bad_param};

/// Boosted-tree hyper-parameters (LightGBM's names and defaults unless noted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GbdtParams {
    /// Boosting rounds (trees per output).
    pub num_iterations: usize,
    /// Shrinkage applied to every leaf value.
    pub learning_rate: f64,
    /// Most leaves per tree.
    pub num_leaves: usize,
    /// Most depth per tree (0 = unlimited).
    pub max_depth: usize,
    /// Fewest rows in a leaf.
    pub min_data_in_leaf: usize,
    /// Smallest hessian sum in a leaf.
    pub min_sum_hessian_in_leaf: f64,
    /// L1 regularisation of leaf values.
    pub lambda_l1: f64,
    /// L2 regularisation of leaf values.
    pub lambda_l2: f64,
    /// Smallest gain worth a split.
    pub min_gain_to_split: f64,
    /// Most bins per numeric feature (≤ 255).
    pub max_bin: usize,
    /// Share of features each tree may use.
    pub feature_fraction: f64,
    /// Share of rows each bag holds (with `bagging_freq` > 0).
    pub bagging_fraction: f64,
    /// Draw a new bag every this many rounds (0 = no bagging).
    pub bagging_freq: usize,
    /// Gradient-based one-side sampling instead of bagging.
    pub goss: bool,
    /// GOSS: share of rows with the largest gradients kept.
    pub top_rate: f64,
    /// GOSS: share of the other rows sampled.
    pub other_rate: f64,
    /// Stop after this many rounds without a better validation loss (0 = never;
    /// ModelDesk's default is 20 — LightGBM has none).
    pub early_stopping_rounds: usize,
    /// Categorical splits: smoothing of per-category gradient ratios.
    pub cat_smooth: f64,
    /// Categorical splits: extra L2 in their gain.
    pub cat_l2: f64,
    /// Categorical splits: most categories on the set side.
    pub max_cat_threshold: usize,
    /// Categorical splits: fewest rows for a category to be placed by the sorted search.
    pub min_data_per_group: usize,
    /// Categorical features with at most this many categories use one-vs-rest splits.
    pub max_cat_to_onehot: usize,
    /// Seed for binning samples, bagging and feature sampling.
    pub seed: u64,
}

impl Default for GbdtParams {
    fn default() -> Self {
        Self {
            num_iterations: 100,
            learning_rate: 0.1,
            num_leaves: 31,
            max_depth: 0,
            min_data_in_leaf: 20,
            min_sum_hessian_in_leaf: 1e-3,
            lambda_l1: 0.0,
            lambda_l2: 0.0,
            min_gain_to_split: 0.0,
            max_bin: 255,
            feature_fraction: 1.0,
            bagging_fraction: 1.0,
            bagging_freq: 0,
            goss: false,
            top_rate: 0.2,
            other_rate: 0.1,
            early_stopping_rounds: 20,
            cat_smooth: 10.0,
            cat_l2: 10.0,
            max_cat_threshold: 32,
            min_data_per_group: 100,
            max_cat_to_onehot: 4,
            seed: 0,
        }
    }
}

fn fraction(name: &str, v: f64) -> Result<()> {
    if v > 0.0 && v <= 1.0 {
        Ok(())
    } else {
        Err(bad_param(name, format!("{v} must be in (0, 1]")))
    }
}

fn non_negative(name: &str, v: f64) -> Result<()> {
    if v >= 0.0 && v.is_finite() {
        Ok(())
    } else {
        Err(bad_param(name, format!("{v} must be a finite number ≥ 0")))
    }
}

impl GbdtParams {
    /// Checks ranges; each error names the parameter.
    pub fn validate(&self) -> Result<()> {
        if self.num_iterations == 0 {
            return Err(bad_param("num_iterations", "must be at least 1"));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(bad_param(
                "learning_rate",
                format!("{} must be > 0", self.learning_rate),
            ));
        }
        if self.num_leaves < 2 || self.num_leaves > 131_072 {
            return Err(bad_param(
                "num_leaves",
                format!("{} must be in 2..=131072", self.num_leaves),
            ));
        }
        if !(2..=255).contains(&self.max_bin) {
            return Err(bad_param(
                "max_bin",
                format!("{} must be in 2..=255", self.max_bin),
            ));
        }
        fraction("feature_fraction", self.feature_fraction)?;
        fraction("bagging_fraction", self.bagging_fraction)?;
        fraction("top_rate", self.top_rate)?;
        fraction("other_rate", self.other_rate)?;
        if self.goss && self.top_rate + self.other_rate > 1.0 {
            return Err(bad_param("other_rate", "top_rate + other_rate must be ≤ 1"));
        }
        for (name, v) in [
            ("min_sum_hessian_in_leaf", self.min_sum_hessian_in_leaf),
            ("lambda_l1", self.lambda_l1),
            ("lambda_l2", self.lambda_l2),
            ("min_gain_to_split", self.min_gain_to_split),
            ("cat_smooth", self.cat_smooth),
            ("cat_l2", self.cat_l2),
        ] {
            non_negative(name, v)?;
        }
        Ok(())
    }
}
