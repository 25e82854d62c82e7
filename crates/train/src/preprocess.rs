//! The dataset's prep recipe in front of a model: from the raw columns a person has (the
//! imported file's) to the prepared columns the model was trained on — replayed in Rust, and
//! exported as ONNX nodes so that the exported model takes the raw columns by name.
//!
//! Numeric raw columns enter the graph as `double` and every recipe step runs in double with
//! the same IEEE operations as the Rust recipe (`Sub`/`Div`, `Clip`, `Where(IsNaN)`), so the
//! prepared values are bit-identical; the model part then casts to float as the trainer does.

mod derived;

use std::collections::HashMap;

use modeldesk_data::recipe::{self, Fill, Step, Table};
use modeldesk_data::{ColumnSchema, ColumnType};
use modeldesk_onnx::{Attr, ElemType, GraphBuilder, ML_DOMAIN};
use serde::{Deserialize, Serialize};

use crate::error::{Result, TrainError};

/// The recipe chain from raw columns to the model's training columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preprocess {
    /// The raw columns (of the first, imported dataset version).
    pub raw_columns: Vec<ColumnSchema>,
    /// Fitted steps, oldest first (target steps removed).
    pub steps: Vec<Step>,
}

/// The column a step reads or writes, when it has one.
fn step_column(step: &Step) -> Option<&str> {
    match step {
        Step::Impute { column, .. }
        | Step::OneHot { column, .. }
        | Step::Ordinal { column, .. }
        | Step::Scale { column, .. }
        | Step::ClipOutliers { column, .. }
        | Step::Cast { column, .. }
        | Step::DateParts { column, .. }
        | Step::WordCount { column }
        | Step::TfIdf { column, .. }
        | Step::ImagePixels { column, .. } => Some(column),
        Step::Rename { from, .. } => Some(from),
        Step::DropColumns { .. } | Step::FilterRows { .. } | Step::DropDuplicates { .. } => None,
    }
}

impl Preprocess {
    /// The chain for a model whose target is `target` (its name after the recipe): steps on
    /// the target are left out (serving data need not have it).
    pub fn new(raw_columns: Vec<ColumnSchema>, steps: Vec<Step>, target: &str) -> Self {
        // The target's name before each step, walking renames backwards.
        let mut names = vec![String::new(); steps.len()];
        let mut current = target.to_owned();
        for (i, step) in steps.iter().enumerate().rev() {
            if let Step::Rename { from, to } = step
                && *to == current
            {
                current.clone_from(from);
            }
            names[i].clone_from(&current);
        }
        let steps = steps
            .into_iter()
            .zip(names)
            .filter_map(|(step, target_now)| match step {
                // Row steps shape the training data; rows being predicted are never dropped.
                Step::FilterRows { .. } | Step::DropDuplicates { .. } => None,
                Step::DropColumns { columns } => Some(Step::DropColumns {
                    columns: columns.into_iter().filter(|c| *c != target_now).collect(),
                }),
                s if step_column(&s) == Some(target_now.as_str()) => None,
                s => Some(s),
            })
            .collect();
        Self { raw_columns, steps }
    }

    /// The raw column a prepared column comes from (`city=oslo` → `city`, renames undone).
    pub fn source_of(&self, prepared: &str) -> String {
        let mut name = prepared.to_owned();
        for step in self.steps.iter().rev() {
            match step {
                Step::Rename { from, to } if *to == name => name.clone_from(from),
                Step::OneHot {
                    column,
                    fitted: Some(cats),
                    ..
                } if cats.iter().any(|c| name == format!("{column}={c}")) => {
                    name.clone_from(column);
                }
                Step::DateParts { column, parts }
                    if parts
                        .iter()
                        .any(|p| name == format!("{column}.{}", p.name())) =>
                {
                    name.clone_from(column);
                }
                Step::WordCount { column } if name == format!("{column}.words") => {
                    name.clone_from(column);
                }
                Step::ImagePixels { column, .. }
                    if name
                        .strip_prefix(column.as_str())
                        .and_then(|rest| rest.strip_prefix(".px"))
                        .is_some_and(|k| k.parse::<u32>().is_ok()) =>
                {
                    name.clone_from(column);
                }
                Step::TfIdf {
                    column,
                    fitted: Some(fit),
                    ..
                } if fit
                    .vocabulary
                    .iter()
                    .any(|w| name == format!("{column}:{w}")) =>
                {
                    name.clone_from(column);
                }
                _ => {}
            }
        }
        name
    }

