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
    /// Make the sample project (a dataset, two trained models, an explanation and a note), or
    /// open it when it is there already.
    Sample {
        /// Its folder (default: `sample` in the app's data folder).
        dir: Option<PathBuf>,
        /// Language of its note: `en` or `zh-CN`.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Import a CSV/TSV, JSON/NDJSON, Parquet or spreadsheet file as a dataset (a new version if the name exists).
    Import(ImportArgs),
    /// List the project's datasets (newest version of each), or every version of one.
    Datasets {
        /// List every version of this dataset, with its lineage.
        #[arg(long, value_name = "DATASET")]
        versions: Option<String>,
    },
    /// Show a dataset's column profile (types, missing, distinct, summaries, flags).
    Profile {
        /// Dataset reference (name, id, or name@VERSION).
        dataset: String,
    },
    /// Apply a prep recipe and store the result as a new version: the steps of --recipe, then
    /// each --step in order.
    Prep {
        /// Dataset reference (name, id, or name@VERSION).
        dataset: String,
        /// The recipe file: a JSON array of steps, e.g. [{"op": "impute", "column": "age", "strategy": "median"}].
        #[arg(long)]
        recipe: Option<PathBuf>,
        /// One step, as JSON or `OP:COLUMN[:ARG]` — `impute:age:median`, `one_hot:city`,
        /// `scale:age:min_max`, `filter_rows:age:ge:18`, `rename:old:new`, `drop_columns:a,b`,
        /// `cast:code:categorical`, `date_parts:when`, `tf_idf:review:100`,
        /// `clip_outliers:x:q=0.01,0.99`.
        #[arg(long = "step", value_name = "STEP")]
        steps: Vec<String>,
    },
    /// Split a dataset into train/validation/test (and folds); later steps use the newest split.
    Split(SplitArgs),
    /// Write a dataset to a CSV or Parquet file (warns about likely personal data).
    ExportData {
        /// Dataset reference (name, id, or name@VERSION).
        dataset: String,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormatArg::Csv)]
        format: ExportFormatArg,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Train a model on a dataset (its newest split gives train/validation/test rows).
    Train(TrainArgs),
    /// Find a good model within a time budget: random search over model families and their
    /// key parameters, scored by k-fold cross-validation, poor candidates stopped early; every
    /// finished trial is a run, and the best is trained on the dataset's split and stored.
    Search(SearchArgs),
    /// List the project's models.
    Models,
    /// List training runs (finished, failed with their error, cancelled; search trials with
    /// their cross-validated score), newest first or best first.
    Runs {
        /// Only runs on this dataset (a name: every version; name@N: that version).
        #[arg(long)]
        dataset: Option<String>,
        /// Order: newest first, or best first by the headline metric (test, else validation,
        /// else cross-validated).
        #[arg(long, value_enum, default_value_t = RunSort::Created)]
        sort: RunSort,
    },
    /// One run in full: parameters, metrics per part, serving cost, its curve; `--star`,
    /// `--unstar` and `--tag` label it.
    Run {
        /// Run id (or a unique prefix or suffix: `runs` shows the last 8 characters).
        run: String,
        /// Star the run.
        #[arg(long, conflicts_with = "unstar")]
        star: bool,
        /// Remove the run's star.
        #[arg(long)]
        unstar: bool,
        /// Replace the run's tags with these (repeatable or comma-separated; `--tag ''` clears).
        #[arg(long = "tag", value_delimiter = ',')]
        tags: Option<Vec<String>>,
    },
    /// Stop a running training (in this or another process); it is recorded as cancelled.
    Cancel {
        /// Run id (or a unique prefix or suffix).
        run: String,
    },
    /// Runs side by side: the parameters that differ, and their metrics.
    Compare {
        /// Two or more run ids (or unique prefixes or suffixes).
        #[arg(required = true, num_args = 2..)]
        runs: Vec<String>,
    },
    /// Predict a data file with a stored model through ONNX Runtime; writes the input columns
    /// plus `predicted_label` and `prob_<class>` (classification) or `prediction` (regression).
    Predict {
        /// Model name or id.
        model: String,
        /// Data file (CSV/TSV, JSON, Parquet, spreadsheet) with the model's input columns, or a
        /// stored dataset (name, name@VERSION or id).
        file: PathBuf,
        /// Output file (.csv, or .parquet).
        #[arg(long)]
        out: PathBuf,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        /// ONNX Runtime session settings.
        #[command(flatten)]
        runtime: RuntimeArgs,
    },
    /// Import an ONNX model file (from PyTorch, skl2onnx, onnxmltools, ...); it is loaded in
    /// ONNX Runtime first, and nothing is stored if that fails.
    ImportModel {
        /// The .onnx file (external weights beside it are folded in), or a .mdbundle (the
        /// model comes in with its card, metrics and notes).
        file: PathBuf,
        /// Model name (default: the file name without extension).
        #[arg(long)]
        name: Option<String>,
    },
    /// Show what a model is: inputs and outputs (types, shapes), opsets, producer, metadata,
    /// operator histogram, parameters, and how its outputs are read.
    Inspect {
        /// Stored model name or id, or an .onnx file.
        model: String,
        /// Also list the graph's nodes.
        #[arg(long)]
        nodes: bool,
    },
    /// Show or set how a dataset's columns feed an imported model, what its outputs mean, and
    /// which column holds the truth.
    MapModel(MapArgs),
    /// Score a model on a dataset version with the metrics of models trained here; recorded for
    /// the leaderboard.
    Evaluate(EvaluateArgs),
    /// Rank every model (trained or imported) by its headline metric on held-out data.
    Leaderboard,
    /// Measure a model's latency and throughput through ONNX Runtime (p50/p99 per batch size).
    BenchModel(BenchArgs),
    /// Notes: Markdown on the project or any entity, with history, tags, pins and search.
    #[command(subcommand)]
    Notes(NotesCommand),
    /// Comment on an entity (or reply to a comment), list a thread, resolve it.
    #[command(subcommand)]
    Comment(CommentCommand),
    /// A model's review: request, approve, reject (ask for changes), withdraw, show.
    Review {
        /// request, approve, reject, withdraw, show.
        action: String,
        /// Model name or id.
        model: String,
        /// Reviewer to ask (request; repeatable).
        #[arg(long = "reviewer", value_name = "NAME")]
        reviewers: Vec<String>,
        /// What for / why (needed to reject).
        #[arg(long, short)]
        message: Option<String>,
    },
    /// What happened in the project, newest first.
    Activity {
        /// How many entries.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only kinds starting with this (e.g. `note`, `review`, `model`).
        #[arg(long)]
        kind: Option<String>,
        /// Only notes and comments that mention me.
        #[arg(long)]
        mentions: bool,
    },
    /// Share a project without a server: export it to one file, or merge one in.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Show or set who you are (the author on everything you write).
    Identity {
        /// Display name.
        #[arg(long)]
        name: Option<String>,
        /// Email.
        #[arg(long)]
        email: Option<String>,
        /// Avatar colour, #rrggbb.
        #[arg(long)]
        colour: Option<String>,
    },
    /// Write a model bundle for a colleague: the ONNX model, its card (Markdown + JSON),
    /// metrics, input schema and sample rows, SHAP summary, notes and review, in one
    /// `.mdbundle` file (the viewer and `import-model` open it).
    Export(ExportArgs),
    /// Write a model's report: a self-contained HTML file and/or a PDF (summary, data profile, training
    /// curve, metrics and plots, SHAP charts, model card, notes and review; no network needed).
    Report(ReportArgs),
    /// Write a stored model's ONNX file.
    ExportModel {
        /// Model name or id.
        model: String,
        /// Output .onnx file.
        #[arg(long, value_name = "FILE")]
        onnx: PathBuf,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Explain a model's predictions on a dataset with SHAP values (exact TreeSHAP for boosted
    /// trees, Linear SHAP for linear models), one column per raw column.
    Explain {
        /// Model name or id.
        model: String,
        /// Dataset reference: the raw data or the prepared version the model was trained on.
        dataset: String,
        /// Rows to explain, START..END (default: every row).
        #[arg(long, value_name = "START..END")]
        rows: Option<String>,
        /// Also compute SHAP interaction values (trees), written beside --out.
        #[arg(long)]
        interactions: bool,
        /// auto (TreeSHAP / Linear SHAP when the model has them, else exact Shapley values up to
        /// 12 columns and permutations above), tree, linear, exact, permutation, kernel.
        #[arg(long)]
        method: Option<String>,
        /// Background rows for exact/permutation/kernel: an evenly spaced sample of N rows of
        /// DATASET.
        #[arg(long, value_name = "N")]
        background: Option<usize>,
        /// Background rows for exact/permutation/kernel: exactly the rows of this dataset.
        #[arg(long, value_name = "DATASET", conflicts_with = "background")]
        background_data: Option<String>,
        /// Background for exact/permutation/kernel/tree: K k-means clusters of DATASET
        /// (observed values, weighted by cluster size).
        #[arg(long, value_name = "K", conflicts_with_all = ["background", "background_data"])]
        background_kmeans: Option<usize>,
        /// Orders sampled per row by the permutation method (each walked both ways).
        #[arg(long, value_name = "K")]
        permutations: Option<usize>,
        /// Coalitions sampled per row by the kernel method (default 2 × columns + 2048).
        #[arg(long, value_name = "N")]
        samples: Option<usize>,
        /// Output file (.csv or .parquet): row, class (multiclass), one column per raw column, base_value,
        /// prediction.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace output files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Rank a model's inputs by mean |SHAP| on a dataset.
    Importance {
        /// Model name or id.
        model: String,
        /// Dataset reference.
        dataset: String,
        /// Rows to use, START..END (default: every row).
        #[arg(long, value_name = "START..END")]
        rows: Option<String>,
    },
    /// Show rows of a dataset (by name, id, or name@VERSION).
    Rows {
        /// Dataset reference.
        dataset: String,
        /// First row (0-based).
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// Number of rows.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

/// Options of `import`; unset dialect options are sniffed from the file.
#[allow(clippy::struct_excessive_bools)] // command-line flags are naturally booleans
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import (never modified).
    pub file: PathBuf,
    /// Dataset name (default: the file name without extension).
    #[arg(long)]
    pub name: Option<String>,
    /// Field delimiter, e.g. ',' ';' '\t' (write "tab" for a tab).
    #[arg(long)]
    pub delimiter: Option<String>,
    /// Quote character.
    #[arg(long)]
    pub quote: Option<char>,
    /// The first row is data, not column names.
    #[arg(long, conflicts_with = "header")]
    pub no_header: bool,
    /// The first row names the columns.
    #[arg(long)]
    pub header: bool,
    /// Text encoding (utf-8, utf-16le, utf-16be, latin1, windows-1252, ...).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Numbers use a decimal comma (3,14).
    #[arg(long)]
    pub decimal_comma: bool,
    /// A text meaning "missing" (repeatable; replaces the defaults).
    #[arg(long = "missing", value_name = "TEXT")]
    pub missing: Vec<String>,
    /// Force a column's type: COLUMN=TYPE (integer, float, boolean, categorical, text, datetime).
    #[arg(long = "type", value_name = "COLUMN=TYPE")]
    pub types: Vec<String>,
    /// Spreadsheet sheet to import (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Fail on the first bad row or value instead of skipping/blanking it with a warning.
    #[arg(long)]
    pub strict: bool,
}

/// How to split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StrategyArg {
    /// Shuffled rows.
    Random,
    /// Keep class proportions of --column in every part.
    Stratified,
    /// Oldest rows train, newest test, by --column.
    Time,
    /// Whole groups of --column go to one part.
    Group,
}

/// Options of `split`.
#[derive(Debug, clap::Args)]
pub struct SplitArgs {
    /// Dataset reference (name, id, or name@VERSION).
    pub dataset: String,
    /// Strategy.
    #[arg(long, value_enum, default_value_t = StrategyArg::Random)]
    pub strategy: StrategyArg,
    /// The class, date or group column (stratified, time, group).
    #[arg(long)]
    pub column: Option<String>,
    /// Share of rows for validation.
    #[arg(long, default_value_t = 0.15)]
    pub validation: f64,
    /// Share of rows for test.
    #[arg(long, default_value_t = 0.15)]
    pub test: f64,
    /// Seed (the same seed gives the same split).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Also cut the non-test rows into K folds for cross-validation.
    #[arg(long, value_name = "K")]
    pub folds: Option<u8>,
}

/// Options of `train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Dataset reference (name, id, or name@VERSION).
    pub dataset: String,
    /// The column to predict.
    #[arg(long)]
    pub target: String,
    /// What to predict (auto: from the target's type and values).
    #[arg(long, value_enum, default_value_t = TaskArg::Auto)]
    pub task: TaskArg,
    /// Model family.
    #[arg(long, value_enum, default_value_t = ModelArg::Gbdt)]
    pub model: ModelArg,
    /// A hyper-parameter, NAME=VALUE (repeatable), e.g. --param num_leaves=63.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Validation rows: the dataset's newest split, or none (train on every row).
    #[arg(long, value_enum, default_value_t = ValidArg::Split)]
    pub valid: ValidArg,
    /// Seed for sampling and initial weights.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Also cross-validate these parameters with K folds of the non-test rows (stratified for
    /// classification) and keep the mean ± std with the run.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(2..=20))]
    pub folds: Option<u8>,
    /// Model name (default: DATASET-FAMILY-N).
    #[arg(long)]
    pub name: Option<String>,
}

