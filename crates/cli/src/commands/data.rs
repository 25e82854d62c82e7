//! `import`, `datasets`, `rows`.

use std::fmt::Write as _;
use std::process::ExitCode;

use modeldesk_app::{
    AppError, DatasetInfo, ExportFormat, ImportSettings, PrepStep, SplitSpec, SplitStrategy,
};
use modeldesk_data::{ColumnType, ImportOptions, datetime_text};

use super::open_workspace;
use crate::Cli;
use crate::args::{ExportFormatArg, ImportArgs, SplitArgs, StrategyArg};
use crate::output::{Output, counted};
use crate::progress::{Bar, ctrl_c_token};

pub(crate) fn import(cli: &Cli, args: &ImportArgs, out: &Output) -> Result<ExitCode, AppError> {
    let options = import_options(args)?;
    let mut ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let cancel = ctrl_c_token();
    let outcome = ws.import_dataset(&args.file, args.name.as_deref(), &options, &bar, &cancel);
    bar.finish();
    let outcome = outcome?;
    let d = &outcome.dataset;
    let mut text = format!(
        "Imported {} as {} v{}: {} × {} ({} stored)",
        args.file.display(),
        d.name,
        d.version,
        counted(d.rows, "row", "rows"),
        counted(d.columns.len() as u64, "column", "columns"),
        human_bytes(d.blob_size)
    );
    for w in &outcome.report.warnings {
        let _ = write!(text, "\nwarning: {} ({}×)", w.message, w.count);
    }
    let json = serde_json::json!({
        "id": d.id,
        "datasetId": d.dataset_id,
        "name": d.name,
        "version": d.version,
        "rows": d.rows,
        "columns": d.columns.len(),
        "schema": d.columns,
        "blobSize": d.blob_size,
        "dialect": outcome.report.dialect,
        "warnings": outcome.report.warnings,
        "skippedRows": outcome.report.skipped_rows,
        "timings": outcome.timings,
    });
    Ok(out.success(&json, &text))
}

/// Turns the flags into import options, rejecting malformed ones with the flag's name.
fn import_options(args: &ImportArgs) -> Result<ImportOptions, AppError> {
    let mut types = std::collections::BTreeMap::new();
    for spec in &args.types {
        let (column, ty) = spec.rsplit_once('=').ok_or_else(|| AppError::Invalid {
            field: "--type",
            reason: format!("{spec:?} is not COLUMN=TYPE"),
        })?;
        types.insert(column.to_owned(), ty.to_owned());
    }
    ImportSettings {
        delimiter: args.delimiter.clone(),
        quote: args.quote.map(String::from),
        has_header: if args.no_header {
            Some(false)
        } else if args.header {
            Some(true)
        } else {
            None
        },
        encoding: args.encoding.clone(),
        decimal_comma: args.decimal_comma.then_some(true),
        missing: args.missing.clone(),
        types,
        sheet: args.sheet.clone(),
        strict: args.strict,
    }
    .to_options()
}

