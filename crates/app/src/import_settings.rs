//! What a person may override when importing (delimiter, encoding, header, decimal comma,
//! missing markers, column types, sheet, strict mode), as the CLI's flags and the Data
//! panel's options give it — checked and turned into the data crate's [`ImportOptions`] here,
//! once for every face.

use std::collections::BTreeMap;

use modeldesk_data::{ColumnType, ImportOptions};
use serde::Deserialize;

use crate::{AppError, Result};

/// Import overrides; everything left out is sniffed or inferred.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportSettings {
    /// Field delimiter: one character, or `tab`.
    pub delimiter: Option<String>,
    /// Quote character.
    pub quote: Option<String>,
    /// Whether the first row holds the column names.
    pub has_header: Option<bool>,
    /// Text encoding (`utf-8`, `utf-16`, `latin1`, ...).
    pub encoding: Option<String>,
    /// Numbers are written with a decimal comma.
    pub decimal_comma: Option<bool>,
    /// Texts that mean "missing" (replacing the defaults when given).
    pub missing: Vec<String>,
    /// Column types by column name (`integer`, `float`, `boolean`, `categorical`, `text`,
    /// `datetime`).
    pub types: BTreeMap<String, String>,
    /// The spreadsheet's sheet (default: the first).
    pub sheet: Option<String>,
    /// Refuse the file at the first problem instead of skipping rows or blanking values.
    pub strict: bool,
}

/// One character from `text`, else the reason.
fn one_char(field: &'static str, text: &str) -> Result<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(AppError::Invalid {
            field,
            reason: format!("{text:?} is not one character (write tab for a tab)"),
        }),
    }
}

impl ImportSettings {
    /// The import options these settings ask for, or the first setting that is not valid.
    pub fn to_options(&self) -> Result<ImportOptions> {
        let mut options = ImportOptions {
            strict: self.strict,
            ..ImportOptions::default()
        };
        options.csv.delimiter = match self.delimiter.as_deref() {
            None | Some("") => None,
            Some("tab" | "\\t") => Some('\t'),
            Some(d) => Some(one_char("delimiter", d)?),
        };
        options.csv.quote = match self.quote.as_deref() {
            None | Some("") => None,
            Some(q) => Some(one_char("quote", q)?),
        };
        options.csv.has_header = self.has_header;
        options.csv.encoding.clone_from(&self.encoding);
        options.csv.decimal_comma = self.decimal_comma;
        if !self.missing.is_empty() {
            options.missing.clone_from(&self.missing);
        }
        options.sheet.clone_from(&self.sheet);
        for (column, ty) in &self.types {
            let parsed = ColumnType::from_name(ty).ok_or_else(|| AppError::Invalid {
                field: "column type",
                reason: format!(
                    "{ty:?} (for column {column:?}) is not a type; use integer, float, boolean, categorical, text or datetime"
                ),
            })?;
            options.types.insert(column.clone(), parsed);
        }
        Ok(options)
    }
}