/// `modeldesk search` options.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Dataset reference (name, id, or name@VERSION).
    pub dataset: String,
    /// The column to predict.
    #[arg(long)]
    pub target: String,
    /// What to predict: auto, binary, multiclass, regression.
    #[arg(long, default_value = "auto")]
    pub task: String,
    /// Time budget in minutes (fractions allowed).
    #[arg(long, default_value_t = 1.0)]
    pub minutes: f64,
    /// Families to try (repeatable or comma-separated; default gbdt, linear, mlp).
    #[arg(long = "family", value_delimiter = ',')]
    pub families: Vec<String>,
    /// Cross-validation folds.
    #[arg(long)]
    pub folds: Option<usize>,
    /// Seed of the folds and the candidates (the same seed and trial count give the same
    /// trials).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Stop after this many trials.
    #[arg(long)]
    pub max_trials: Option<usize>,
    /// Name of the model kept.
    #[arg(long)]
    pub name: Option<String>,
}

/// How `runs` orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunSort {
    /// Newest first.
    Created,
    /// Best headline metric first.
    Metric,
}

/// Tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TaskArg {
    /// From the target column.
    Auto,
    /// Two classes.
    Binary,
    /// Three or more classes.
    Multiclass,
    /// A number.
    Regression,
}

/// Model families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelArg {
    /// Gradient-boosted trees.
    Gbdt,
    /// Linear / logistic regression.
    Linear,
    /// Multi-layer perceptron.
    Mlp,
}

