//! Any served model as a coalition game for model-agnostic SHAP: each coalition's rows are
//! built column by column from the explained row and the background (Arrow `interleave`, any
//! column type), run through ONNX Runtime in large batches, and averaged over the background.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef};
use modeldesk_data::recipe::Table;
use modeldesk_data::{ColumnSchema, NoProgress};
use modeldesk_explain::ExplainError;
use modeldesk_explain::agnostic::CoalitionGame;
use modeldesk_runtime::Model;
use modeldesk_train::{CancelToken, Task};

use crate::serving::{ColumnMapping, OutputSpec, predict_values};

/// The explained rows and the background, restricted to the model's feature columns.
pub(crate) struct OrtGame {
    pub session: Arc<Model>,
    pub mapping: ColumnMapping,
    pub outputs: OutputSpec,
    /// Feature columns (each mapped column once, in mapping order).
    pub columns: Vec<ColumnSchema>,
    /// Explained rows: one array per feature column.
    pub x: Vec<ArrayRef>,
    /// Background rows: one array per feature column.
    pub background: Vec<ArrayRef>,
    /// Each background row's weight (summing to 1); `None`: all equal.
    pub weights: Option<Vec<f64>>,
    /// Cancels a running batch between rows.
    pub cancel: CancelToken,
}

impl OrtGame {
    /// The feature columns a mapping reads, each once, in order.
    pub fn feature_columns(mapping: &ColumnMapping) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in mapping.inputs.iter().flat_map(|b| &b.columns) {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// The arrays of `names` in `table` (every name must be a column).
    pub fn arrays(table: &Table, names: &[String]) -> Option<Vec<ArrayRef>> {
        names
            .iter()
            .map(|n| {
                table
                    .columns
                    .iter()
                    .position(|c| &c.name == n)
                    .map(|i| Arc::clone(&table.arrays[i]))
            })
            .collect()
    }

    /// Which probability columns are explained: the positive class of a binary model, every
    /// class of a multiclass one, the prediction of a regression.
    fn explained_columns(&self) -> Vec<usize> {
        match self.outputs.task() {
            Ok(Task::Binary) => vec![1],
            Ok(Task::Multiclass) => (0..self.outputs.classes.len()).collect(),
            _ => vec![0],
        }
    }

    /// Rows explained.
    pub fn rows(&self) -> usize {
        self.x.first().map_or(0, |a| Array::len(a.as_ref()))
    }
}

impl CoalitionGame for OrtGame {
    fn features(&self) -> usize {
        self.columns.len()
    }

    fn outputs(&self) -> usize {
        self.explained_columns().len()
    }

    fn values(&self, row: usize, coalitions: &[Vec<bool>]) -> modeldesk_explain::Result<Vec<f64>> {
        let n_bg = self
            .background
            .first()
            .map_or(0, |a| Array::len(a.as_ref()));
        if n_bg == 0 {
            return Err(ExplainError::Model("the background has no rows".into()));
        }
        let model_err = |e: crate::AppError| ExplainError::Model(e.to_string());
        let mut arrays = Vec::with_capacity(self.columns.len());
        for (j, (x, bg)) in self.x.iter().zip(&self.background).enumerate() {
            let indices: Vec<(usize, usize)> = coalitions
                .iter()
                .flat_map(|mask| (0..n_bg).map(move |b| if mask[j] { (0, row) } else { (1, b) }))
                .collect();
            let array = arrow_select::interleave::interleave(&[x.as_ref(), bg.as_ref()], &indices)
                .map_err(|e| ExplainError::Model(e.to_string()))?;
            arrays.push(array);
        }
        let table = Table {
            columns: self.columns.clone(),
            arrays,
        };
        let predictions = predict_values(
            &self.session,
            &self.mapping,
            &self.outputs,
            &table,
            &NoProgress,
            &self.cancel,
        )
        .map_err(model_err)?;
        let picked = self.explained_columns();
        let k = picked.len();
        let mut out = vec![0.0; coalitions.len() * k];
        #[allow(clippy::cast_precision_loss, reason = "background sizes are small")]
        let equal = vec![1.0 / n_bg as f64; n_bg];
        let weights = self.weights.as_deref().unwrap_or(&equal);
        for (o, &col) in picked.iter().enumerate() {
            let values = predictions
                .values
                .get(col)
                .ok_or_else(|| ExplainError::Model(format!("no output column {col}")))?;
            for (m, chunk) in values.chunks(n_bg).enumerate() {
                out[m * k + o] = chunk.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>();
            }
        }
        Ok(out)
    }
}
