//! `init`, `sample` and `doctor`.

use std::process::ExitCode;

use modeldesk_app::{AppError, RecentProjects, Workspace, doctor, sample_project_dir};
use modeldesk_runtime::RuntimeOptions;

use crate::Cli;
use crate::output::Output;
use crate::progress::{Bar, ctrl_c_token};

pub(crate) fn init(
    cli: &Cli,
    dir: Option<&std::path::Path>,
    name: Option<&str>,
    out: &Output,
) -> ExitCode {
    let Some(dir) = dir.or(cli.project.as_deref()) else {
        return out.app_error(&AppError::Invalid {
            field: "project folder",
            reason: "give one: modeldesk --project DIR init".into(),
        });
    };
    let mut ws = Workspace::new(RecentProjects::for_user());
    match ws.create_project(dir, name) {
        Ok(p) => out.success(&p, &format!("Created project {:?} in {}", p.name, p.path)),
        Err(e) => out.app_error(&e),
    }
}

/// Makes (or opens) the sample project, with a progress bar; Ctrl-C cancels and removes it.
pub(crate) fn sample(
    cli: &Cli,
    dir: Option<&std::path::Path>,
    language: &str,
    out: &Output,
) -> ExitCode {
    let dir = dir.map_or_else(sample_project_dir, std::path::Path::to_path_buf);
    let mut ws = Workspace::new(RecentProjects::for_user());
    let bar = Bar::new(!cli.json);
    let made = ws.open_sample_project(
        &dir,
        language,
        &RuntimeOptions::default(),
        &bar,
        &ctrl_c_token(),
    );
    bar.finish();
    match made {
        Ok(p) => {
            let models = ws.models().map_or(0, |m| m.len());
            let text = format!(
                "Sample project {:?} in {} ({models} models)\nOpen it with: modeldesk --project {} models",
                p.name,
                p.path,
                shell_quote(&p.path)
            );
            out.success(&p, &text)
        }
        Err(e) => out.app_error(&e),
    }
}

/// `path` quoted for a POSIX shell when it needs it.
fn shell_quote(path: &str) -> String {
    if path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

pub(crate) fn run_doctor(cli: &Cli, out: &Output) -> ExitCode {
    let report = doctor(cli.project.as_deref(), &RuntimeOptions::default());
    if report.ok() {
        return out.success(&report, &report.text());
    }
    let message = report
        .runtime
        .error
        .clone()
        .or_else(|| report.store.as_ref().and_then(|s| s.error.clone()))
        .unwrap_or_else(|| "a check failed".into());
    let code = if report.runtime.loaded {
        "store"
    } else {
        "runtime"
    };
    if !cli.json {
        eprint!("{}", report.text());
    }
    out.failure(code, &message, serde_json::to_value(&report).ok())
}