/// Where validation rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidArg {
    /// The newest split's validation part (early stopping) and test part (final metrics).
    Split,
    /// No validation: train on every row.
    None,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormatArg {
    /// CSV with a header row.
    Csv,
    /// The stored Parquet snapshot.
    Parquet,
}

/// ONNX Runtime session settings; unset ones come from the user's saved settings.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RuntimeArgs {
    /// Execution provider: auto, cpu, cuda, directml, coreml (falls back to CPU with the reason).
    #[arg(long)]
    pub provider: Option<String>,
    /// Threads inside an operator (0 = one per core).
    #[arg(long)]
    pub threads: Option<u16>,
    /// Threads across independent operators (0 = sequential).
    #[arg(long)]
    pub inter_threads: Option<u16>,
    /// Graph optimisation: disable, basic, extended, all.
    #[arg(long)]
    pub optimization: Option<String>,
}

/// Options of `map-model`.
#[derive(Debug, clap::Args)]
pub struct MapArgs {
    /// Imported model name or id.
    pub model: String,
    /// Propose a mapping from this dataset's columns (by name, metadata feature order, or
    /// position) and save it.
    #[arg(long)]
    pub dataset: Option<String>,
    /// Map an input by hand: INPUT=COLUMN[,COLUMN...] (repeatable).
    #[arg(long = "input", value_name = "INPUT=COLUMNS")]
    pub inputs: Vec<String>,
    /// The column holding the truth (for evaluation).
    #[arg(long)]
    pub target: Option<String>,
    /// What the model predicts.
    #[arg(long, value_enum)]
    pub task: Option<TaskArg>,
    /// Class names in probability order, comma-separated.
    #[arg(long)]
    pub classes: Option<String>,
    /// The output holding class probabilities (or scores).
    #[arg(long, value_name = "OUTPUT")]
    pub probabilities: Option<String>,
    /// The output holding the predicted label.
    #[arg(long, value_name = "OUTPUT")]
    pub label: Option<String>,
    /// The output holding the prediction (regression).
    #[arg(long, value_name = "OUTPUT")]
    pub prediction: Option<String>,
    /// How the probability output becomes probabilities: none, softmax, sigmoid.
    #[arg(long)]
    pub transform: Option<String>,
}

