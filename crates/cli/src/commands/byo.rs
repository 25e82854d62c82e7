//! `import-model`, `inspect`, `map-model`, `evaluate`, `leaderboard`, `bench-model`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use modeldesk_app::{AppError, InputBinding, ScoreTransform, UserSettings};
use modeldesk_runtime::{Optimization, Provider, RuntimeOptions};

use super::{maybe_workspace, open_workspace};
use crate::Cli;
use crate::args::{BenchArgs, EvaluateArgs, MapArgs, RuntimeArgs, TaskArg};
use crate::output::Output;
use crate::progress::{Bar, ctrl_c_token};

/// The user's saved session settings with the flags given laid over them.
pub(crate) fn runtime_options(args: &RuntimeArgs) -> Result<RuntimeOptions, AppError> {
    let mut session = UserSettings::for_user().session();
    if let Some(p) = &args.provider {
        session.provider = Provider::parse(p).ok_or_else(|| AppError::Invalid {
            field: "--provider",
            reason: format!("{p:?} is not auto, cpu, cuda, directml or coreml"),
        })?;
    }
    if let Some(o) = &args.optimization {
        session.optimization = Optimization::parse(o).ok_or_else(|| AppError::Invalid {
            field: "--optimization",
            reason: format!("{o:?} is not disable, basic, extended or all"),
        })?;
    }
    if let Some(n) = args.threads {
        session.intra_threads = n;
    }
    if let Some(n) = args.inter_threads {
        session.inter_threads = n;
    }
    Ok(RuntimeOptions {
        session,
        ..RuntimeOptions::default()
    })
}

pub(crate) fn import_model(
    cli: &Cli,
    file: &Path,
    name: Option<&str>,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let mut ws = open_workspace(cli)?;
    let runtime = runtime_options(&RuntimeArgs::default())?;
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdbundle"))
    {
        let info = ws.import_model_bundle(file, &runtime)?;
        let notes = info.bundle.as_ref().map_or(0, |_| {
            ws.notes(Some("model"), Some(&info.id), None, false)
                .map_or(0, |n| n.len())
        });
        let text = format!(
            "Imported {} from the bundle ({} {}, {} bytes, {notes} notes)",
            info.name, info.summary.family, info.summary.task, info.onnx_bytes
        );
        return Ok(out.success(&info, &text));
    }
    let info = ws.import_model(file, name, &runtime)?;
    let text = format!(
        "Imported {} ({} {}, {} bytes); map its inputs with `modeldesk map-model {} --dataset DATASET`",
        info.name, info.summary.family, info.summary.task, info.onnx_bytes, info.name
    );
    Ok(out.success(&info, &text))
}

