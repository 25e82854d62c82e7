//! `init` and `doctor`.

use std::fmt::Write as _;
use std::process::ExitCode;

use modeldesk_app::{AppError, DoctorReport, RecentProjects, Workspace, doctor};
use modeldesk_runtime::RuntimeOptions;

use crate::Cli;
use crate::output::Output;

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

pub(crate) fn run_doctor(cli: &Cli, out: &Output) -> ExitCode {
    let report = doctor(cli.project.as_deref(), &RuntimeOptions::default());
    if report.ok() {
        return out.success(&report, &doctor_text(&report));
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
        eprint!("{}", doctor_text(&report));
    }
    out.failure(code, &message, serde_json::to_value(&report).ok())
}

fn doctor_text(r: &DoctorReport) -> String {
    let mut s = format!("ModelDesk {}\n", r.app_version);
    let rt = &r.runtime;
    if rt.loaded {
        let _ = writeln!(
            s,
            "ONNX Runtime  ok  {} from {} ({})",
            rt.ort_version.as_deref().unwrap_or("?"),
            rt.library_path.as_deref().unwrap_or("?"),
            rt.source.as_deref().unwrap_or("?"),
        );
        let _ = writeln!(
            s,
            "  providers: {}; running on {}",
            rt.providers.join(", "),
            rt.active_provider.as_deref().unwrap_or("?")
        );
    } else {
        let _ = writeln!(
            s,
            "ONNX Runtime  MISSING  {}",
            rt.error.as_deref().unwrap_or("")
        );
    }
    match &r.store {
        None => s.push_str("Project store  (no --project given)\n"),
        Some(st) if st.ok => {
            let _ = writeln!(
                s,
                "Project store  ok  {:?} at {} (schema v{}, journal {}, {} blobs)",
                st.name.as_deref().unwrap_or(""),
                st.path,
                st.schema_version.unwrap_or(0),
                st.journal_mode.as_deref().unwrap_or("?"),
                st.blob_count.unwrap_or(0)
            );
        }
        Some(st) => {
            let _ = writeln!(
                s,
                "Project store  PROBLEM  {}",
                st.error.as_deref().unwrap_or("")
            );
        }
    }
    s
}
