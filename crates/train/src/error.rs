//! Training errors: each names the column, row or parameter at fault.

/// What can go wrong preparing data for, running or exporting a trainer.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The target column is not in the dataset.
    #[error("target column {column:?} not found; columns are: {available}")]
    TargetMissing {
        /// The column asked for.
        column: String,
        /// The dataset's columns, comma-separated.
        available: String,
    },
    /// The target has a single value: there is nothing to learn.
    #[error(
        "target column {column:?} is constant ({value}); a model needs at least two different values"
    )]
    TargetConstant {
        /// The column.
        column: String,
        /// Its only value.
        value: String,
    },
    /// A classification target with one class.
    #[error(
        "target column {column:?} has a single class ({class:?}); classification needs two or more"
    )]
    SingleClass {
        /// The column.
        column: String,
        /// The class.
        class: String,
    },
    /// A missing, NaN or infinite target value.
    #[error(
        "target column {column:?} has a {what} value at row {row}; drop or impute those rows first"
    )]
    BadTarget {
        /// The column.
        column: String,
        /// The 1-based data row.
        row: usize,
        /// "missing", "NaN" or "infinite".
        what: &'static str,
    },
    /// The target type does not fit the task asked for.
    #[error("target column {column:?} ({ty}) cannot be used for {task}: {reason}")]
    TaskMismatch {
        /// The column.
        column: String,
        /// Its type.
        ty: &'static str,
        /// The task.
        task: &'static str,
        /// Why.
        reason: String,
    },
    /// No usable feature column.
    #[error(
        "no usable feature columns besides the target {target:?} (numeric, boolean and categorical columns are used; text and datetime columns need a prep step first)"
    )]
    NoFeatures {
        /// The target column.
        target: String,
    },
    /// Too few rows to train.
    #[error("too few rows to train: {rows} in {part}, at least {need} needed")]
    TooFewRows {
        /// Rows available.
        rows: usize,
        /// Which part ("training data", "the validation split").
        part: &'static str,
        /// The minimum.
        need: usize,
    },
    /// A parameter is unknown or out of range.
    #[error("parameter {name:?}: {message}")]
    BadParam {
        /// The parameter.
        name: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// The input for prediction lacks a column the model needs, or has the wrong type.
    #[error("column {column:?}: {message}")]
    BadInput {
        /// The column.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// The training was cancelled.
    #[error("training cancelled")]
    Cancelled,
    /// A data-layer error (reading the dataset).
    #[error(transparent)]
    Data(#[from] modeldesk_data::DataError),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, TrainError>;

/// A `BadParam` error.
pub(crate) fn bad_param(name: &str, message: impl Into<String>) -> TrainError {
    TrainError::BadParam {
        name: name.to_owned(),
        message: message.into(),
    }
}
