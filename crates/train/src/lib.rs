//! ModelDesk's trainers — a LightGBM-style histogram GBDT, linear/logistic regression and a
//! small MLP — with metrics, progress/cancel, and ONNX export that ONNX Runtime serves with the
//! trainer's own predictions.

#![allow(
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::float_cmp,
    reason = "numerical code follows the math (x, y, g, h, k, n, w, b); exact float ties are intended (rankings, bins)"
)]

mod encoder;
mod error;
pub mod export;
pub mod features;
pub mod gbdt;
mod lbfgs;
pub mod linear;
pub mod metrics;
pub mod mlp;
mod model;
pub mod objective;
mod preprocess;
pub mod progress;
pub mod search;
mod trainer;

pub use encoder::{DenseEncoder, Encoding};
pub use error::{Result, TrainError};
pub use export::to_onnx;
pub use features::{
    Feature, FeatureKind, FeedValues, Matrix, Prepared, TargetSpec, Task, encode, encode_target,
    onnx_feeds, prepare,
};
pub use metrics::Metrics;
pub use model::{MIN_ROWS, ModelBody, ModelParams, Trained, TrainedModel, score, train};
pub use preprocess::Preprocess;
pub use progress::{CancelToken, Control, Iteration, Silent, TrainProgress};
pub use trainer::Fit;