/// Options of `evaluate`.
#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// Model name or id.
    pub model: String,
    /// Dataset reference (name, id, or name@VERSION).
    pub dataset: String,
    /// Rows: test, validation, train or all (default: test when the dataset is split).
    #[arg(long)]
    pub part: Option<String>,
    /// The column holding the truth (default: the model's target).
    #[arg(long)]
    pub target: Option<String>,
    /// ONNX Runtime session settings.
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

/// Options of `bench-model`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Stored model name or id, or an .onnx file.
    pub model: String,
    /// Batch sizes, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 32, 1024])]
    pub batch: Vec<usize>,
    /// Seconds to time each batch size (at least 20 calls each).
    #[arg(long, default_value_t = 1.0)]
    pub seconds: f64,
    /// ONNX Runtime session settings.
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

/// Where a note or comment is attached.
#[derive(Debug, Clone, clap::Args)]
pub struct EntityArgs {
    /// A run id.
    #[arg(long, conflicts_with_all = ["model", "dataset", "column", "note"])]
    pub run: Option<String>,
    /// A model name or id.
    #[arg(long, conflicts_with_all = ["dataset", "column", "note"])]
    pub model: Option<String>,
    /// A dataset (name, name@VERSION or id).
    #[arg(long, conflicts_with_all = ["column", "note"])]
    pub dataset: Option<String>,
    /// A column: DATASET:COLUMN.
    #[arg(long, conflicts_with = "note")]
    pub column: Option<String>,
    /// A note (id or id prefix), for comments.
    #[arg(long)]
    pub note: Option<String>,
}

