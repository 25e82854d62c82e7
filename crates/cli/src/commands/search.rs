//! `modeldesk search`: find a good model within a time budget.

use std::fmt::Write as _;
use std::process::ExitCode;

use modeldesk_app::{AppError, JobProgress, Progress as _, SearchRequest, TrialInfo};

use super::models::describe;
use super::open_workspace;
use crate::Cli;
use crate::args::SearchArgs;
use crate::output::Output;
use crate::progress::{Bar, ctrl_c_token};

/// A parameter value with floats cut to 4 significant digits.
fn short(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(x) if x.fract() != 0.0 => format!("{x:.4e}")
            .parse::<f64>()
            .map_or_else(|_| v.to_owned(), |x| x.to_string()),
        _ => v.to_owned(),
    }
}

/// One trial as a line: number, family, the score and what set it apart.
fn trial_line(t: &TrialInfo) -> String {
    let score = if t.pruned {
        format!(
            "{} {:.4} (fold 1; stopped)",
            t.metric,
            t.folds.first().copied().unwrap_or(f64::NAN)
        )
    } else {
        format!("{} {:.4} ± {:.4}", t.metric, t.mean, t.std)
    };
    let key: Vec<String> = [
        "learning_rate",
        "num_leaves",
        "min_data_in_leaf",
        "l2",
        "hidden",
    ]
    .iter()
    .filter_map(|k| t.params.get(*k).map(|v| format!("{k}={}", short(v))))
    .collect();
    format!(
        "#{:<3} {:<6} {score:<34} {}",
        t.number,
        t.family,
        key.join(" ")
    )
}

pub(crate) fn search(cli: &Cli, args: &SearchArgs, out: &Output) -> Result<ExitCode, AppError> {
    let request = SearchRequest {
        dataset: args.dataset.clone(),
        target: args.target.clone(),
        task: Some(args.task.clone()),
        minutes: Some(args.minutes),
        families: args.families.clone(),
        folds: args.folds,
        seed: args.seed,
        max_trials: args.max_trials,
        name: args.name.clone(),
    };
    let mut ws = open_workspace(cli)?;
    let bar = Bar::new(!cli.json);
    let started = std::time::Instant::now();
    let budget_ms = u64::try_from(
        std::time::Duration::try_from_secs_f64(args.minutes * 60.0)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(u64::MAX);
    let mut on_trial = |t: &TrialInfo| {
        bar.report(JobProgress {
            stage: "search",
            done: u64::try_from(started.elapsed().as_millis())
                .unwrap_or(u64::MAX)
                .min(budget_ms),
            total: Some(budget_ms),
            rows: t.number as u64,
        });
        tracing::info!(trial = t.number, family = %t.family, mean = t.mean, pruned = t.pruned, "trial");
    };
    let summary = ws.search_models(&request, &mut on_trial, &ctrl_c_token());
    bar.finish();
    let s = summary?;
    let mut text = format!(
        "Searched {} trials in {}.{} s ({} stopped early, {}-fold cross-validation)",
        s.trials.len(),
        s.search_ms / 1000,
        s.search_ms % 1000 / 100,
        s.pruned,
        args.folds.unwrap_or(modeldesk_app::DEFAULT_FOLDS),
    );
    let mut ranked: Vec<&TrialInfo> = s.trials.iter().filter(|t| !t.pruned).collect();
    ranked.sort_by(|a, b| {
        if s.higher_is_better {
            b.mean.total_cmp(&a.mean)
        } else {
            a.mean.total_cmp(&b.mean)
        }
    });
    for t in ranked.iter().take(10) {
        let _ = write!(text, "\n  {}", trial_line(t));
    }
    let o = &s.model;
    let _ = write!(
        text,
        "\nKept {} ({}, trained on the dataset's split)",
        o.model, o.family
    );
    if let Some(m) = &o.metrics.validation {
        let _ = write!(text, "\n  validation: {}", describe(m));
    }
    if let Some(m) = &o.metrics.test {
        let _ = write!(text, "\n  test:       {}", describe(m));
    }
    Ok(out.success(&s, &text))
}
