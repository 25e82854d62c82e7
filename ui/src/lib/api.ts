// The only module that talks to the Rust side. Everything else imports from here.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  events,
  IMPORTABLE_EXTENSIONS,
  type ActivityInfo_Serialize,
  type ApiError,
  type AppInfo_Serialize,
  type BundleFile,
  type BundleManifest,
  type BundleMetrics_Serialize,
  type BundleOptions_Deserialize,
  type BundleOrigin_Serialize,
  type BundlePreview_Serialize,
  type Cell,
  type ColumnFlag,
  type ColumnInfo,
  type ColumnMapping,
  type ColumnProfile_Serialize,
  type ColumnType,
  type CommentInfo_Serialize,
  type DatasetInfo_Serialize,
  type DatasetProfile_Serialize,
  type Detail,
  type Diagnostics_Serialize,
  type DiffLine,
  type DoctorReport_Serialize,
  type EntityLink,
  type ErrorCode,
  type EvaluationInfo_Serialize,
  type ExplainProgress_Deserialize,
  type ExplainOptions_Deserialize,
  type ExplainProgress_Serialize,
  type ExplainView_Serialize,
  type Histogram,
  type Importance,
  type ImportProgress_Deserialize,
  type ImportProgress_Serialize,
  type ImportSettings_Deserialize,
  type ImportSummary_Serialize,
  type ImportedSpec_Serialize,
  type InputBinding,
  type Inspection,
  type IoInfo,
  type Iteration_Serialize,
  type BinaryMetrics_Serialize,
  type CalibrationBin,
  type ConfusionRows,
  type CurvePoint_Serialize,
  type CvScore,
  type LatencyReport_Serialize,
  type LatencyRow,
  type LeaderboardEntry_Serialize,
  type MetadataEntry,
  type Metrics_Serialize,
  type ExportedBundle,
  type Folders,
  type ModelCard_Serialize,
  type ModelInfo_Serialize,
  type ModelInspection_Serialize,
  type MulticlassMetrics,
  type NodeInfo,
  type NoteInfo_Serialize,
  type NoteInput_Serialize,
  type NoteVersionInfo,
  type OpCount,
  type Opset,
  type Optimization,
  type OutputSpec_Serialize,
  type PickKind,
  type PartMetrics_Serialize,
  type Point,
  type PredictSummary,
  type Profile_Serialize,
  type QueueEvent_Serialize,
  type Provider,
  type ProviderChoice_Serialize,
  type ReportOptions_Serialize,
  type ScoreTransform,
  type SearchResult_Serialize,
  type SessionOptions_Serialize,
  type RegressionMetrics,
  type RunDetail_Serialize,
  type RunLatency,
  type RunPart,
  type RunSummary_Serialize,
  type SearchRequest_Serialize,
  type SearchSummary_Serialize,
  type Section,
  type Task,
  type Theme,
  type TrainOutcome_Serialize,
  type TrainRequest_Serialize,
  type TrialInfo_Deserialize,
  type TrialInfo_Serialize,
  type NumericSummary,
  type ProjectSummary,
  type RecentProject_Serialize,
  type ReviewEventInfo,
  type ReviewInfo_Serialize,
  type RowWindow,
  type RuntimeStatus_Serialize,
  type SampleProgress_Deserialize,
  type SampleProgress_Serialize,
  type SplitInfo_Serialize,
  type Step_Deserialize,
  type Step_Serialize,
  type PrepOutcome_Serialize,
  type RecipePreview_Serialize,
  type CastTo,
  type DatePart,
  type FilterOp,
  type FilterValue,
  type ClipMethod,
  type ImputeStrategy,
  type ScaleMethod,
  type StoreStatus_Serialize,
  type ValueCount,
  type WarningInfo_Serialize,
  type WrittenReport_Serialize,
} from "./bindings";

