//! `prep --step`: one recipe step written on the command line, as JSON (`{"op": ...}`) or
//! compactly as `OP:COLUMN[:ARG]` (e.g. `impute:age:median`, `one_hot:city`,
//! `filter_rows:age:ge:18`, `rename:old:new`, `drop_columns:a,b`).

use modeldesk_app::{AppError, PrepStep};
use serde_json::{Value, json};

/// The step `spec` describes, or why it does not describe one.
pub(crate) fn parse_step(spec: &str) -> Result<PrepStep, AppError> {
    let value = if spec.trim_start().starts_with('{') {
        serde_json::from_str(spec).map_err(|e| bad(spec, &e.to_string()))?
    } else {
        compact(spec)?
    };
    serde_json::from_value(value).map_err(|e| bad(spec, &e.to_string()))
}

fn bad(spec: &str, reason: &str) -> AppError {
    AppError::Invalid {
        field: "--step",
        reason: format!("{spec:?}: {reason}"),
    }
}

/// A comma-separated list.
fn list(text: &str) -> Vec<&str> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A number where one is expected (whole numbers stay whole), else the text (so serde names
/// the problem).
fn number(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        return json!(n);
    }
    text.parse::<f64>()
        .map_or_else(|_| json!(text), |n| json!(n))
}

/// `OP:COLUMN[:ARG]` as the step's JSON.
fn compact(spec: &str) -> Result<Value, AppError> {
    let mut parts = spec.splitn(3, ':');
    let op = parts.next().unwrap_or_default().trim();
    let column = parts.next().map(str::trim).unwrap_or_default();
    let arg = parts.next().map(str::trim);
    if op.is_empty() {
        return Err(bad(spec, "write OP:COLUMN[:ARG] or a JSON object"));
    }
    if column.is_empty() && op != "drop_duplicates" {
        return Err(bad(spec, &format!("{op} needs a column: {op}:COLUMN")));
    }
    Ok(match (op, arg) {
        ("drop_columns" | "drop_duplicates", _) => json!({"op": op, "columns": list(column)}),
        ("rename", Some(to)) => json!({"op": op, "from": column, "to": to}),
        ("rename", None) => return Err(bad(spec, "rename:OLD:NEW")),
        ("impute", Some(a)) => match a.strip_prefix("constant=") {
            Some(v) => {
                json!({"op": op, "column": column, "strategy": "constant", "value": number(v)})
            }
            None => json!({"op": op, "column": column, "strategy": a}),
        },
        ("impute", None) => return Err(bad(spec, "impute:COLUMN:mean|median|mode|constant=VALUE")),
        ("one_hot", Some(n)) => json!({"op": op, "column": column, "max_categories": number(n)}),
        ("tf_idf", Some(n)) => json!({"op": op, "column": column, "max_features": number(n)}),
        ("image_pixels", Some(n)) => json!({"op": op, "column": column, "size": number(n)}),
        ("scale", a) => json!({"op": op, "column": column, "method": a.unwrap_or("standard")}),
        ("cast", Some(to)) => json!({"op": op, "column": column, "to": to}),
        ("cast", None) => return Err(bad(spec, "cast:COLUMN:float|integer|categorical|text")),
        ("date_parts", a) => json!({
            "op": op,
            "column": column,
            "parts": a.map_or_else(|| vec!["year", "month", "day", "weekday", "hour"], list),
        }),
        ("clip_outliers", Some(a)) => match a.strip_prefix("q=") {
            Some(q) => {
                let q: Vec<Value> = list(q).into_iter().map(number).collect();
                json!({"op": op, "column": column, "method": "quantile", "quantiles": q})
            }
            None => json!({"op": op, "column": column, "k": number(a)}),
        },
        ("filter_rows", Some(a)) => {
            let (compare, value) = a.split_once(':').unwrap_or((a, ""));
            if value.is_empty() {
                json!({"op": op, "column": column, "compare": compare})
            } else {
                json!({"op": op, "column": column, "compare": compare, "value": number(value)})
            }
        }
        ("filter_rows", None) => return Err(bad(spec, "filter_rows:COLUMN:COMPARE[:VALUE]")),
        (_, _) => json!({"op": op, "column": column}),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn json_of(spec: &str) -> Value {
        serde_json::to_value(parse_step(spec).unwrap()).unwrap()
    }

    #[test]
    fn compact_steps_are_the_json_ones() {
        let cases = [
            (
                "impute:age:median",
                r#"{"op":"impute","column":"age","strategy":"median"}"#,
            ),
            (
                "impute:city:constant=none",
                r#"{"op":"impute","column":"city","strategy":"constant","value":"none"}"#,
            ),
            (
                "impute:age:constant=0",
                r#"{"op":"impute","column":"age","strategy":"constant","value":0.0}"#,
            ),
            (
                "one_hot:city",
                r#"{"op":"one_hot","column":"city","max_categories":50}"#,
            ),
            (
                "scale:age",
                r#"{"op":"scale","column":"age","method":"standard"}"#,
            ),
            (
                "scale:age:min_max",
                r#"{"op":"scale","column":"age","method":"min_max"}"#,
            ),
            (
                "clip_outliers:x:q=0.05,0.95",
                r#"{"op":"clip_outliers","column":"x","method":"quantile","k":1.5,"quantiles":[0.05,0.95]}"#,
            ),
            (
                "clip_outliers:x:3",
                r#"{"op":"clip_outliers","column":"x","method":"iqr","k":3.0,"quantiles":[0.01,0.99]}"#,
            ),
            (
                "filter_rows:age:ge:18",
                r#"{"op":"filter_rows","column":"age","compare":"ge","value":18}"#,
            ),
            (
                "filter_rows:age:not_missing",
                r#"{"op":"filter_rows","column":"age","compare":"not_missing"}"#,
            ),
            (
                "rename:old:new",
                r#"{"op":"rename","from":"old","to":"new"}"#,
            ),
            (
                "drop_columns:a,b",
                r#"{"op":"drop_columns","columns":["a","b"]}"#,
            ),
            (
                "drop_duplicates",
                r#"{"op":"drop_duplicates","columns":[]}"#,
            ),
            (
                "cast:code:categorical",
                r#"{"op":"cast","column":"code","to":"categorical"}"#,
            ),
            (
                "date_parts:when:year,weekday",
                r#"{"op":"date_parts","column":"when","parts":["year","weekday"]}"#,
            ),
            (
                "word_count:review",
                r#"{"op":"word_count","column":"review"}"#,
            ),
            (
                "tf_idf:review:20",
                r#"{"op":"tf_idf","column":"review","max_features":20}"#,
            ),
            (
                "image_pixels:path:8",
                r#"{"op":"image_pixels","column":"path","size":8}"#,
            ),
            (
                r#"{"op": "ordinal", "column": "size"}"#,
                r#"{"op":"ordinal","column":"size"}"#,
            ),
        ];
        for (spec, want) in cases {
            let want: Value = serde_json::from_str(want).unwrap();
            assert_eq!(json_of(spec), want, "{spec}");
        }
    }

    #[test]
    fn bad_specs_say_what_to_write() {
        let message = |spec: &str| parse_step(spec).unwrap_err().to_string();
        assert!(message("rename:old").contains("rename:OLD:NEW"));
        assert!(message("impute:age").contains("mean|median|mode"));
        assert!(message("scale").contains("needs a column"));
        assert!(
            message("explode:age").contains("explode"),
            "{}",
            message("explode:age")
        );
        assert!(message("impute:age:avg").contains("avg"));
        assert!(message("{oops").contains("{oops"));
    }
}