impl EntityArgs {
    /// (kind, reference); the project when none is given.
    pub fn entity(&self) -> (&'static str, Option<&str>) {
        [
            ("run", &self.run),
            ("model", &self.model),
            ("dataset", &self.dataset),
            ("column", &self.column),
            ("note", &self.note),
        ]
        .into_iter()
        .find_map(|(k, v)| v.as_deref().map(|v| (k, Some(v))))
        .unwrap_or(("project", None))
    }
}

/// `notes` verbs.
#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Write a note (the body from --body, or --file, or stdin).
    Add {
        /// Title.
        #[arg(long)]
        title: Option<String>,
        /// Markdown body.
        #[arg(long)]
        body: Option<String>,
        /// Read the body from a file.
        #[arg(long, conflicts_with = "body")]
        file: Option<PathBuf>,
        /// A tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Pin it.
        #[arg(long)]
        pin: bool,
        /// What it is about.
        #[command(flatten)]
        on: EntityArgs,
    },
    /// List notes (pinned first): all, on one entity, with a tag, or the deleted ones.
    List {
        /// With this tag.
        #[arg(long)]
        tag: Option<String>,
        /// The deleted notes (to restore).
        #[arg(long)]
        deleted: bool,
        /// On this entity.
        #[command(flatten)]
        on: EntityArgs,
    },
    /// Show a note (id or a prefix of it), rendered.
    Show {
        /// Note id.
        note: String,
    },
    /// Save a new version of a note.
    Edit {
        /// Note id.
        note: String,
        /// New title (default: unchanged).
        #[arg(long)]
        title: Option<String>,
        /// New body (default: unchanged).
        #[arg(long)]
        body: Option<String>,
        /// Read the new body from a file.
        #[arg(long, conflicts_with = "body")]
        file: Option<PathBuf>,
        /// Replace the tags (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Pin or unpin.
        #[arg(long)]
        pin: Option<bool>,
        /// Refuse if the note is no longer at this version.
        #[arg(long)]
        expect_version: Option<u32>,
    },
    /// Delete a note (restore undoes it).
    Delete {
        /// Note id.
        note: String,
    },
    /// Restore a deleted note.
    Restore {
        /// Note id.
        note: String,
    },
    /// Every version of a note; with --diff A..B, the line diff between two versions.
    History {
        /// Note id.
        note: String,
        /// Versions to compare, e.g. 1..3.
        #[arg(long, value_name = "A..B")]
        diff: Option<String>,
    },
    /// Full-text search over notes and comments.
    Search {
        /// Words (the last one may be a prefix).
        text: String,
        /// Only this author's.
        #[arg(long)]
        author: Option<String>,
        /// Only notes with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only on this kind of entity (run, model, dataset, ...).
        #[arg(long)]
        on: Option<String>,
    },
}