/** What the backend sends (the `_Serialize` side of the generated types). */
export type AppInfo = AppInfo_Serialize;
export type RecentProject = RecentProject_Serialize;
export type RuntimeStatus = RuntimeStatus_Serialize;
export type DatasetInfo = DatasetInfo_Serialize;
export type DatasetProfile = DatasetProfile_Serialize;
export type ColumnProfile = ColumnProfile_Serialize;
export type ImportProgress = ImportProgress_Serialize;
export type ImportSummary = ImportSummary_Serialize;
/** Import overrides (every field optional; what is left out is sniffed or inferred). */
export type ImportSettings = ImportSettings_Deserialize;
export type WarningInfo = WarningInfo_Serialize;
export type SplitInfo = SplitInfo_Serialize;
export type Iteration = Iteration_Serialize;
/** What the run queue tells the UI: a run started, finished an iteration, or ended (`runId` names it). */
export type QueueEvent = QueueEvent_Serialize;
export type TrainOutcome = TrainOutcome_Serialize;
export type ModelInfo = ModelInfo_Serialize;
export type PartMetrics = PartMetrics_Serialize;
export type RunSummary = RunSummary_Serialize;
export type RunDetail = RunDetail_Serialize;
export type CurvePoint = CurvePoint_Serialize;
export type TrialInfo = TrialInfo_Serialize;
export type SearchSummary = SearchSummary_Serialize;
/** A model search as the UI sends it (every field present; null = the backend's default). */
export type SearchRequest = SearchRequest_Serialize;
export type { CalibrationBin, CvScore, Point, RunLatency };
export type ExplainProgress = ExplainProgress_Serialize;
export type ExplainView = ExplainView_Serialize;
/** How to explain, as the UI sends it (every field optional; absent = the backend's default). */
export type ExplainOptions = ExplainOptions_Deserialize;
export type { Importance };
/** What goes into a model bundle, as the UI sends it (every field optional; absent = the backend's default). */
export type BundleOptions = BundleOptions_Deserialize;
export type BundlePreview = BundlePreview_Serialize;
export type BundleOrigin = BundleOrigin_Serialize;
export type BundleMetrics = BundleMetrics_Serialize;
export type ModelCard = ModelCard_Serialize;
export type { BundleFile, BundleManifest, ExportedBundle };
/** What a model report holds and how it looks, as the UI sends it (every field present). */
export type ReportOptions = ReportOptions_Serialize;
export type { Section, Theme };
/** The report files written (each with its size in bytes), null for a format not asked for. */
export type WrittenReport = WrittenReport_Serialize;
/** A training request as the UI sends it (every field present; `task`/`family` null = backend default). */
export type TrainRequest = TrainRequest_Serialize;
export type BinaryMetrics = BinaryMetrics_Serialize;
export type Metrics = Metrics_Serialize;
export type { MulticlassMetrics, RegressionMetrics, Task };
export type EvaluationInfo = EvaluationInfo_Serialize;
export type LeaderboardEntry = LeaderboardEntry_Serialize;
/** The rows of a dataset version behind one confusion-matrix cell (`confusionRows`). */
export type { ConfusionRows, RunPart };
export type ModelInspection = ModelInspection_Serialize;
export type ImportedSpec = ImportedSpec_Serialize;
export type OutputSpec = OutputSpec_Serialize;
export type ProviderChoice = ProviderChoice_Serialize;
export type LatencyReport = LatencyReport_Serialize;
export type SessionOptions = SessionOptions_Serialize;
/** Who the user is (every field present; `email` and `colour` may be empty). */
export type Profile = Profile_Serialize;
export type NoteInfo = NoteInfo_Serialize;
/** A note as the UI sends it (every field present; `entity` null for a project note). */
export type NoteInput = NoteInput_Serialize;
export type CommentInfo = CommentInfo_Serialize;
export type ReviewInfo = ReviewInfo_Serialize;
export type SearchResult = SearchResult_Serialize;
export type ActivityInfo = ActivityInfo_Serialize;
export type { DiffLine, EntityLink, NoteVersionInfo, ReviewEventInfo };
/** The step of making the sample project under way (`done` steps finished before it, of `total`). */
export type SampleProgress = SampleProgress_Serialize;
/** The About dialog's diagnostics: the `doctor` report, and the same as plain text to copy. */
export type Diagnostics = Diagnostics_Serialize;
export type DoctorReport = DoctorReport_Serialize;
/** Health of the open project's store. */
export type StoreStatus = StoreStatus_Serialize;
export type { Detail, Folders };
export type {
  ColumnMapping,
  InputBinding,
  Inspection,
  IoInfo,
  LatencyRow,
  MetadataEntry,
  NodeInfo,
  OpCount,
  Opset,
  Optimization,
  PredictSummary,
  Provider,
  ScoreTransform,
};

