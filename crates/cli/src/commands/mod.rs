//! One function per verb; each is a call into the facade plus presentation.

mod byo;
mod data;
mod models;
mod notes;
mod project;
mod runs;
mod search;

use std::process::ExitCode;

use modeldesk_app::{AppError, RecentProjects, Workspace};

use crate::output::Output;
use crate::{Cli, Command};

#[allow(
    clippy::too_many_lines,
    reason = "one arm per verb: the dispatcher grows with the CLI"
)]
pub(crate) fn dispatch(cli: &Cli, out: &Output) -> ExitCode {
    let result = match &cli.command {
        Command::Init { dir, name } => {
            return project::init(cli, dir.as_deref(), name.as_deref(), out);
        }
        Command::Doctor => return project::run_doctor(cli, out),
        Command::Sample { dir, language } => {
            return project::sample(cli, dir.as_deref(), language, out);
        }
        Command::Import(args) => data::import(cli, args, out),
        Command::Datasets { versions } => data::datasets(cli, versions.as_deref(), out),
        Command::Profile { dataset } => data::profile(cli, dataset, out),
        Command::Split(args) => data::split(cli, args, out),
        Command::Prep {
            dataset,
            recipe,
            steps,
        } => data::prep(cli, dataset, recipe.as_deref(), steps, out),
        Command::ExportData {
            dataset,
            out: file,
            format,
            force,
        } => data::export_data(cli, dataset, file, *format, *force, out),
        Command::Train(args) => models::train(cli, args, out),
        Command::Search(args) => search::search(cli, args, out),
        Command::Models => models::list(cli, out),
        Command::Runs { dataset, sort } => runs::list(cli, dataset.as_deref(), *sort, out),
        Command::Run {
            run,
            star,
            unstar,
            tags,
        } => runs::show(cli, run, (*star, *unstar), tags.as_deref(), out),
        Command::Compare { runs: ids } => runs::compare(cli, ids, out),
        Command::Cancel { run } => runs::cancel(cli, run, out),
        Command::Predict {
            model,
            file,
            out: dest,
            force,
            runtime,
        } => models::predict(cli, model, file, dest, *force, runtime, out),
        Command::ImportModel { file, name } => byo::import_model(cli, file, name.as_deref(), out),
        Command::Inspect { model, nodes } => byo::inspect(cli, model, *nodes, out),
        Command::MapModel(args) => byo::map_model(cli, args, out),
        Command::Evaluate(args) => byo::evaluate(cli, args, out),
        Command::Leaderboard => byo::leaderboard(cli, out),
        Command::BenchModel(args) => byo::bench_model(cli, args, out),
        Command::Notes(command) => notes::notes(cli, command, out),
        Command::Comment(command) => notes::comment(cli, command, out),
        Command::Review {
            action,
            model,
            reviewers,
            message,
        } => notes::review(cli, action, model, reviewers, message.as_deref(), out),
        Command::Activity {
            limit,
            kind,
            mentions,
        } => notes::activity(cli, *limit, kind.as_deref(), *mentions, out),
        Command::Bundle(command) => notes::bundle(cli, command, out),
        Command::Identity {
            name,
            email,
            colour,
        } => notes::identity(name.as_deref(), email.as_deref(), colour.as_deref(), out),
        Command::Export(args) => models::export_bundle(cli, args, out),
        Command::Report(args) => models::report(cli, args, out),
        Command::ExportModel { model, onnx, force } => {
            models::export_model(cli, model, onnx, *force, out)
        }
        Command::Explain {
            model,
            dataset,
            rows,
            interactions,
            method,
            background,
            background_data,
            background_kmeans,
            permutations,
            samples,
            out: dest,
            force,
        } => models::explain(
            cli,
            model,
            dataset,
            rows.as_deref(),
            &modeldesk_app::ExplainOptions {
                method: method.clone(),
                background: *background,
                background_data: background_data.clone(),
                background_kmeans: *background_kmeans,
                permutations: *permutations,
                interactions: *interactions,
                samples: *samples,
            },
            dest.as_deref(),
            *force,
            out,
        ),
        Command::Importance {
            model,
            dataset,
            rows,
        } => models::explain(
            cli,
            model,
            dataset,
            rows.as_deref(),
            &modeldesk_app::ExplainOptions::default(),
            None,
            false,
            out,
        ),
        Command::Rows {
            dataset,
            offset,
            limit,
        } => data::rows(cli, dataset, *offset, *limit, out),
    };
    result.unwrap_or_else(|e| out.app_error(&e))
}

/// The project named by `--project` when one is, else a workspace with none open (for verbs
/// that also work on a plain file).
fn maybe_workspace(cli: &Cli) -> Result<Workspace, AppError> {
    if cli.project.is_some() {
        open_workspace(cli)
    } else {
        Ok(Workspace::new(RecentProjects::for_user()))
    }
}

/// Opens the project named by `--project` (or `MODELDESK_PROJECT`).
fn open_workspace(cli: &Cli) -> Result<Workspace, AppError> {
    let dir = cli.project.as_deref().ok_or(AppError::Invalid {
        field: "project folder",
        reason: "give one with --project DIR (or set MODELDESK_PROJECT)".into(),
    })?;
    let mut ws = Workspace::new(RecentProjects::for_user());
    ws.open_project(dir)?;
    Ok(ws)
}
