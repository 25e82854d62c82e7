//! The trained model as stored and served: its inputs, target, family-specific body, and the
//! one `train` entry point every face calls.

use serde::{Deserialize, Serialize};

use crate::error::{Result, TrainError, bad_param};
use modeldesk_data::recipe::Table;

use crate::features::{Feature, Matrix, Prepared, TargetSpec, encode};
use crate::gbdt::{self, Gbdt, GbdtParams};
use crate::linear::{self, Linear, LinearParams};
use crate::metrics::{Metrics, evaluate};
use crate::mlp::{self, Mlp, MlpParams};
use crate::objective::Loss;
use crate::preprocess::Preprocess;
use crate::progress::{Control, Iteration};
use crate::trainer::Problem;

/// Fewest training rows any trainer accepts.
pub const MIN_ROWS: usize = 10;

/// A model family and its hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", content = "params", rename_all = "snake_case")]
pub enum ModelParams {
    /// Gradient-boosted trees.
    Gbdt(GbdtParams),
    /// Linear / logistic regression.
    Linear(LinearParams),
    /// Multi-layer perceptron.
    Mlp(MlpParams),
}

/// Parses one `k=v` value: a number, a boolean, a list `[..]`, or else a string.
fn parse_value(v: &str) -> serde_json::Value {
    serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.to_owned()))
}

fn from_pairs<T: serde::de::DeserializeOwned + Serialize + Default>(
    pairs: &[(String, String)],
) -> Result<T> {
    let mut all =
        serde_json::to_value(T::default()).map_err(|e| bad_param("params", e.to_string()))?;
    let Some(map) = all.as_object_mut() else {
        return Err(bad_param(
            "params",
            "internal: parameters are not an object",
        ));
    };
    let known: Vec<String> = map.keys().cloned().collect();
    for (k, v) in pairs {
        if !map.contains_key(k) {
            return Err(bad_param(
                k,
                format!("unknown parameter; known: {}", known.join(", ")),
            ));
        }
        map.insert(k.clone(), parse_value(v));
        // Check each value on its own so that the error names the parameter.
        let single = serde_json::Value::Object(map.clone());
        serde_json::from_value::<T>(single).map_err(|e| bad_param(k, format!("{v:?}: {e}")))?;
    }
    serde_json::from_value(all).map_err(|e| bad_param("params", e.to_string()))
}

impl ModelParams {
    /// The family's name (`gbdt`, `linear`, `mlp`).
    pub fn family(&self) -> &'static str {
        match self {
            Self::Gbdt(_) => "gbdt",
            Self::Linear(_) => "linear",
            Self::Mlp(_) => "mlp",
        }
    }

    /// Parameters of `family` from `name=value` pairs (defaults for the rest).
    pub fn from_pairs(family: &str, pairs: &[(String, String)]) -> Result<Self> {
        match family {
            "gbdt" => Ok(Self::Gbdt(from_pairs(pairs)?)),
            "linear" => Ok(Self::Linear(from_pairs(pairs)?)),
            "mlp" => Ok(Self::Mlp(from_pairs(pairs)?)),
            other => Err(bad_param(
                "model",
                format!("{other:?} is not one of gbdt, linear, mlp"),
            )),
        }
    }

    /// Checks every parameter's range; each error names the parameter.
    pub fn validate(&self) -> Result<()> {
        match self {
            Self::Gbdt(p) => p.validate(),
            Self::Linear(p) => p.validate(),
            Self::Mlp(p) => p.validate(),
        }
    }

    /// Sets the seed (no-op for deterministic families).
    pub fn set_seed(&mut self, seed: u64) {
        match self {
            Self::Gbdt(p) => p.seed = seed,
            Self::Mlp(p) => p.seed = seed,
            Self::Linear(_) => {}
        }
    }
}

/// A family's fitted parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum ModelBody {
    /// Boosted trees.
    Gbdt(Gbdt),
    /// A linear model.
    Linear(Linear),
    /// An MLP.
    Mlp(Mlp),
}

/// A trained model: what it reads, what it predicts, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainedModel {
    /// Inputs, in order.
    pub features: Vec<Feature>,
    /// The target.
    pub target: TargetSpec,
    /// The fitted body.
    pub body: ModelBody,
    /// The prep recipe from raw columns to `features`, when the training data was prepared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preprocess: Option<Preprocess>,
}

impl TrainedModel {
    /// The loss it was trained on.
    pub fn loss(&self) -> Loss {
        Loss::for_task(self.target.task, self.target.classes.len())
    }