/** What an imported model's outputs can be read as (`OutputSpec.task`). */
export const MODEL_TASKS = ["binary", "multiclass", "regression"] as const satisfies readonly Task[];
/** How raw scores become probabilities. */
export const SCORE_TRANSFORMS = ["none", "softmax", "sigmoid"] as const satisfies readonly ScoreTransform[];
/** Rows `evaluateModel` can score; null (not listed) = test when split, else all. */
export const EVALUATION_PARTS = ["test", "validation", "train", "all"] as const;
export type EvaluationPart = (typeof EVALUATION_PARTS)[number];
/** Execution providers the runtime settings offer, in the order they are listed. */
export const PROVIDERS = ["auto", "cpu", "cuda", "directml", "coreml"] as const satisfies readonly Provider[];
/** Graph optimisation levels, least to most. */
export const OPTIMIZATIONS = ["disable", "basic", "extended", "all"] as const satisfies readonly Optimization[];
/** Most threads a session setting takes (a u16 on the Rust side). */
export const MAX_THREADS = 65_535;

/** The steps of making the sample project, in order (`SampleProgress.step`). */
export const SAMPLE_STEPS = ["import", "split", "linear", "gbdt", "explain", "note"] as const;
export type SampleStep = (typeof SAMPLE_STEPS)[number];

/** What `queueTraining` can be asked to predict; `auto` lets the backend decide from the target. */
export const TRAIN_TASKS = ["auto", "binary", "multiclass", "regression"] as const;
export type TrainTask = (typeof TRAIN_TASKS)[number];
/** Model families the trainer knows. */
export const MODEL_FAMILIES = ["gbdt", "linear", "mlp"] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];
/** Where a run stands (`RunSummary.status`). */
export const RUN_STATUSES = ["queued", "running", "finished", "failed", "cancelled", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Most runs the queue is set to train at once from the UI. */
export const MAX_QUEUE_CONCURRENCY = 4;

/**
 * How `explainModel` computes SHAP values (`ExplainOptions.method`): `auto` picks TreeSHAP or
 * Linear SHAP for models trained here, else exact Shapley values (up to 12 columns) or permutations.
 */
export const EXPLAIN_METHODS = ["auto", "tree", "linear", "exact", "permutation", "kernel"] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];
/** Methods that sample a background (`ExplainOptions.background`); the others need none. */
export const BACKGROUND_METHODS = ["exact", "permutation", "kernel"] as const satisfies readonly ExplainMethod[];
/** Background rows the model-agnostic methods sample unless told. */
export const DEFAULT_BACKGROUND = 100;
/** What `saveExport` can write. */
export const EXPORT_EXTENSIONS = ["png", "svg", "csv", "json", "html"] as const;
export type ExportExtension = (typeof EXPORT_EXTENSIONS)[number];