pub(crate) fn datasets(
    cli: &Cli,
    versions: Option<&str>,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let list = match versions {
        Some(name) => ws.dataset_versions(name)?,
        None => ws.datasets()?,
    };
    let mut text = String::new();
    if list.is_empty() {
        text.push_str("No datasets yet; add one with: modeldesk import FILE");
    }
    for d in &list {
        let origin = match (&d.parent_id, &d.source_path) {
            (Some(parent), _) => {
                let parent_version = list
                    .iter()
                    .find(|p| &p.id == parent)
                    .map_or_else(|| parent.clone(), |p| format!("v{}", p.version));
                format!("from {parent_version} by {}", d.source_format)
            }
            (None, Some(path)) => format!("imported from {path}"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            text,
            "{:<24} v{:<3} {:>10} rows {:>4} cols  {:>9}  {}  {}",
            d.name,
            d.version,
            d.rows,
            d.columns.len(),
            human_bytes(d.blob_size),
            d.id,
            origin
        );
    }
    Ok(out.success(&serde_json::json!({ "datasets": list }), text.trim_end()))
}

pub(crate) fn profile(cli: &Cli, dataset: &str, out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let info = ws.dataset(dataset)?;
    let bar = Bar::new(!cli.json);
    let profile = ws.dataset_profile(dataset, &bar, &ctrl_c_token());
    bar.finish();
    let profile = profile?;
    let mut text = format!("{} v{}: {} rows\n", info.name, info.version, profile.rows);
    // Date-times are shown as dates (20 characters wide), not as their microseconds.
    let has_datetime = profile.columns.iter().any(|c| c.ty == ColumnType::Datetime);
    let w = if has_datetime { 20 } else { 12 };
    let _ = writeln!(
        text,
        "{:<24} {:<11} {:>9} {:>8} {:>9}  {:>w$} {:>w$} {:>w$}  flags",
        "column", "type", "count", "missing", "distinct", "mean", "min", "max"
    );
    for c in &profile.columns {
        let shown = |value: f64| {
            if c.ty == ColumnType::Datetime {
                #[allow(clippy::cast_possible_truncation)] // microseconds of a date-time column
                datetime_text(value.round() as i64).unwrap_or_default()
            } else {
                format!("{value:.4}")
            }
        };
        let (mean, min, max) = c.numeric.as_ref().map_or_else(
            || (String::new(), String::new(), String::new()),
            |n| (shown(n.mean), shown(n.min), shown(n.max)),
        );
        let flags: Vec<String> = c
            .flags
            .iter()
            .filter_map(|f| serde_json::to_value(f).ok())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let _ = writeln!(
            text,
            "{:<24} {:<11} {:>9} {:>8} {:>9}  {:>w$} {:>w$} {:>w$}  {}",
            c.name,
            c.ty.name(),
            c.count,
            c.nulls,
            c.distinct,
            mean,
            min,
            max,
            flags.join(",")
        );
    }
    Ok(out.success(&profile, text.trim_end()))
}

pub(crate) fn split(cli: &Cli, args: &SplitArgs, out: &Output) -> Result<ExitCode, AppError> {
    let column = || {
        args.column.clone().ok_or(AppError::Invalid {
            field: "--column",
            reason: "this strategy needs a column (--column NAME)".into(),
        })
    };
    let strategy = match args.strategy {
        StrategyArg::Random => SplitStrategy::Random,
        StrategyArg::Stratified => SplitStrategy::Stratified { column: column()? },
        StrategyArg::Time => SplitStrategy::TimeOrdered { column: column()? },
        StrategyArg::Group => SplitStrategy::Group { column: column()? },
    };
    let spec = SplitSpec {
        strategy,
        validation: args.validation,
        test: args.test,
        seed: args.seed,
        folds: args.folds,
    };
    let mut ws = open_workspace(cli)?;
    let info = ws.split_dataset(&args.dataset, &spec)?;
    let text = format!(
        "Split {} ({}{}, seed {}): train {}, validation {}, test {}{}",
        args.dataset,
        info.strategy,
        info.column
            .as_deref()
            .map(|c| format!(" by {c}"))
            .unwrap_or_default(),
        info.seed,
        info.train_rows,
        info.validation_rows,
        info.test_rows,
        info.folds
            .map(|k| format!(", {k} folds"))
            .unwrap_or_default()
    );
    Ok(out.success(&info, &text))
}

pub(crate) fn export_data(
    cli: &Cli,
    dataset: &str,
    file: &std::path::Path,
    format: ExportFormatArg,
    force: bool,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let format = match format {
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Parquet => ExportFormat::Parquet,
    };
    let bar = Bar::new(!cli.json);
    let summary = ws.export_dataset(dataset, file, format, force, &bar, &ctrl_c_token());
    bar.finish();
    let summary = summary?;
    if !summary.personal_data_columns.is_empty() {
        eprintln!(
            "privacy: columns that look like personal data were exported: {}",
            summary.personal_data_columns.join(", ")
        );
    }
    let text = format!(
        "Wrote {} to {}",
        counted(summary.rows, "row", "rows"),
        summary.path
    );
    Ok(out.success(&summary, &text))
}

pub(crate) fn prep(
    cli: &Cli,
    dataset: &str,
    recipe: Option<&std::path::Path>,
    specs: &[String],
    out: &Output,
) -> Result<ExitCode, AppError> {
    let mut steps: Vec<PrepStep> = match recipe {
        Some(recipe) => {
            let text = std::fs::read_to_string(recipe).map_err(|source| AppError::Io {
                path: recipe.to_path_buf(),
                source,
            })?;
            serde_json::from_str(&text).map_err(|e| AppError::Invalid {
                field: "recipe",
                reason: format!("{}: {e}", recipe.display()),
            })?
        }
        None => Vec::new(),
    };
    for spec in specs {
        steps.push(crate::steps::parse_step(spec)?);
    }
    if steps.is_empty() {
        return Err(AppError::Invalid {
            field: "recipe",
            reason: "give the steps: --recipe FILE and/or --step STEP".to_owned(),
        });
    }
    let mut ws = open_workspace(cli)?;
    let outcome = ws.prep_dataset(dataset, &steps, &ctrl_c_token())?;
    let d = &outcome.dataset;
    let text = format!(
        "Prepared {} v{}: {} × {} ({}, fitted on {})",
        d.name,
        d.version,
        counted(d.rows, "row", "rows"),
        counted(d.columns.len() as u64, "column", "columns"),
        counted(outcome.recipe.len() as u64, "step", "steps"),
        if outcome.fitted_on_train_split {
            "the training split"
        } else {
            "all rows (no split yet)"
        }
    );
    Ok(out.success(&outcome, &text))
}

pub(crate) fn rows(
    cli: &Cli,
    dataset: &str,
    offset: u64,
    limit: usize,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let info: DatasetInfo = ws.dataset(dataset)?;
    let page = ws.dataset_rows(dataset, offset, limit)?;
    let mut text = page
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect::<Vec<_>>()
        .join("\t");
    for row in &page.rows {
        text.push('\n');
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        text.push_str(&cells.join("\t"));
    }
    let _ = write!(
        text,
        "\n({} of {} rows of {} v{}, from row {})",
        page.rows.len(),
        page.total_rows,
        info.name,
        info.version,
        page.offset
    );
    Ok(out.success(&page, &text))
}

#[allow(clippy::cast_precision_loss)] // display only
fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}
