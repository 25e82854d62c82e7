// Fake backend data and helpers shared by the panel tests (Data, Train, Models, Explain).
import type { Channel } from "@tauri-apps/api/core";
import type { AppInfo, DatasetInfo, Metrics, ModelInfo, ModelInspection, OutputSpec, ProjectSummary } from "../lib/api";

export const info: AppInfo = {
  name: "ModelDesk",
  version: "0.1.0",
  runtime: {
    loaded: true,
    ortVersion: "1.31.1",
    providers: [],
    activeProvider: "CPU",
    provider: { requested: "auto", active: "cpu", fallbackReason: null },
    libraryPath: null,
    source: null,
    error: null,
  },
};

export const project: ProjectSummary = {
  id: "p1",
  name: "Churn",
  path: "/home/me/churn",
  createdAt: "2025-01-01T10:00:00Z",
  author: "ada",
  schemaVersion: 1,
};

/** A binary GBDT model trained on `events@1`. */
export const newModel: ModelInfo = {
  id: "m-new",
  name: "events-gbdt-1",
  runId: "r-new",
  origin: "trained",
  summary: { task: "binary", family: "gbdt", target: "ok", classes: ["false", "true"], features: 3, dataset: "events@1", inputs: "raw" },
  imported: null,
  bundle: null,
  onnxBytes: 40_960,
  createdAt: "2025-01-06T10:00:00Z",
  author: "ada",
};

/** Iris measurements plus the species, as an imported model's evaluation data. */
export const flowers: DatasetInfo = {
  id: "v-flowers-1",
  datasetId: "d-flowers",
  name: "flowers",
  version: 1,
  parentId: null,
  rows: 150,
  columns: [
    { name: "sepal_length", type: "float" },
    { name: "sepal_width", type: "float" },
    { name: "petal_length", type: "float" },
    { name: "species", type: "categorical" },
  ],
  sourcePath: "/data/flowers.csv",
  sourceFormat: "csv",
  blobSize: 3_210,
  createdAt: "2025-01-07T10:00:00Z",
  author: "ada",
};

/** How skl2onnx's iris classifier reads: ZipMap probabilities and an int64 label. */
export const irisOutputs: OutputSpec = {
  task: "multiclass",
  probabilities: "output_probability",
  label: "output_label",
  prediction: null,
  classes: ["setosa", "versicolor", "virginica"],
  transform: "none",
};

/** A multiclass skl2onnx model imported from iris.onnx: one `[N, 3]` float input, no mapping yet. */
export const importedModel: ModelInfo = {
  id: "m-onnx",
  name: "iris",
  runId: null,
  origin: "imported",
  summary: {
    task: "multiclass",
    family: "onnx",
    target: "",
    classes: ["setosa", "versicolor", "virginica"],
    features: 1,
    dataset: "",
    inputs: "mapped",
  },
  imported: { source: "iris.onnx", producer: "skl2onnx 1.20.0", mapping: null, outputs: irisOutputs, target: null },
  bundle: null,
  onnxBytes: 12_288,
  createdAt: "2025-01-08T10:00:00Z",
  author: "ada",
};

/** What inspect_model says about `importedModel`. */
export const importedInspection: ModelInspection = {
  model: importedModel,
  inspection: {
    irVersion: 8,
    producer: "skl2onnx 1.20.0",
    domain: "ai.onnx",
    modelVersion: 0,
    doc: "",
    graphName: "iris",
    opsets: [
      { domain: "ai.onnx", version: 17 },
      { domain: "ai.onnx.ml", version: 3 },
    ],
    metadata: [{ key: "source", value: "sklearn LogisticRegression" }],
    inputs: [{ name: "float_input", ty: "tensor(float)", shape: ["N", "3"] }],
    outputs: [
      { name: "output_label", ty: "tensor(int64)", shape: ["N"] },
      { name: "output_probability", ty: "seq(map(int64,tensor(float)))", shape: [] },
    ],
    ops: [
      { op: "ai.onnx.ml.LinearClassifier", count: 1 },
      { op: "ai.onnx.ml.Normalizer", count: 1 },
      { op: "ai.onnx.ml.ZipMap", count: 1 },
    ],
    nodes: 3,
    nodeList: [
      { name: "LinearClassifier", op: "ai.onnx.ml.LinearClassifier", inputs: ["float_input"], outputs: ["label", "probability_tensor"] },
      { name: "Normalizer", op: "ai.onnx.ml.Normalizer", inputs: ["probability_tensor"], outputs: ["probabilities"] },
      { name: "ZipMap", op: "ai.onnx.ml.ZipMap", inputs: ["probabilities"], outputs: ["output_probability"] },
    ],
    initializers: 0,
    parameters: 15,
    parameterBytes: 60,
    fileBytes: 12_288,
    externalFiles: [],
    classLabels: ["setosa", "versicolor", "virginica"],
    featureNames: [],
  },
  outputs: irisOutputs,
  mapping: null,
  provider: { requested: "cuda", active: "cpu", fallbackReason: "CUDA is not in this ONNX Runtime build" },
};

/** Multiclass metrics with the given accuracy. */
export function multiclassMetrics(accuracy: number): Metrics {
  return { task: "multiclass", accuracy, macroF1: 0.9, weightedF1: 0.91, logLoss: 0.2512, confusion: [] };
}

/** Binary metrics with the given AUC. */
export function binaryMetrics(auc: number): Metrics {
  return {
    task: "binary",
    auc,
    logLoss: 0.3012,
    accuracy: 0.875,
    precision: 0.8,
    recall: 0.9,
    f1: 0.8471,
    threshold: 0.5,
    prAuc: 0.9,
    roc: [],
    pr: [],
    calibration: [],
    confusion: [
      [110, 18],
      [8, 72],
    ],
  };
}

/** Regression metrics with the given RMSE. */
export function regressionMetrics(rmse: number): Metrics {
  return { task: "regression", rmse, mae: 9.25, r2: 0.8123, residuals: [] };
}

/** Sends one message down a mocked channel, as the Rust side would. */
export function sendOnChannel<T>(channel: Channel<T>, index: number, message: T) {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
  internals.runCallback(channel.id, { index, message });
}

/** A promise with its resolve and reject exposed. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