/** What a note can be attached to (`NoteInput.entityKind`). */
export const NOTE_ENTITY_KINDS = ["project", "dataset", "column", "run", "model", "explanation"] as const;
export type NoteEntityKind = (typeof NOTE_ENTITY_KINDS)[number];
/** Where a model's review stands (`ReviewInfo.state`). */
export const REVIEW_STATES = ["draft", "in_review", "approved", "changes_requested"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** What `reviewModel` can do; `reject` asks for changes (it needs a comment). */
export const REVIEW_ACTIONS = ["request", "approve", "reject", "withdraw"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
/** Activity kinds the feed filters on (the first part of the dotted kind: `note.added` is a note). */
export const ACTIVITY_KINDS = ["note", "comment", "review", "model", "dataset"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** How many entries the activity feed asks for. */
export const ACTIVITY_LIMIT = 100;

/** How `splitDataset` assigns rows to train/validation/test. */
export const SPLIT_STRATEGIES = ["random", "stratified", "time_ordered", "group"] as const;
export type SplitStrategy = (typeof SPLIT_STRATEGIES)[number];

/**
 * A split request as the UI sends it. `validation` and `test` are shares (0.15 = 15 %);
 * `column` is needed by every strategy except `random`; `seed` is a u32.
 */
export type SplitRequest = {
  strategy: SplitStrategy;
  column: string | null;
  validation: number;
  test: number;
  seed: number;
  folds: number | null;
};

/** One prep step as the UI sends it (tagged by `op`); the `fitted…` fields are the backend's, never sent. */
export type Step = Step_Deserialize;
/** A prep step as the backend answers it, its `fitted…` parameters filled in. */
export type FittedStep = Step_Serialize;
/** What a prep step does (`Step.op`). */
export type StepOp = Step["op"];
/** A recipe's effect on the first rows of a dataset version (`previewRecipe`): nothing is stored. */
export type RecipePreview = RecipePreview_Serialize;
/** The version `prepDataset` stored, the fitted recipe, and whether it was fitted on the training split only. */
export type PrepOutcome = PrepOutcome_Serialize;
export type { CastTo, ClipMethod, DatePart, FilterOp, FilterValue, ImputeStrategy, ScaleMethod };

/** Every prep step, in the order "Add step" offers them. */
export const STEP_OPS = [
  "impute",
  "one_hot",
  "ordinal",
  "scale",
  "clip_outliers",
  "filter_rows",
  "drop_duplicates",
  "drop_columns",
  "rename",
  "cast",
  "date_parts",
  "word_count",
  "tf_idf",
  "image_pixels",
] as const satisfies readonly StepOp[];
/** How `impute` fills missing values (mean and median: numeric columns only). */
export const IMPUTE_STRATEGIES = ["mean", "median", "mode", "constant"] as const satisfies readonly ImputeStrategy[];
/** How `clip_outliers` finds its bounds: Tukey's IQR fences or two quantiles. */
export const CLIP_METHODS = ["iqr", "quantile"] as const satisfies readonly ClipMethod[];
/** How `scale` rescales a numeric column. */
export const SCALE_METHODS = ["standard", "min_max"] as const satisfies readonly ScaleMethod[];
/** How `filter_rows` compares; the last two take no value. */
export const FILTER_OPS = ["eq", "ne", "lt", "le", "gt", "ge", "is_missing", "not_missing"] as const satisfies readonly FilterOp[];
/** The types `cast` converts to. */
export const CAST_TYPES = ["float", "integer", "categorical", "text"] as const satisfies readonly CastTo[];
/** The parts `date_parts` extracts, in the order their columns come. */
export const DATE_PARTS = ["year", "month", "day", "weekday", "hour"] as const satisfies readonly DatePart[];
/** Rows a recipe preview is fitted on (the first ones of the version). */
export const PREVIEW_SAMPLE_ROWS = 5_000;
export type {
  ApiError,
  Cell,
  ColumnFlag,
  ColumnInfo,
  ColumnType,
  ErrorCode,
  Histogram,
  NumericSummary,
  PickKind,
  ProjectSummary,
  RowWindow,
  ValueCount,
};

/** Extensions of the files `importDataset` reads (lower case, no dot; generated from the Rust side). */
export { IMPORTABLE_EXTENSIONS };

/** Most rows `datasetRows` returns in one call (the backend clamps `limit` to this), and most `datasetRowsAt` takes. */
export const MAX_ROW_WINDOW = 10_000;

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** `unavailable`: the UI runs outside Tauri (plain browser), so there is no backend. */
export type FailureCode = ErrorCode | "unavailable";

/** A failed API call, carrying the backend's `{code, message}`. */
export class ApiFailure extends Error {
  readonly code: FailureCode;
  constructor(code: FailureCode, message: string) {
    super(message);
    this.name = "ApiFailure";
    this.code = code;
  }
}

function hasBackend(): boolean {
  const internals = (window as unknown as { __TAURI_INTERNALS__?: { invoke?: unknown } })
    .__TAURI_INTERNALS__;
  return typeof internals?.invoke === "function";
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Normalises anything thrown by an invoke into an ApiFailure. */
export function toFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (!hasBackend()) return new ApiFailure("unavailable", "backend unavailable");
  if (isApiError(error)) return new ApiFailure(error.code, error.message);
  if (error instanceof Error) return new ApiFailure("internal", error.message);
  return new ApiFailure("internal", String(error));
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  if (!hasBackend()) throw new ApiFailure("unavailable", "backend unavailable");
  try {
    return await run();
  } catch (e) {
    throw toFailure(e);
  }
}

async function unwrap<T>(run: () => Promise<Result<T, ApiError>>): Promise<T> {
  const result = await call(run);
  if (result.status === "error") throw toFailure(result.error);
  return result.data;
}

/**
 * A channel handing `onProgress` every message, `total` null where the backend left it out: the
 * generated signatures name the _Deserialize twin, which only differs in optional vs. nullable `total`.
 */
function progressChannel<M extends { total?: number | null }>(
  onProgress: (progress: Omit<M, "total"> & { total: number | null }) => void,
): Channel<M> {
  const channel = new Channel<M>();
  channel.onmessage = (message) => onProgress({ ...message, total: message.total ?? null });
  return channel;
}

export const api = {
  appInfo: (): Promise<AppInfo> => unwrap(() => commands.appInfo()),
  recentProjects: (): Promise<RecentProject[]> => unwrap(() => commands.recentProjects()),
  createProject: (path: string, name: string | null): Promise<ProjectSummary> =>
    unwrap(() => commands.createProject(path, name)),
  openProject: (path: string): Promise<ProjectSummary> => unwrap(() => commands.openProject(path)),
  currentProject: (): Promise<ProjectSummary | null> => unwrap(() => commands.currentProject()),
  closeProject: async (): Promise<void> => {
    await unwrap(() => commands.closeProject());
  },
  /**
   * Opens the system's open dialog (titled `title`) for a data file, a model file (`.onnx` or
   * `.mdbundle`) or a folder; resolves to the chosen path, or null when the dialog was dismissed.
   */
  pickPath: async (kind: PickKind, title: string): Promise<string | null> =>
    (await unwrap(() => commands.pickPath(kind, title))) ?? null,
  /**
   * Opens the sample project, making it first when it is not there yet (the breast-cancer data
   * imported and split, two models trained, the trees explained, a pinned note written in
   * `language`, a locale code such as `en`); `onProgress` gets the step under way. Rejects with
   * code `cancelled` after `cancelJob` (then nothing is kept).
   */
  openSampleProject: (language: string, onProgress: (progress: SampleProgress) => void): Promise<ProjectSummary> =>
    unwrap(() => commands.openSampleProject(language, progressChannel<SampleProgress_Deserialize>(onProgress))),
  /** Versions, platform, ONNX Runtime, the open project's store and ModelDesk's folders, plus the report as text. */
  diagnostics: (): Promise<Diagnostics> => unwrap(() => commands.diagnostics()),
  /**
   * Imports a file into the open project with `settings` (null: sniff and infer everything);
   * `onProgress` gets every progress message. Rejects with code `cancelled` after `cancelJob`, and
   * with `invalid_input` (naming the setting) for settings it cannot use.
   */
  importDataset: (
    path: string,
    name: string | null,
    settings: ImportSettings | null,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportSummary> =>
    unwrap(() => commands.importDataset(path, name, settings, progressChannel<ImportProgress_Deserialize>(onProgress))),
  cancelJob: (): Promise<boolean> => unwrap(() => commands.cancelJob()),
  listDatasets: (): Promise<DatasetInfo[]> => unwrap(() => commands.listDatasets()),
  /** Every version of the dataset `dataset` names (any of its version ids, its id, name or `name@N`), oldest first. */
  datasetVersions: (dataset: string): Promise<DatasetInfo[]> => unwrap(() => commands.datasetVersions(dataset)),
  datasetRows: (dataset: string, offset: number, limit: number): Promise<RowWindow> =>
    unwrap(() => commands.datasetRows(dataset, offset, Math.min(limit, MAX_ROW_WINDOW))),
  /** The rows numbered `rows` (0-based, ascending, at most `MAX_ROW_WINDOW`) of a dataset, in that order. */
  datasetRowsAt: (dataset: string, rows: number[]): Promise<RowWindow> => unwrap(() => commands.datasetRowsAt(dataset, rows)),
  datasetProfile: (dataset: string): Promise<DatasetProfile> =>
    unwrap(() => commands.datasetProfile(dataset)),
  /** Splits a dataset (by id, name or `name@N`) and stores the split; returns it with its row counts. */
  splitDataset: (dataset: string, request: SplitRequest): Promise<SplitInfo> =>
    unwrap(() => commands.splitDataset(dataset, request)),
  /** The newest split of a dataset, or null when it has none. */
  datasetSplit: async (dataset: string): Promise<SplitInfo | null> =>
    (await unwrap(() => commands.datasetSplit(dataset))) ?? null,
  /**
   * What `steps` would do to `dataset` (id, name or `name@N`), fitted on its first
   * `PREVIEW_SAMPLE_ROWS` rows: the first `rows` prepared rows (the backend keeps at most 200) and
   * the fitted steps. Stores nothing. Rejects with the failing step named ("step 2 (tf_idf): …").
   */
  previewRecipe: (dataset: string, steps: Step[], rows: number): Promise<RecipePreview> =>
    unwrap(() => commands.previewRecipe(dataset, steps, rows)),
  /**
   * Applies `steps` to `dataset` and stores the result as its new version (fitted on the training
   * part of its split when it has one). Rejects with code `cancelled` after `cancelJob` (nothing stored).
   */
  prepDataset: (dataset: string, steps: Step[]): Promise<PrepOutcome> => unwrap(() => commands.prepDataset(dataset, steps)),
  /**
   * Queues a training; resolves to its run id at once (the run is listed as `queued`). Its start,
   * iterations and end arrive through `onRunQueueEvent`. A request the backend refuses (an unknown
   * dataset, a bad parameter) rejects with `invalid_input` and queues nothing.
   */
  queueTraining: (request: TrainRequest): Promise<string> => unwrap(() => commands.queueTraining(request)),
  /** Cancels a run: a waiting one never starts, a training one stops at its next iteration. Resolves to the run as it is now. */
  cancelRun: (run: string): Promise<RunSummary> => unwrap(() => commands.cancelRun(run)),
  /** How many queued runs train at once (at least one). */
  setQueueConcurrency: async (runs: number): Promise<void> => {
    await unwrap(() => commands.setQueueConcurrency(runs));
  },
  /** Training runs (search trials included), newest first; only those on `dataset` (a name: every version; `name@N`: one) when given. */
  listRuns: (dataset: string | null): Promise<RunSummary[]> => unwrap(() => commands.listRuns(dataset)),
  /** One run (id, or a unique prefix or suffix of it) in full: metrics per part with their plots' data, and its curve. */
  runDetail: (run: string): Promise<RunDetail> => unwrap(() => commands.runDetail(run)),
  /**
   * The rows of `part` behind one cell of a classification run's confusion matrix (`actual` and
   * `predicted`: class indices in the matrix's order), in the dataset version the run trained on.
   */
  confusionRows: (run: string, part: RunPart, actual: number, predicted: number): Promise<ConfusionRows> =>
    unwrap(() => commands.confusionRows(run, part, actual, predicted)),
  /**
   * Stars or unstars a run (`starred` null: as it is) and/or replaces its tags (`tags` null: as
   * they are; the backend trims, drops blanks, dedups and sorts them and refuses one over 40
   * characters). Resolves to the run as it is now.
   */
  labelRun: (run: string, starred: boolean | null, tags: string[] | null): Promise<RunSummary> =>
    unwrap(() => commands.labelRun(run, starred, tags)),
  /**
   * Searches for a good model within `request.minutes`; `onTrial` gets every finished trial. The best
   * candidate is trained on the split and stored. Rejects with code `cancelled` after `cancelJob`.
   */
  searchModels: (request: SearchRequest, onTrial: (trial: TrialInfo) => void): Promise<SearchSummary> =>
    unwrap(() => {
      // The generated signature names the _Deserialize twin, which only differs in optional
      // vs. nullable `runId`.
      const channel = new Channel<TrialInfo_Deserialize>();
      channel.onmessage = (message) => onTrial({ ...message, runId: message.runId ?? null });
      return commands.searchModels(request, channel);
    }),
  /** The open project's models, newest first. */
  listModels: (): Promise<ModelInfo[]> => unwrap(() => commands.listModels()),
  /**
   * SHAP values of `model` (id or name) on rows `start..end` (end exclusive; null = from the
   * first / to the last row) of `dataset` (id, name or `name@N`), computed as `options` say
   * (method, background, interactions); `onProgress` gets rows done. Rejects with code
   * `cancelled` after `cancelJob`.
   */
  explainModel: (
    model: string,
    dataset: string,
    start: number | null,
    end: number | null,
    options: ExplainOptions,
    onProgress: (progress: ExplainProgress) => void,
  ): Promise<ExplainView> =>
    unwrap(() =>
      commands.explainModel(model, dataset, start, end, options, progressChannel<ExplainProgress_Deserialize>(onProgress)),
    ),
  /**
   * The explanation `explainModel` kept for exactly this request (same arguments, less the
   * progress), or null when there is none; never computes.
   */
  storedExplanation: async (
    model: string,
    dataset: string,
    start: number | null,
    end: number | null,
    options: ExplainOptions,
  ): Promise<ExplainView | null> =>
    (await unwrap(() => commands.storedExplanation(model, dataset, start, end, options))) ?? null,
  /**
   * What `model`'s bundle (id or name) will hold — manifest, card and its Markdown, sample rows as
   * CSV, the columns withheld as personal data, whether a SHAP summary is in — without writing it;
   * `onProgress` gets the SHAP summary's rows done. Rejects with code `cancelled` after `cancelJob`.
   */
  previewModelBundle: (model: string, options: BundleOptions, onProgress: (progress: ExplainProgress) => void): Promise<BundlePreview> =>
    unwrap(() => commands.previewModelBundle(model, options, progressChannel<ExplainProgress_Deserialize>(onProgress))),
  /**
   * Writes `model`'s bundle to `exports/<model>.mdbundle` in the open project (numbered when taken);
   * `onProgress` as for the preview. Rejects with code `cancelled` after `cancelJob` (nothing written).
   */
  exportModelBundle: (model: string, options: BundleOptions, onProgress: (progress: ExplainProgress) => void): Promise<ExportedBundle> =>
    unwrap(() => commands.exportModelBundle(model, options, progressChannel<ExplainProgress_Deserialize>(onProgress))),
  /**
   * Brings a `.mdbundle` file's model into the project with its card, metrics and notes (checked
   * whole first: a damaged one rejects with `corrupt`, one from a newer ModelDesk with `newer_version`).
   */
  importModelBundle: (path: string): Promise<ModelInfo> => unwrap(() => commands.importModelBundle(path)),
  /**
   * Writes `model`'s report (self-contained HTML and/or A4 PDF, as `html`/`pdf` say) to
   * `exports/<model>-report.html`/`.pdf` in the open project (numbered when taken); `onProgress`
   * gets the SHAP rows done. Rejects with code `cancelled` after `cancelJob` (nothing written).
   */
  exportReport: (
    model: string,
    options: ReportOptions,
    html: boolean,
    pdf: boolean,
    onProgress: (progress: ExplainProgress) => void,
  ): Promise<WrittenReport> =>
    unwrap(() => commands.exportReport(model, options, html, pdf, progressChannel<ExplainProgress_Deserialize>(onProgress))),
  /**
   * Saves `bytes` (a string is written as UTF-8) as `exports/<name>.<extension>` in the open
   * project (numbered when the name is taken); resolves to the file's full path.
   */
  saveExport: (name: string, extension: ExportExtension, bytes: Uint8Array | string): Promise<string> =>
    unwrap(() => commands.saveExport(name, extension, Array.from(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes))),
  /** Imports an ONNX file as a model (name null = from the file name); a file ONNX Runtime cannot load is refused. */
  importModel: (path: string, name: string | null): Promise<ModelInfo> => unwrap(() => commands.importModel(path, name)),
  /** What a stored model (id or name) is: graph, inputs/outputs, output reading, saved mapping and provider. */
  inspectModel: (model: string): Promise<ModelInspection> => unwrap(() => commands.inspectModel(model)),
  /** A proposed mapping of `dataset`'s columns (id, name or `name@N`) to an imported model's inputs. */
  suggestMapping: (model: string, dataset: string): Promise<ColumnMapping> =>
    unwrap(() => commands.suggestMapping(model, dataset)),
  /**
   * Saves an imported model's mapping, output reading and target column; null leaves that one as it
   * is, an empty target clears it. Rejects with `invalid_input` naming the input, output or column.
   */
  setModelIo: (
    model: string,
    mapping: ColumnMapping | null,
    outputs: OutputSpec | null,
    target: string | null,
  ): Promise<ModelInfo> => unwrap(() => commands.setModelIo(model, mapping, outputs, target)),
  /** Scores a model on `part` of a dataset (null = test when split, else all) and records it for the leaderboard. */
  evaluateModel: (
    model: string,
    dataset: string,
    part: EvaluationPart | null,
    target: string | null,
  ): Promise<EvaluationInfo> => unwrap(() => commands.evaluateModel(model, dataset, part, target)),
  /** Every model's headline score, best first per task. */
  leaderboard: (): Promise<LeaderboardEntry[]> => unwrap(() => commands.leaderboard()),
  /**
   * Predicts the data file `input` with `model` and writes `output` (CSV, or Parquet by extension)
   * with the prediction columns added; `onProgress` gets bytes and rows read. Rejects with code
   * `cancelled` after `cancelJob`.
   */
  predictFile: (
    model: string,
    input: string,
    output: string,
    overwrite: boolean,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<PredictSummary> =>
    unwrap(() => commands.predictFile(model, input, output, overwrite, progressChannel<ImportProgress_Deserialize>(onProgress))),
  /** p50/p99 latency and throughput of `model` at each batch size (about half a second each). */
  benchModel: (model: string, batches: number[]): Promise<LatencyReport> => unwrap(() => commands.benchModel(model, batches)),
  /** The saved ONNX Runtime session settings. */
  runtimeSettings: (): Promise<SessionOptions> => unwrap(() => commands.runtimeSettings()),
  /** Saves the session settings; returns the runtime status under them (the provider used, and why). */
  setRuntimeSettings: (settings: SessionOptions): Promise<RuntimeStatus> =>
    unwrap(() => commands.setRuntimeSettings(settings)),
  /** The user's profile, or null until one is saved (the UI asks for it on first start). */
  profile: async (): Promise<Profile | null> => (await unwrap(() => commands.profile())) ?? null,
  /**
   * Saves the profile; everything written from now on records its name. Rejects with
   * `invalid_input` naming the field (a blank name, an email or colour that does not look like one).
   */
  setProfile: (profile: { name: string; email: string; colour: string }): Promise<Profile> =>
    unwrap(() => commands.setProfile(profile)),
  /** Names `@mentions` can reach: everyone who wrote in the project. */
  people: (): Promise<string[]> => unwrap(() => commands.people()),
  /** Notes, pinned first: all (null filters), on one entity, with a tag, or only the deleted ones. */
  listNotes: (
    entityKind: NoteEntityKind | null,
    entity: string | null,
    tag: string | null,
    deleted: boolean,
  ): Promise<NoteInfo[]> => unwrap(() => commands.listNotes(entityKind, entity, tag, deleted)),
  addNote: (input: NoteInput): Promise<NoteInfo> => unwrap(() => commands.addNote(input)),
  /**
   * Saves a new version of a note; with `expectedVersion`, refused (`invalid_input`) when someone
   * saved another version meanwhile. An empty `entityKind` keeps the note where it is.
   */
  editNote: (note: string, input: NoteInput, expectedVersion: number | null): Promise<NoteInfo> =>
    unwrap(() => commands.editNote(note, input, expectedVersion)),
  /** Deletes (softly) or restores a note. */
  setNoteDeleted: (note: string, deleted: boolean): Promise<NoteInfo> => unwrap(() => commands.setNoteDeleted(note, deleted)),
  /** Every version of a note, oldest first. */
  noteHistory: (note: string): Promise<NoteVersionInfo[]> => unwrap(() => commands.noteHistory(note)),
  /** The line diff of a note's body from version `from` to version `to`. */
  noteDiff: (note: string, from: number, to: number): Promise<DiffLine[]> => unwrap(() => commands.noteDiff(note, from, to)),
  /** Sanitised HTML of Markdown (the editor's preview). */
  renderMarkdown: (text: string): Promise<string> => unwrap(() => commands.renderMarkdown(text)),
  /** The comments on an entity, thread by thread (a first comment, then its replies). */
  listComments: (entityKind: string, entity: string | null): Promise<CommentInfo[]> =>
    unwrap(() => commands.listComments(entityKind, entity)),
  /** Comments on an entity (`replyTo` null starts a thread) or replies to a thread's first comment. */
  addComment: (entityKind: string, entity: string | null, replyTo: string | null, body: string): Promise<CommentInfo> =>
    unwrap(() => commands.addComment(entityKind, entity, replyTo, body)),
  /** Resolves (or reopens) the thread a first comment starts. */
  resolveComment: (comment: string, resolved: boolean): Promise<CommentInfo> =>
    unwrap(() => commands.resolveComment(comment, resolved)),
  /** A model's review (id or name). */
  modelReview: (model: string): Promise<ReviewInfo> => unwrap(() => commands.modelReview(model)),
  /** Acts on a model's review as the current user; a step the state does not allow is refused with the reason. */
  reviewModel: (model: string, action: ReviewAction, reviewers: string[], comment: string): Promise<ReviewInfo> =>
    unwrap(() => commands.reviewModel(model, action, reviewers, comment)),
  /** Full-text search over notes and comments; snippets mark the matches in `[` `]`. */
  searchNotes: (
    text: string,
    author: string | null,
    tag: string | null,
    entityKind: string | null,
  ): Promise<SearchResult[]> => unwrap(() => commands.searchNotes(text, author, tag, entityKind)),
  /** The newest `limit` activity entries, of one kind (null = all), or only those that mention the user. */
  activityFeed: (limit: number, kind: ActivityKind | null, mentionsOnly: boolean): Promise<ActivityInfo[]> =>
    unwrap(() => commands.activityFeed(limit, kind, mentionsOnly)),
};

export type Unlisten = () => void;

/**
 * Calls `cb` with every payload of a backend event (`listen` is the generated event's). Outside
 * Tauri, or when listening fails, it does nothing and returns a no-op unlisten.
 */
async function listenTo<T>(listen: (cb: (event: { payload: T }) => void) => Promise<Unlisten>, cb: (payload: T) => void): Promise<Unlisten> {
  if (!hasBackend()) return () => {};
  try {
    return await listen((event) => cb(event.payload));
  } catch {
    return () => {};
  }
}

/**
 * Calls `cb` with the paths of files dropped onto the window (the Rust side
 * turns the OS drag-and-drop into a `dropped-files` event); nothing outside Tauri.
 */
export function onDroppedFiles(cb: (paths: string[]) => void): Promise<Unlisten> {
  return listenTo(events.droppedFiles.listen, (payload) => cb(payload.paths));
}

/** Calls `cb` with every change of the run queue (a run started, finished an iteration, ended). */
export function onRunQueueEvent(cb: (event: QueueEvent) => void): Promise<Unlisten> {
  return listenTo(events.runQueueEvent.listen, (payload) => cb(payload.event));
}
