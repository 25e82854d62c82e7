//! `train`, `models`, `predict`, `export-model`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use modeldesk_app::{
    AppError, BundleOptions, ExplainOptions, ImportOptions, Metrics, ReportOptions, ReportSection,
    RowRange, TrainRequest,
};

use super::open_workspace;
use crate::Cli;
use crate::args::{ExportArgs, ModelArg, ReportArgs, RuntimeArgs, TaskArg, TrainArgs, ValidArg};
use crate::output::Output;
use crate::progress::{Bar, ctrl_c_token};

/// `NAME=VALUE` pairs, rejecting malformed ones by flag.
fn params(raw: &[String]) -> Result<BTreeMap<String, String>, AppError> {
    raw.iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| AppError::Invalid {
                    field: "--param",
                    reason: format!("{p:?} is not NAME=VALUE"),
                })
        })
        .collect()
}

/// One line per metric set: the headline plus the usual companions.
pub(crate) fn describe(m: &Metrics) -> String {
    match m {
        Metrics::Binary(b) => format!(
            "AUC {:.4}  log-loss {:.4}  accuracy {:.4}  F1 {:.4}  PR-AUC {:.4}",
            b.auc, b.log_loss, b.accuracy, b.f1, b.pr_auc
        ),
        Metrics::Multiclass(c) => format!(
            "accuracy {:.4}  macro-F1 {:.4}  log-loss {:.4}",
            c.accuracy, c.macro_f1, c.log_loss
        ),
        Metrics::Regression(r) => {
            format!("RMSE {:.4}  MAE {:.4}  R² {:.4}", r.rmse, r.mae, r.r2)
        }
    }
}

pub(crate) fn train(cli: &Cli, args: &TrainArgs, out: &Output) -> Result<ExitCode, AppError> {
    let request = TrainRequest {
        dataset: args.dataset.clone(),
        target: args.target.clone(),
        task: Some(
            match args.task {
                TaskArg::Auto => "auto",
                TaskArg::Binary => "binary",
                TaskArg::Multiclass => "multiclass",
                TaskArg::Regression => "regression",
            }
            .to_owned(),
        ),
        family: Some(
            match args.model {
                ModelArg::Gbdt => "gbdt",
                ModelArg::Linear => "linear",
                ModelArg::Mlp => "mlp",
            }
            .to_owned(),
        ),
        params: params(&args.params)?,
        seed: args.seed,
        ignore_split: args.valid == ValidArg::None,
        folds: args.folds.map(usize::from),
        name: args.name.clone(),
    };
    let mut ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let outcome = ws.train_model(&request, &bar, &ctrl_c_token());
    bar.finish();
    let o = outcome?;
    let mut text = format!(
        "Trained {} ({} {}, {} features) in {}.{:01} s: {} iterations{}",
        o.model,
        o.family,
        serde_json::to_value(o.task)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        o.features.len(),
        o.train_ms / 1000,
        o.train_ms % 1000 / 100,
        o.iterations,
        o.best_iteration
            .map(|b| format!(" (best: {b})"))
            .unwrap_or_default(),
    );
    let [train_rows, valid_rows, test_rows] = o.rows;
    let _ = write!(
        text,
        "\n  train      ({train_rows} rows): {}",
        describe(&o.metrics.train)
    );
    if let Some(m) = &o.metrics.validation {
        let _ = write!(text, "\n  validation ({valid_rows} rows): {}", describe(m));
    }
    if let Some(m) = &o.metrics.test {
        let _ = write!(text, "\n  test       ({test_rows} rows): {}", describe(m));
    }
    if let Some(cv) = &o.metrics.cv {
        let _ = write!(
            text,
            "\n  cross-validated ({} folds): {} {:.4} ± {:.4}",
            cv.folds.len(),
            cv.metric,
            cv.mean,
            cv.std
        );
    }
    if let Some(l) = &o.metrics.latency {
        let _ = write!(
            text,
            "\n  serving (ONNX Runtime): {:.3} ms p50 / {:.3} ms p99 per row, {:.0} rows/s in batches of 1,024, {} KB",
            l.p50_batch1_ms,
            l.p99_batch1_ms,
            l.rows_per_second_batch1024,
            l.model_bytes.div_ceil(1024)
        );
    }
    Ok(out.success(&o, &text))
}

pub(crate) fn list(cli: &Cli, out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let models = ws.models()?;
    let mut text = String::new();
    if models.is_empty() {
        text.push_str("No models yet: train one with `modeldesk train DATASET --target COLUMN`.");
    }
    for m in &models {
        let _ = writeln!(
            text,
            "{}  {} {} → {}  on {}  ({})",
            m.name,
            m.summary.family,
            m.summary.task,
            m.summary.target,
            m.summary.dataset,
            m.created_at
        );
    }
    Ok(out.success(&models, text.trim_end()))
}

