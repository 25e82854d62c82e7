// The only module that talks to the Rust side. Everything else imports from here.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  events,
  type ApiError,
  type AppInfo_Serialize,
  type Cell,
  type ColumnFlag,
  type ColumnInfo,
  type ColumnProfile_Serialize,
  type ColumnType,
  type DatasetInfo_Serialize,
  type DatasetProfile_Serialize,
  type ErrorCode,
  type ExplainProgress_Deserialize,
  type ExplainProgress_Serialize,
  type ExplainView,
  type Histogram,
  type Importance,
  type ImportProgress_Deserialize,
  type ImportProgress_Serialize,
  type ImportSummary_Serialize,
  type Iteration_Deserialize,
  type Iteration_Serialize,
  type BinaryMetrics,
  type Metrics,
  type ModelInfo_Serialize,
  type MulticlassMetrics,
  type RegressionMetrics,
  type Task,
  type TrainOutcome_Serialize,
  type TrainRequest_Serialize,
  type NumericSummary,
  type ProjectSummary,
  type RecentProject_Serialize,
  type RowWindow,
  type RuntimeStatus_Serialize,
  type SplitInfo_Serialize,
  type ValueCount,
  type WarningInfo_Serialize,
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
export type WarningInfo = WarningInfo_Serialize;
export type SplitInfo = SplitInfo_Serialize;
export type Iteration = Iteration_Serialize;
export type TrainOutcome = TrainOutcome_Serialize;
export type ModelInfo = ModelInfo_Serialize;
export type ExplainProgress = ExplainProgress_Serialize;
export type { ExplainView, Importance };
/** A training request as the UI sends it (every field present; `task`/`family` null = backend default). */
export type TrainRequest = TrainRequest_Serialize;
export type { BinaryMetrics, Metrics, MulticlassMetrics, RegressionMetrics, Task };

/** What `trainModel` can be asked to predict; `auto` lets the backend decide from the target. */
export const TRAIN_TASKS = ["auto", "binary", "multiclass", "regression"] as const;
export type TrainTask = (typeof TRAIN_TASKS)[number];
/** Model families the trainer knows. */
export const MODEL_FAMILIES = ["gbdt", "linear", "mlp"] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

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
export type {
  ApiError,
  Cell,
  ColumnFlag,
  ColumnInfo,
  ColumnType,
  ErrorCode,
  Histogram,
  NumericSummary,
  ProjectSummary,
  RowWindow,
  ValueCount,
};

/** Most rows `datasetRows` returns in one call (the backend clamps `limit` to this). */
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
   * Imports a file into the open project; `onProgress` gets every progress message.
   * Rejects with code `cancelled` after `cancelJob`.
   */
  importDataset: (
    path: string,
    name: string | null,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportSummary> =>
    unwrap(() => {
      // The backend sends ImportProgress_Serialize; the generated signature names the
      // _Deserialize twin, which only differs in optional vs. nullable `total`.
      const channel = new Channel<ImportProgress_Deserialize>();
      channel.onmessage = (message) => onProgress({ ...message, total: message.total ?? null });
      return commands.importDataset(path, name, channel);
    }),
  cancelJob: (): Promise<boolean> => unwrap(() => commands.cancelJob()),
  listDatasets: (): Promise<DatasetInfo[]> => unwrap(() => commands.listDatasets()),
  /** Every version of the dataset `dataset` names (any of its version ids, its id or name), oldest first. */
  datasetVersions: (dataset: string): Promise<DatasetInfo[]> => unwrap(() => commands.datasetVersions(dataset)),
  datasetRows: (dataset: string, offset: number, limit: number): Promise<RowWindow> =>
    unwrap(() => commands.datasetRows(dataset, offset, Math.min(limit, MAX_ROW_WINDOW))),
  datasetProfile: (dataset: string): Promise<DatasetProfile> =>
    unwrap(() => commands.datasetProfile(dataset)),
  /** Splits a dataset (by id, name or `name@N`) and stores the split; returns it with its row counts. */
  splitDataset: (dataset: string, request: SplitRequest): Promise<SplitInfo> =>
    unwrap(() => commands.splitDataset(dataset, request)),
  /** The newest split of a dataset, or null when it has none. */
  datasetSplit: async (dataset: string): Promise<SplitInfo | null> =>
    (await unwrap(() => commands.datasetSplit(dataset))) ?? null,
  /**
   * Trains a model; `onProgress` gets every finished iteration (losses and the main metric).
   * Rejects with code `cancelled` after `cancelJob`.
   */
  trainModel: (request: TrainRequest, onProgress: (iteration: Iteration) => void): Promise<TrainOutcome> =>
    unwrap(() => {
      // The generated signature names the _Deserialize twin, which only differs in optional
      // vs. nullable `validLoss`.
      const channel = new Channel<Iteration_Deserialize>();
      channel.onmessage = (message) => onProgress({ ...message, validLoss: message.validLoss ?? null });
      return commands.trainModel(request, channel);
    }),
  /** The open project's models, newest first. */
  listModels: (): Promise<ModelInfo[]> => unwrap(() => commands.listModels()),
  /**
   * SHAP values of `model` (id or name) on rows `start..end` (end exclusive; null = from the
   * first / to the last row) of `dataset` (id, name or `name@N`); `onProgress` gets rows done.
   * Only GBDT and linear models can be explained. Rejects with code `cancelled` after `cancelJob`.
   */
  explainModel: (
    model: string,
    dataset: string,
    start: number | null,
    end: number | null,
    onProgress: (progress: ExplainProgress) => void,
  ): Promise<ExplainView> =>
    unwrap(() => {
      // The generated signature names the _Deserialize twin, which only differs in optional
      // vs. nullable `total`.
      const channel = new Channel<ExplainProgress_Deserialize>();
      channel.onmessage = (message) => onProgress({ ...message, total: message.total ?? null });
      return commands.explainModel(model, dataset, start, end, channel);
    }),
};

export type Unlisten = () => void;

/**
 * Calls `cb` with the paths of files dropped onto the window (the Rust side
 * turns the OS drag-and-drop into a `dropped-files` event). Outside Tauri it
 * does nothing and returns a no-op unlisten.
 */
export async function onDroppedFiles(cb: (paths: string[]) => void): Promise<Unlisten> {
  if (!hasBackend()) return () => {};
  try {
    return await events.droppedFiles.listen((event) => cb(event.payload.paths));
  } catch {
    return () => {};
  }
}
