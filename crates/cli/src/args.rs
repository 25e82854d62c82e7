//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// ModelDesk: prepare data, train, explain and export models, from the command line.
#[derive(Debug, Parser)]
#[command(name = "modeldesk", version, about, propagate_version = true)]
pub struct Cli {
    /// Project folder (holds project.sqlite and blobs/).
    #[arg(long, global = true, env = "MODELDESK_PROJECT", value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Print one JSON object on stdout (the last line) instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// More log output on stderr (-v info, -vv debug; or set MODELDESK_LOG).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a project in --project DIR (or DIR given here).
    Init {
        /// Project folder (overrides --project).
        dir: Option<PathBuf>,
        /// Project name (default: the folder name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Check ONNX Runtime and, with --project, the project store; say where each came from.
    Doctor,
}
