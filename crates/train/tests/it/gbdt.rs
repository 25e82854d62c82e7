//! GBDT behaviour: determinism, early stopping, cancel, missing values, categorical splits.