    /// Replays the recipe on raw rows (the target column may be absent).
    pub fn apply(&self, table: Table) -> Result<Table> {
        Ok(recipe::apply(&self.steps, table)?)
    }
}

/// A column's tensor in the graph being built.
#[derive(Debug, Clone)]
enum Column {
    /// A raw input (its input name and type), declared on first use.
    Raw(String, ColumnType),
    /// An existing tensor: its name and whether it holds strings (else doubles).
    Tensor(String, bool),
}

/// The columns available at a point of the recipe, as graph tensors.
pub(crate) struct Columns {
    columns: HashMap<String, Column>,
}

fn unsupported(column: &str, message: impl Into<String>) -> TrainError {
    TrainError::BadInput {
        column: column.to_owned(),
        message: message.into(),
    }
}

impl Columns {
    /// The raw columns, nothing declared yet.
    pub(crate) fn raw(columns: &[ColumnSchema]) -> Self {
        Self {
            columns: columns
                .iter()
                .map(|c| (c.name.clone(), Column::Raw(c.name.clone(), c.ty)))
                .collect(),
        }
    }

    /// The tensor of `name` and whether it holds strings; declares raw inputs on first use
    /// (numbers as `double [N, 1]`, labels as `string [N, 1]`).
    pub(crate) fn tensor(&mut self, g: &mut GraphBuilder, name: &str) -> Result<(String, bool)> {
        let column = self
            .columns
            .get(name)
            .cloned()
            .ok_or_else(|| unsupported(name, "not available to the exported graph"))?;
        let tensor = match column {
            Column::Tensor(t, s) => (t, s),
            Column::Raw(input, ty) => {
                // Date-times enter as microseconds since 1970 (UTC), exact in a double.
                let strings = match ty {
                    ColumnType::Integer
                    | ColumnType::Float
                    | ColumnType::Boolean
                    | ColumnType::Datetime => false,
                    ColumnType::Categorical | ColumnType::Text => true,
                };
                let elem = if strings {
                    ElemType::String
                } else {
                    ElemType::Double
                };
                g.input(&input, elem, &[None, Some(1)]);
                (input, strings)
            }
        };
        self.columns
            .insert(name.to_owned(), Column::Tensor(tensor.0.clone(), tensor.1));
        Ok(tensor)
    }

    fn numeric(&mut self, g: &mut GraphBuilder, name: &str, op: &str) -> Result<String> {
        match self.tensor(g, name)? {
            (t, false) => Ok(t),
            (_, true) => Err(unsupported(
                name,
                format!("{op} on a text column cannot be exported"),
            )),
        }
    }

    fn set(&mut self, name: &str, tensor: String, strings: bool) {
        self.columns
            .insert(name.to_owned(), Column::Tensor(tensor, strings));
    }

    /// The float tensor the model reads for a numeric feature.
    pub(crate) fn float(&mut self, g: &mut GraphBuilder, name: &str) -> Result<String> {
        let t = self.numeric(g, name, "a numeric feature")?;
        Ok(g.op(
            "Cast",
            "",
            &[&t],
            vec![("to", Attr::Int(ElemType::Float.code().into()))],
        ))
    }

    /// The string tensor the model reads for a categorical feature.
    pub(crate) fn strings(&mut self, g: &mut GraphBuilder, name: &str) -> Result<String> {
        match self.tensor(g, name)? {
            (t, true) => Ok(t),
            (_, false) => Err(unsupported(
                name,
                "a categorical feature computed as numbers cannot be exported",
            )),
        }
    }

    /// `one_hot`: one 0/1 `double` column `<column>=<category>` per fitted category.
    fn one_hot(&mut self, g: &mut GraphBuilder, column: &str, cats: &[String]) -> Result<()> {
        let (x, strings) = self.tensor(g, column)?;
        for cat in cats {
            let value = if strings {
                g.constant_str("cat", vec![], vec![cat.clone()])
            } else {
                let v: f64 = cat.parse().map_err(|_| {
                    unsupported(column, format!("category {cat:?} of a numeric column"))
                })?;
                g.constant_f64("cat", vec![], vec![v])
            };
            let hit = g.op("Equal", "", &[&x, &value], vec![]);
            let out = g.op(
                "Cast",
                "",
                &[&hit],
                vec![("to", Attr::Int(ElemType::Double.code().into()))],
            );
            self.set(&format!("{column}={cat}"), out, false);
        }
        self.columns.remove(column);
        Ok(())
    }