    /// Raw scores, class-major.
    pub fn raw_scores(&self, x: &Matrix) -> Vec<Vec<f64>> {
        match &self.body {
            ModelBody::Gbdt(m) => m.raw_scores(x),
            ModelBody::Linear(m) => m.raw_scores(x),
            ModelBody::Mlp(m) => m.raw_scores(x),
        }
    }

    /// Predictions, row-major: one value per row (regression) or one probability per class
    /// (classification; binary gives `[1 − p, p]`).
    pub fn predict(&self, x: &Matrix) -> Vec<f64> {
        outputs_of(self.loss(), &self.raw_scores(x))
    }

    /// Predictions for raw rows (the recipe, when there is one, is replayed first).
    pub fn predict_table(&self, raw: &Table) -> Result<Vec<f64>> {
        let prepared = match &self.preprocess {
            Some(p) => p.apply(raw.clone())?,
            None => raw.clone(),
        };
        Ok(self.predict(&encode(&prepared, &self.features)?))
    }

    /// The family's name.
    pub fn family(&self) -> &'static str {
        match &self.body {
            ModelBody::Gbdt(_) => "gbdt",
            ModelBody::Linear(_) => "linear",
            ModelBody::Mlp(_) => "mlp",
        }
    }
}

/// Row-major predictions from class-major raw scores.
pub(crate) fn outputs_of(loss: Loss, scores: &[Vec<f64>]) -> Vec<f64> {
    let rows = scores.first().map_or(0, Vec::len);
    let mut out = Vec::with_capacity(rows * 2);
    let mut s = vec![0.0; scores.len()];
    for r in 0..rows {
        for (v, column) in s.iter_mut().zip(scores) {
            *v = column[r];
        }
        loss.transform(&mut s);
        match loss {
            Loss::Logistic => {
                out.push(1.0 - s[0]);
                out.push(s[0]);
            }
            _ => out.extend_from_slice(&s),
        }
    }
    out
}

/// A finished training: the model, its curve and metrics.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The model.
    pub model: TrainedModel,
    /// One entry per iteration.
    pub history: Vec<Iteration>,
    /// The iteration kept by early stopping.
    pub best_iteration: Option<usize>,
    /// Metrics on the training rows.
    pub train_metrics: Metrics,
    /// Metrics on the validation rows, when given.
    pub valid_metrics: Option<Metrics>,
    /// Time spent fitting (binning + boosting / optimising), without the final metrics.
    pub fit_ms: u64,
}

/// Trains `params`' family on `data`, validating on `valid` when given.
pub fn train(
    data: &Prepared,
    valid: Option<(&Matrix, &[f64])>,
    params: &ModelParams,
    ctl: Control<'_>,
) -> Result<Trained> {
    if data.x.rows < MIN_ROWS {
        return Err(TrainError::TooFewRows {
            rows: data.x.rows,
            part: "the training data",
            need: MIN_ROWS,
        });
    }
    if let Some((vx, _)) = valid
        && vx.rows == 0
    {
        {
            return Err(TrainError::TooFewRows {
                rows: 0,
                part: "the validation split",
                need: 1,
            });
        }
    }
    let task = data.target.task;
    let loss = Loss::for_task(task, data.target.classes.len());
    let kinds: Vec<_> = data.features.iter().map(|f| f.kind.clone()).collect();
    let problem = Problem {
        x: &data.x,
        y: &data.y,
        kinds: &kinds,
        loss,
        valid,
    };
    let started = std::time::Instant::now();
    let (body, history, best_iteration) = match params {
        ModelParams::Gbdt(p) => {
            let fit = gbdt::train(problem, p, ctl)?;
            (ModelBody::Gbdt(fit.model), fit.history, fit.best_iteration)
        }
        ModelParams::Linear(p) => {
            let fit = linear::train(problem, p, ctl)?;
            (
                ModelBody::Linear(fit.model),
                fit.history,
                fit.best_iteration,
            )
        }
        ModelParams::Mlp(p) => {
            let fit = mlp::train(problem, p, ctl)?;
            (ModelBody::Mlp(fit.model), fit.history, fit.best_iteration)
        }
    };
    let model = TrainedModel {
        features: data.features.clone(),
        target: data.target.clone(),
        body,
        preprocess: None,
    };
    let fit_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let train_metrics = evaluate(task, &data.y, &model.predict(&data.x));
    let valid_metrics = valid.map(|(vx, vy)| evaluate(task, vy, &model.predict(vx)));
    Ok(Trained {
        model,
        history,
        best_iteration,
        train_metrics,
        valid_metrics,
        fit_ms,
    })
}

/// Metrics of `model` on rows `x` with truth `y`.
pub fn score(model: &TrainedModel, x: &Matrix, y: &[f64]) -> Metrics {
    evaluate(model.target.task, y, &model.predict(x))
}