pub(crate) fn inspect(
    cli: &Cli,
    model: &str,
    nodes: bool,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = maybe_workspace(cli)?;
    let r = ws.inspect_model(model, &runtime_options(&RuntimeArgs::default())?)?;
    let i = &r.inspection;
    let mut text = format!(
        "{model}\n  producer   {}\n  IR         {}  opsets {}\n  size       {} bytes, {} parameters in {} initializers ({} bytes)\n  runs on    {}",
        if i.producer.is_empty() {
            "?"
        } else {
            &i.producer
        },
        i.ir_version,
        i.opsets
            .iter()
            .map(|o| format!("{} {}", o.domain, o.version))
            .collect::<Vec<_>>()
            .join(", "),
        i.file_bytes,
        i.parameters,
        i.initializers,
        i.parameter_bytes,
        r.provider.active.label(),
    );
    if let Some(reason) = &r.provider.fallback_reason {
        let _ = write!(text, " ({reason})");
    }
    let io = |label: &str, list: &[modeldesk_app::IoInfo], text: &mut String| {
        for v in list {
            let _ = write!(
                text,
                "\n  {label:<10} {} {} [{}]",
                v.name,
                v.ty,
                v.shape.join(", ")
            );
        }
    };
    io("input", &i.inputs, &mut text);
    io("output", &i.outputs, &mut text);
    let o = &r.outputs;
    let _ = write!(
        text,
        "\n  reads as   {}{}{}{}",
        o.task,
        o.probabilities
            .as_ref()
            .map(|p| format!("; probabilities from {p}"))
            .unwrap_or_default(),
        o.label
            .as_ref()
            .map(|p| format!("; label from {p}"))
            .unwrap_or_default(),
        o.prediction
            .as_ref()
            .map(|p| format!("; prediction from {p}"))
            .unwrap_or_default(),
    );
    if !o.classes.is_empty() {
        let _ = write!(text, "\n  classes    {}", o.classes.join(", "));
    }
    for m in &i.metadata {
        let _ = write!(text, "\n  metadata   {} = {}", m.key, m.value);
    }
    let _ = write!(
        text,
        "\n  operators  {} nodes: {}",
        i.nodes,
        i.ops
            .iter()
            .map(|o| format!("{} ×{}", o.op, o.count))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if nodes {
        for n in &i.node_list {
            let _ = write!(
                text,
                "\n    {:<24} {:<36} ({}) -> ({})",
                n.name,
                n.op,
                n.inputs.join(", "),
                n.outputs.join(", ")
            );
        }
    }
    if let Some(m) = &r.mapping {
        for b in &m.inputs {
            let _ = write!(
                text,
                "\n  mapped     {} <- {}",
                b.input,
                b.columns.join(", ")
            );
        }
    }
    Ok(out.success(&r, &text))
}

pub(crate) fn map_model(cli: &Cli, args: &MapArgs, out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let runtime = runtime_options(&RuntimeArgs::default())?;
    // The target first, so a proposed mapping leaves it out.
    if let Some(target) = &args.target {
        ws.set_model_io(&args.model, None, None, Some(target.clone()), &runtime)?;
    }
    let current = ws.inspect_model(&args.model, &runtime)?;
    let mut mapping = match &args.dataset {
        Some(d) => Some(ws.suggest_mapping(&args.model, d, &runtime)?),
        None => current.mapping.clone(),
    };
    for raw in &args.inputs {
        let (input, columns) = raw.split_once('=').ok_or_else(|| AppError::Invalid {
            field: "--input",
            reason: format!("{raw:?} is not INPUT=COLUMN[,COLUMN...]"),
        })?;
        let binding = InputBinding {
            input: input.trim().to_owned(),
            columns: columns.split(',').map(|c| c.trim().to_owned()).collect(),
        };
        let m = mapping.get_or_insert_with(Default::default);
        match m.inputs.iter_mut().find(|b| b.input == binding.input) {
            Some(b) => *b = binding,
            None => m.inputs.push(binding),
        }
    }
    let mut outputs = current.outputs.clone();
    let mut outputs_changed = false;
    let task = args.task.and_then(|t| match t {
        TaskArg::Binary => Some("binary"),
        TaskArg::Multiclass => Some("multiclass"),
        TaskArg::Regression => Some("regression"),
        TaskArg::Auto => None,
    });
    if let Some(task) = task {
        task.clone_into(&mut outputs.task);
        outputs_changed = true;
    }
    if let Some(c) = &args.classes {
        outputs.classes = c.split(',').map(|c| c.trim().to_owned()).collect();
        outputs_changed = true;
    }
    for (flag, slot) in [
        (&args.probabilities, &mut outputs.probabilities),
        (&args.label, &mut outputs.label),
        (&args.prediction, &mut outputs.prediction),
    ] {
        if let Some(v) = flag {
            *slot = (!v.is_empty()).then(|| v.clone());
            outputs_changed = true;
        }
    }
    if let Some(t) = &args.transform {
        outputs.transform = match t.to_ascii_lowercase().as_str() {
            "none" => ScoreTransform::None,
            "softmax" => ScoreTransform::Softmax,
            "sigmoid" => ScoreTransform::Sigmoid,
            other => {
                return Err(AppError::Invalid {
                    field: "--transform",
                    reason: format!("{other:?} is not none, softmax or sigmoid"),
                });
            }
        };
        outputs_changed = true;
    }
    let changed_mapping = args.dataset.is_some() || !args.inputs.is_empty();
    let info = ws.set_model_io(
        &args.model,
        mapping.clone().filter(|_| changed_mapping),
        outputs_changed.then_some(outputs),
        None,
        &runtime,
    )?;
    let mut text = format!("{}:", info.name);
    if let Some(spec) = &info.imported {
        match &spec.mapping {
            Some(m) => {
                for b in &m.inputs {
                    let _ = write!(text, "\n  {} <- {}", b.input, b.columns.join(", "));
                }
            }
            None => text.push_str("\n  no mapping yet (give --dataset or --input)"),
        }
        let _ = write!(
            text,
            "\n  target: {}\n  reads as: {} (classes: {})",
            spec.target.as_deref().unwrap_or("(not set)"),
            spec.outputs.task,
            spec.outputs.classes.join(", ")
        );
    }
    Ok(out.success(&info, &text))
}

pub(crate) fn evaluate(cli: &Cli, args: &EvaluateArgs, out: &Output) -> Result<ExitCode, AppError> {
    let runtime = runtime_options(&args.runtime)?;
    let ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let e = ws.evaluate_model(
        &args.model,
        &args.dataset,
        args.part.as_deref(),
        args.target.as_deref(),
        &runtime,
        &bar,
        &ctrl_c_token(),
    );
    bar.finish();
    let e = e?;
    let text = format!(
        "{} on {} ({} rows, {} → {}): {}",
        e.model,
        e.dataset,
        e.rows,
        e.part,
        e.target,
        super::models::describe(&e.metrics)
    );
    Ok(out.success(&e, &text))
}

pub(crate) fn leaderboard(cli: &Cli, out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let entries = ws.leaderboard()?;
    let mut text = String::new();
    if entries.is_empty() {
        text.push_str("No scored models yet: train one, or `modeldesk evaluate MODEL DATASET`.");
    }
    let mut task = "";
    for e in &entries {
        if e.task != task {
            task = &e.task;
            let _ = write!(
                text,
                "\n{task} ({} {}):",
                e.metric,
                if e.higher_is_better { "↑" } else { "↓" }
            );
        }
        let _ = write!(
            text,
            "\n  {:<8.4}  {:<28} {:<8} {:<6} on {} ({}){}",
            e.value,
            e.model,
            e.origin,
            e.family,
            e.dataset,
            e.part,
            e.latency
                .as_ref()
                .map(|l| format!("  {:.3} ms/row", l.p50_batch1_ms))
                .unwrap_or_default()
        );
    }
    Ok(out.success(&entries, text.trim_start()))
}

pub(crate) fn bench_model(cli: &Cli, args: &BenchArgs, out: &Output) -> Result<ExitCode, AppError> {
    let runtime = runtime_options(&args.runtime)?;
    let ws = maybe_workspace(cli)?;
    let budget =
        Duration::try_from_secs_f64(args.seconds.max(0.0)).map_err(|e| AppError::Invalid {
            field: "--seconds",
            reason: e.to_string(),
        })?;
    let report = ws.bench_model(&args.model, &args.batch, budget, &runtime)?;
    let mut text = format!(
        "{} on {}{}\n  {:>7}  {:>6}  {:>10}  {:>10}  {:>14}",
        report.model,
        report.provider.active.label(),
        report
            .provider
            .fallback_reason
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default(),
        "batch",
        "runs",
        "p50 ms",
        "p99 ms",
        "rows/s"
    );
    for r in &report.rows {
        let _ = write!(
            text,
            "\n  {:>7}  {:>6}  {:>10.3}  {:>10.3}  {:>14.0}",
            r.batch, r.runs, r.p50_ms, r.p99_ms, r.rows_per_second
        );
    }
    Ok(out.success(&report, &text))
}