    /// Adds the nodes of one fitted step.
    pub(crate) fn step(&mut self, g: &mut GraphBuilder, step: &Step) -> Result<()> {
        let unfitted = |c: &str| unsupported(c, "the recipe step is not fitted");
        match step {
            Step::DropColumns { columns } => {
                for c in columns {
                    self.columns.remove(c);
                }
            }
            // Left out by `Preprocess::new`: a model predicts every row it is given.
            Step::FilterRows { .. } | Step::DropDuplicates { .. } => {}
            Step::Rename { from, to } => {
                // A raw column keeps its input name; only the recipe's name changes.
                if let Some(c) = self.columns.remove(from) {
                    self.columns.insert(to.clone(), c);
                }
            }
            Step::Impute { column, fitted, .. } => {
                match fitted.as_ref().ok_or_else(|| unfitted(column))? {
                    Fill::Number(v) => {
                        let x = self.numeric(g, column, "impute")?;
                        let missing = g.op("IsNaN", "", &[&x], vec![]);
                        let fill = g.constant_f64("fill", vec![], vec![*v]);
                        let out = g.op("Where", "", &[&missing, &fill, &x], vec![]);
                        self.set(column, out, false);
                    }
                    Fill::Label(v) => {
                        let x = self.strings(g, column)?;
                        let empty = g.constant_str("empty", vec![], vec![String::new()]);
                        let missing = g.op("Equal", "", &[&x, &empty], vec![]);
                        let fill = g.constant_str("fill", vec![], vec![v.clone()]);
                        let out = g.op("Where", "", &[&missing, &fill, &x], vec![]);
                        self.set(column, out, true);
                    }
                }
            }
            Step::OneHot { column, fitted, .. } => {
                let cats = fitted.as_ref().ok_or_else(|| unfitted(column))?;
                self.one_hot(g, column, cats)?;
            }
            Step::Ordinal { column, fitted } => {
                let cats = fitted.as_ref().ok_or_else(|| unfitted(column))?;
                let x = self.strings(g, column)?;
                #[allow(clippy::cast_precision_loss, reason = "category counts are small")]
                let codes: Vec<f32> = (0..cats.len()).map(|i| i as f32).collect();
                let code = g.op(
                    "LabelEncoder",
                    ML_DOMAIN,
                    &[&x],
                    vec![
                        ("keys_strings", Attr::Strs(cats.clone())),
                        ("values_floats", Attr::Floats(codes)),
                        ("default_float", Attr::Float(-1.0)),
                    ],
                );
                let out = g.op(
                    "Cast",
                    "",
                    &[&code],
                    vec![("to", Attr::Int(ElemType::Double.code().into()))],
                );
                self.set(column, out, false);
            }
            Step::Scale { column, fitted, .. } => {
                let (offset, scale) = fitted.ok_or_else(|| unfitted(column))?;
                let x = self.numeric(g, column, "scale")?;
                let o = g.constant_f64("offset", vec![], vec![offset]);
                let s = g.constant_f64("scale", vec![], vec![scale]);
                let centred = g.op("Sub", "", &[&x, &o], vec![]);
                let out = g.op("Div", "", &[&centred, &s], vec![]);
                self.set(column, out, false);
            }
            Step::ImagePixels { column, .. } => {
                return Err(unsupported(
                    column,
                    "image pixels are read from files, which an ONNX graph cannot do; \
                     a model trained on them takes the pixel columns",
                ));
            }
            Step::Cast { column, to } => derived::cast_step(self, g, column, *to)?,
            Step::DateParts { column, parts } => derived::date_parts(self, g, column, parts)?,
            Step::WordCount { column } => derived::word_count(self, g, column)?,
            Step::TfIdf { column, fitted, .. } => {
                let fit = fitted.as_ref().ok_or_else(|| unfitted(column))?;
                derived::tf_idf(self, g, column, fit)?;
            }
            Step::ClipOutliers { column, fitted, .. } => {
                let (lo, hi) = fitted.ok_or_else(|| unfitted(column))?;
                let x = self.numeric(g, column, "clip_outliers")?;
                let lo = g.constant_f64("lo", vec![], vec![lo]);
                let hi = g.constant_f64("hi", vec![], vec![hi]);
                let out = g.op("Clip", "", &[&x, &lo, &hi], vec![]);
                self.set(column, out, false);
            }
        }
        Ok(())
    }
}