/// `comment` verbs.
#[derive(Debug, Subcommand)]
pub enum CommentCommand {
    /// Comment on an entity, or reply to a comment.
    Add {
        /// Markdown text.
        text: String,
        /// Reply to this comment.
        #[arg(long)]
        reply_to: Option<String>,
        /// What it is on.
        #[command(flatten)]
        on: EntityArgs,
    },
    /// The comments on an entity, thread by thread.
    List {
        /// What they are on.
        #[command(flatten)]
        on: EntityArgs,
    },
    /// Resolve the thread a comment belongs to (--reopen to reopen it).
    Resolve {
        /// Comment id.
        comment: String,
        /// Reopen instead.
        #[arg(long)]
        reopen: bool,
    },
}

/// `export` arguments.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Model name or id.
    pub model: String,
    /// The bundle file to write (e.g. churn.mdbundle).
    #[arg(long, value_name = "FILE")]
    pub bundle: PathBuf,
    /// License of the model, an SPDX id (e.g. MIT, CC-BY-4.0); default `unknown`.
    #[arg(long)]
    pub license: Option<String>,
    /// Sample input rows to include.
    #[arg(long, default_value_t = 5)]
    pub samples: usize,
    /// Keep columns flagged as personal data in the samples (left out by default).
    #[arg(long)]
    pub include_personal_data: bool,
    /// Rows explained for the SHAP summary (0 leaves SHAP out).
    #[arg(long, default_value_t = 500)]
    pub shap_rows: usize,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `report` arguments.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Model name or id.
    pub model: String,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE", required_unless_present = "pdf")]
    pub html: Option<PathBuf>,
    /// The PDF file to write (A4, the same sections).
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// Sections, in order (default: all): summary, data, training, metrics, explanations,
    /// card, notes.
    #[arg(long, value_delimiter = ',')]
    pub sections: Vec<String>,
    /// auto (the reader's system setting on screen), light or dark.
    #[arg(long, default_value = "auto")]
    pub theme: String,
    /// Sample rows that get a SHAP waterfall, e.g. 0,3.
    #[arg(long, value_delimiter = ',', default_value = "0")]
    pub rows: Vec<usize>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `bundle` verbs.
#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write the project (notes, threads, reviews, runs, models, datasets) to one file.
    Export {
        /// The bundle file (e.g. team.mdproj).
        #[arg(long)]
        out: PathBuf,
        /// Leave the dataset snapshots out (their metadata stays), for privacy.
        #[arg(long)]
        no_data: bool,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Merge a bundle into this project by UUID (importing twice changes nothing).
    Import {
        /// The bundle file.
        file: PathBuf,
    },
}
