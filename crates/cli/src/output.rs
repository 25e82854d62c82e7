//! Printing results as text or as one JSON object, and errors in the CLI contract's shape.

use std::process::ExitCode;

use modeldesk_app::{AppError, ErrorCode};
use serde::Serialize;

/// Where results go.
pub(crate) struct Output {
    json: bool,
}

impl Output {
    pub(crate) fn new(json: bool) -> Self {
        Self { json }
    }

    /// Prints `value` as JSON, or `text` for people.
    pub(crate) fn success<T: Serialize>(&self, value: &T, text: &str) -> ExitCode {
        if self.json {
            match serde_json::to_string(value) {
                Ok(line) => println!("{line}"),
                Err(e) => return self.failure("internal", &e.to_string(), None),
            }
        } else {
            println!("{text}");
        }
        ExitCode::SUCCESS
    }

    /// Reports a facade error.
    pub(crate) fn app_error(&self, err: &AppError) -> ExitCode {
        self.failure(&code_name(err.code()), &err.to_string(), None)
    }

    /// Reports a command-line usage error (exit code 2).
    pub(crate) fn usage_error(&self, message: &str) -> ExitCode {
        let first = message.lines().next().unwrap_or(message);
        let first = first.strip_prefix("error: ").unwrap_or(first);
        self.print_error("usage", first, None);
        ExitCode::from(2)
    }

    /// Reports a failure with `code`; `details` (if any) ride along in JSON mode.
    pub(crate) fn failure(
        &self,
        code: &str,
        message: &str,
        details: Option<serde_json::Value>,
    ) -> ExitCode {
        self.print_error(code, message, details);
        ExitCode::FAILURE
    }

    fn print_error(&self, code: &str, message: &str, details: Option<serde_json::Value>) {
        if self.json {
            let mut obj = serde_json::json!({ "error": { "code": code, "message": message } });
            if let (Some(details), Some(map)) = (details, obj.as_object_mut()) {
                map.insert("details".into(), details);
            }
            println!("{obj}");
        } else {
            eprintln!("error: {message}");
        }
    }
}

/// The snake_case name of an error code, as JSON shows it (serde's own spelling).
pub(crate) fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".to_owned())
}

/// `n` and the noun in the right number: `1 row`, `2 rows`, `0 columns`.
pub(crate) fn counted(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n: u64 = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1u64, "row", "rows"), "1 row");
        assert_eq!(counted(0u64, "row", "rows"), "0 rows");
        assert_eq!(counted(2u32, "column", "columns"), "2 columns");
    }
}