pub(crate) fn predict(
    cli: &Cli,
    model: &str,
    file: &Path,
    dest: &Path,
    force: bool,
    runtime: &RuntimeArgs,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let runtime = super::byo::runtime_options(runtime)?;
    let ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let summary = ws.predict_file(
        model,
        file,
        dest,
        &ImportOptions::default(),
        &runtime,
        force,
        &bar,
        &ctrl_c_token(),
    );
    bar.finish();
    let summary = summary?;
    let text = format!(
        "Predicted {} rows with {model}; wrote {} (added: {})",
        summary.rows,
        summary.out.display(),
        summary.added_columns.join(", ")
    );
    Ok(out.success(&summary, &text))
}

pub(crate) fn export_model(
    cli: &Cli,
    model: &str,
    onnx: &Path,
    force: bool,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let e = ws.export_model(model, onnx, force)?;
    let text = format!(
        "Wrote {} ({} bytes, sha256 {})",
        e.path.display(),
        e.bytes,
        e.sha256
    );
    Ok(out.success(&e, &text))
}

pub(crate) fn export_bundle(
    cli: &Cli,
    args: &ExportArgs,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let options = BundleOptions {
        license: args.license.clone(),
        sample_rows: Some(args.samples),
        include_personal_data: args.include_personal_data,
        shap_rows: Some(args.shap_rows),
        shap_sample_rows: None,
    };
    let bar = Bar::new(!cli.json);
    let written = ws.export_model_bundle(
        &args.model,
        &args.bundle,
        &options,
        args.force,
        &bar,
        &ctrl_c_token(),
    );
    bar.finish();
    let manifest = written?;
    let mut text = format!("Wrote {} ({})", args.bundle.display(), manifest.model);
    for f in &manifest.files {
        let _ = write!(
            text,
            "\n  {:<18} {:>10} bytes  {}",
            f.path,
            f.bytes,
            &f.sha256[..12]
        );
    }
    Ok(out.success(&manifest, &text))
}

/// A choice by its serialised name (the names the UI sends too).
fn choice<T: serde::de::DeserializeOwned>(field: &'static str, text: &str) -> Result<T, AppError> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_ascii_lowercase())).map_err(
        |_| AppError::Invalid {
            field,
            reason: format!("{text:?} is not one of the choices (see --help)"),
        },
    )
}

pub(crate) fn report(cli: &Cli, args: &ReportArgs, out: &Output) -> Result<ExitCode, AppError> {
    let sections = if args.sections.is_empty() {
        ReportSection::ALL.to_vec()
    } else {
        args.sections
            .iter()
            .map(|s| choice("--sections", s))
            .collect::<Result<_, _>>()?
    };
    let options = ReportOptions {
        sections,
        theme: choice("--theme", &args.theme)?,
        rows: args.rows.clone(),
    };
    let ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let targets = modeldesk_app::ReportTargets {
        html: args.html.as_deref(),
        pdf: args.pdf.as_deref(),
    };
    let written = ws.write_model_report(
        &args.model,
        targets,
        &options,
        args.force,
        &bar,
        &ctrl_c_token(),
    );
    bar.finish();
    let written = written?;
    let text = [&written.html, &written.pdf]
        .into_iter()
        .flatten()
        .map(|(path, bytes)| format!("Wrote {path} ({bytes} bytes)"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(out.success(&written, &text))
}

/// `START..END` → the row range.
fn row_range(raw: Option<&str>) -> Result<RowRange, AppError> {
    let Some(raw) = raw else { return Ok(None) };
    let bad = || AppError::Invalid {
        field: "--rows",
        reason: format!("{raw:?} is not START..END (e.g. 0..1000)"),
    };
    let (a, b) = raw.split_once("..").ok_or_else(bad)?;
    let start = a.trim().parse::<u64>().map_err(|_| bad())?;
    let end = b.trim().parse::<u64>().map_err(|_| bad())?;
    Ok(Some((start, end)))
}

#[allow(clippy::too_many_arguments, reason = "one per flag")]
pub(crate) fn explain(
    cli: &Cli,
    model: &str,
    dataset: &str,
    rows: Option<&str>,
    options: &ExplainOptions,
    dest: Option<&Path>,
    force: bool,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let range = row_range(rows)?;
    let runtime = super::byo::runtime_options(&RuntimeArgs::default())?;
    let ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let summary = ws.explain(
        model,
        dataset,
        range,
        options,
        &runtime,
        dest,
        force,
        &bar,
        &ctrl_c_token(),
    );
    bar.finish();
    let s = summary?;
    let mut text = format!(
        "Explained {} rows of {dataset} with {model} ({} SHAP, {}{}; additivity error {:.1e})",
        s.rows,
        s.method,
        s.output_space,
        s.background
            .map(|n| format!(", {n} background rows"))
            .unwrap_or_default(),
        s.max_additivity_error
    );
    for (i, imp) in s.importance.iter().take(15).enumerate() {
        let _ = write!(
            text,
            "\n  {:>2}. {:<32} {:.4}",
            i + 1,
            imp.feature,
            imp.mean_abs_shap
        );
    }
    if let Some(p) = &s.out {
        let _ = write!(text, "\nWrote {}", p.display());
    }
    if let Some(p) = &s.interactions_out {
        let _ = write!(text, "\nWrote {}", p.display());
    }
    Ok(out.success(&s, &text))
}
