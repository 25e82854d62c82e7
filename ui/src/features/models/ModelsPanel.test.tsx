import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type {
  ColumnMapping,
  EvaluationInfo,
  ImportProgress,
  LatencyReport,
  LeaderboardEntry,
  ModelInfo,
  ModelInspection,
  PredictSummary,
  RuntimeStatus,
  SessionOptions,
} from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import {
  binaryMetrics,
  deferred,
  flowers,
  importedInspection,
  importedModel,
  info,
  irisOutputs,
  multiclassMetrics,
  newModel,
  regressionMetrics,
  sendOnChannel as sendProgress,
} from "../../test/appFixtures";
import { iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";
import { rankLeaderboard } from "./Leaderboard";

const trainedInspection: ModelInspection = {
  ...importedInspection,
  model: newModel,
  mapping: { inputs: [{ input: "amount", columns: ["amount"] }] },
  outputs: { task: "binary", probabilities: "probabilities", label: "label", prediction: null, classes: ["false", "true"], transform: "none" },
  provider: { requested: "auto", active: "cpu", fallbackReason: null },
};

const settings: SessionOptions = { provider: "auto", intraThreads: 0, interThreads: 0, optimization: "all" };

function backend(overrides: Record<string, Handler> = {}) {
  let models: ModelInfo[] = [importedModel, newModel];
  const base: Record<string, Handler> = {
    ...openProjectHandlers([flowers, iris]),
    list_models: () => models,
    inspect_model: (a) => (a.model === newModel.id ? trainedInspection : importedInspection),
    runtime_settings: () => settings,
    leaderboard: () => [],
  };
  return {
    calls: mockBackend(base, overrides),
    setModels: (m: ModelInfo[]) => {
      models = m;
    },
  };
}

/** Opens the Models panel and waits for the selected model's inspection. */
async function openModelsPanel() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId("panel-models"));
  await screen.findByTestId("model-inspect");
  return screen.getByTestId("model-detail");
}

function pick(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function value(testId: string): string {
  return (screen.getByTestId(testId) as HTMLSelectElement | HTMLInputElement).value;
}

function cells(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent ?? "");
}

describe("Models panel", () => {
  it("lists trained and imported models and inspects the selected one", async () => {
    const { calls } = backend();
    const detail = await openModelsPanel();
    const items = within(screen.getByTestId("model-list")).getAllByTestId("model-item");
    expect(items.map((i) => within(i).getByTestId("model-origin").textContent)).toEqual(["imported", "trained"]);
    expect(items[0]!.getAttribute("aria-current")).toBe("true");
    expect(within(detail).getByTestId("model-detail-name").textContent).toBe("iris");
    expect(called(calls, "inspect_model")).toEqual([{ model: "m-onnx" }]);

    const inspect = screen.getByTestId("model-inspect");
    expect(within(inspect).getByTestId("inspect-producer").textContent).toBe("skl2onnx 1.20.0");
    expect(within(inspect).getByTestId("inspect-ir").textContent).toBe("8");
    expect(within(inspect).getByTestId("inspect-opsets").textContent).toBe("ai.onnx 17 · ai.onnx.ml 3");
    expect(within(inspect).getByTestId("inspect-parameters").textContent).toBe("15 (60 B)");
    const inputs = within(within(inspect).getByTestId("inspect-inputs")).getAllByRole("row").slice(1);
    expect(inputs.map(cells)).toEqual([["float_input", "tensor(float)", "[N, 3]"]]);
    const outputs = within(within(inspect).getByTestId("inspect-outputs")).getAllByRole("row").slice(1);
    expect(outputs.map(cells)).toEqual([
      ["output_label", "tensor(int64)", "[N]"],
      ["output_probability", "seq(map(int64,tensor(float)))", "—"],
    ]);
    const ops = within(inspect).getAllByTestId("op-bar");
    expect(ops.map((o) => o.textContent)).toEqual(["ai.onnx.ml.LinearClassifier1", "ai.onnx.ml.Normalizer1", "ai.onnx.ml.ZipMap1"]);
    expect(within(inspect).getByTestId("inspect-metadata").textContent).toContain("sklearn LogisticRegression");
    expect(within(inspect).getByTestId("inspect-classes").textContent).toContain("setosa, versicolor, virginica");
    const nodes = within(inspect).getByTestId("node-list");
    expect(nodes.textContent).toContain("Nodes (3)");
    expect(within(nodes).getAllByTestId("node-row").map((r) => cells(r)[2])).toEqual([
      "ai.onnx.ml.LinearClassifier",
      "ai.onnx.ml.Normalizer",
      "ai.onnx.ml.ZipMap",
    ]);
    // The provider it runs on, and why not the one asked for.
    expect(within(inspect).getByTestId("inspect-provider").textContent).toBe("CPU");
    expect(within(inspect).getByTestId("inspect-fallback").textContent).toBe(
      "CUDA was not used: CUDA is not in this ONNX Runtime build",
    );
    // An imported model can be mapped.
    expect(screen.getByTestId("io-form")).toBeTruthy();

    // A trained model: inspected too, but its inputs and outputs are fixed by its training.
    fireEvent.click(items[1]!);
    await waitFor(() => expect(screen.getByTestId("model-detail-name").textContent).toBe("events-gbdt-1"));
    await waitFor(() => expect(called(calls, "inspect_model")).toEqual([{ model: "m-onnx" }, { model: "m-new" }]));
    await waitFor(() => expect(screen.queryByTestId("inspect-fallback")).toBeNull());
    expect(screen.queryByTestId("io-form")).toBeNull();
  });

  it("Suggest fills the mapping from the dataset's columns and Save sends mapping, outputs and target", async () => {
    const suggestion: ColumnMapping = { inputs: [{ input: "float_input", columns: ["sepal_length", "sepal_width", "petal_length"] }] };
    const { calls } = backend({
      suggest_mapping: () => suggestion,
      set_model_io: () => ({ ...importedModel, imported: { ...importedModel.imported!, mapping: suggestion, target: "species" } }),
    });
    await openModelsPanel();
    expect(value("io-dataset")).toBe("flowers@1");
    // One slot per feature of the [N, 3] input, unmapped until suggested.
    expect([0, 1, 2].map((k) => value(`io-column-float_input-${k}`))).toEqual(["", "", ""]);
    expect(value("io-task")).toBe("multiclass");
    expect(value("io-probabilities")).toBe("output_probability");
    expect(value("io-label")).toBe("output_label");
    expect(value("io-classes")).toBe("setosa, versicolor, virginica");

    fireEvent.click(screen.getByTestId("io-suggest"));
    await waitFor(() => expect(value("io-column-float_input-0")).toBe("sepal_length"));
    expect(called(calls, "suggest_mapping")).toEqual([{ model: "m-onnx", dataset: "flowers@1" }]);
    expect([1, 2].map((k) => value(`io-column-float_input-${k}`))).toEqual(["sepal_width", "petal_length"]);
    const options = [...screen.getByTestId("io-column-float_input-0").querySelectorAll("option")].map((o) => o.textContent);
    expect(options).toEqual(["—", "sepal_length", "sepal_width", "petal_length", "species"]);

    // Edit: swap the first two columns, choose the target, retype the classes.
    pick("io-column-float_input-0", "sepal_width");
    pick("io-column-float_input-1", "sepal_length");
    pick("io-target", "species");
    pick("io-classes", " setosa,versicolor , virginica ,");
    pick("io-transform", "softmax");
    fireEvent.click(screen.getByTestId("io-save"));

    await screen.findByTestId("io-saved");
    expect(called(calls, "set_model_io")).toEqual([
      {
        model: "m-onnx",
        mapping: { inputs: [{ input: "float_input", columns: ["sepal_width", "sepal_length", "petal_length"] }] },
        outputs: { ...irisOutputs, transform: "softmax" },
        target: "species",
      },
    ]);
    // The list is reloaded (the summary may have changed).
    await waitFor(() => expect(called(calls, "list_models").length).toBeGreaterThanOrEqual(2));
  });

  it("a refused save shows the backend's message in place", async () => {
    const { calls } = backend({
      set_model_io: () => {
        throw { code: "invalid_input", message: 'column mapping: model input "float_input" has 2 of its columns unmapped' };
      },
    });
    await openModelsPanel();
    pick("io-column-float_input-0", "sepal_length");
    fireEvent.click(screen.getByTestId("io-save"));
    const error = await screen.findByTestId("io-error");
    expect(error.textContent).toContain('model input "float_input" has 2 of its columns unmapped');
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("invalid_input");
    expect(called(calls, "set_model_io")[0]).toMatchObject({
      mapping: { inputs: [{ input: "float_input", columns: ["sepal_length", "", ""] }] },
      target: "",
    });
    expect(screen.queryByTestId("io-saved")).toBeNull();
    // Editing again clears the outcome; nothing mapped sends no mapping (outputs can be saved alone).
    pick("io-column-float_input-0", "");
    expect(screen.queryByTestId("io-error")).toBeNull();
    fireEvent.click(screen.getByTestId("io-save"));
    await waitFor(() => expect(called(calls, "set_model_io")).toHaveLength(2));
    expect(called(calls, "set_model_io")[1]?.mapping).toBeNull();
  });

  it("Evaluate scores the model on the dataset and shows the headline metrics", async () => {
    const evaluation: EvaluationInfo = {
      id: "e-1",
      model: "iris",
      dataset: "flowers@1",
      part: "all",
      target: "species",
      rows: 150,
      metrics: multiclassMetrics(0.9533),
      createdAt: "2025-01-09T10:00:00Z",
    };
    const { calls } = backend({
      evaluate_model: (a) => {
        if (a.part === "test") throw { code: "invalid_input", message: "flowers@1 has no split; evaluate on all rows (--part all) or split it first" };
        return evaluation;
      },
    });
    await openModelsPanel();
    expect(value("evaluate-dataset")).toBe("flowers@1");
    expect(value("evaluate-part")).toBe("auto");
    fireEvent.click(screen.getByTestId("evaluate-submit"));
    const result = await screen.findByTestId("evaluate-result");
    expect(called(calls, "evaluate_model")).toEqual([{ model: "m-onnx", dataset: "flowers@1", part: null, target: null }]);
    expect(within(result).getByTestId("evaluate-summary").textContent).toBe("flowers@1 · All rows · 150 rows · target species");
    const table = within(result).getByTestId("evaluate-metrics");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Part", "Accuracy", "Macro F1", "Log-loss"]);
    expect(cells(within(table).getAllByRole("row")[1]!)).toEqual(["0.9533", "0.9000", "0.2512"]);

    pick("evaluate-dataset", "iris@2");
    pick("evaluate-part", "test");
    fireEvent.click(screen.getByTestId("evaluate-submit"));
    const error = await screen.findByTestId("evaluate-error");
    expect(error.textContent).toContain("has no split");
    expect(called(calls, "evaluate_model")[1]).toEqual({ model: "m-onnx", dataset: "iris@2", part: "test", target: null });
    expect(screen.queryByTestId("evaluate-result")).toBeNull();
  });

  it("the leaderboard groups scores by task, best first, with the metric's direction", async () => {
    const entry = (model: string, task: string, metric: string, value: number | null, higherIsBetter: boolean): LeaderboardEntry => ({
      model,
      origin: model === "iris" ? "imported" : "trained",
      family: model === "iris" ? "onnx" : "gbdt",
      dataset: "events@1",
      part: "test",
      task,
      metric,
      value,
      higherIsBetter,
      metrics: task === "binary" ? binaryMetrics(value ?? 0) : regressionMetrics(value ?? 0),
      latency: model === "events-gbdt-1" ? { p50Batch1Ms: 0.1634, p99Batch1Ms: 0.3, rowsPerSecondBatch1024: 280000, modelBytes: 45000 } : null,
    });
    const entries = [
      entry("events-gbdt-1", "binary", "auc", 0.81, true),
      entry("amount-linear-1", "regression", "rmse", 12.5, false),
      entry("iris", "binary", "auc", 0.93, true),
      entry("amount-mlp-1", "regression", "rmse", 9.1, false),
      entry("events-mlp-1", "binary", "auc", null, true),
    ];
    backend({ leaderboard: () => entries });
    await openModelsPanel();
    fireEvent.click(screen.getByTestId("models-tab-leaderboard"));
    expect(screen.getByTestId("models-tab-leaderboard").getAttribute("aria-selected")).toBe("true");
    const binary = await screen.findByTestId("leaderboard-binary");
    const rows = within(binary).getAllByTestId("leaderboard-row").map(cells);
    expect(rows).toEqual([
      ["1", "iris", "imported", "events@1", "Test", "AUC ↑", "0.9300", "—"],
      ["2", "events-gbdt-1", "trained", "events@1", "Test", "AUC ↑", "0.8100", "0.163 ms"],
      ["3", "events-mlp-1", "trained", "events@1", "Test", "AUC ↑", "—", "—"],
    ]);
    const regression = within(screen.getByTestId("leaderboard-regression")).getAllByTestId("leaderboard-row").map(cells);
    expect(regression.map((r) => [r[1], r[5], r[6]])).toEqual([
      ["amount-mlp-1", "RMSE ↓", "9.1000"],
      ["amount-linear-1", "RMSE ↓", "12.5000"],
    ]);
    // Tasks in the order they first appear; headings name them.
    const headings = within(screen.getByTestId("leaderboard")).getAllByRole("heading").map((h) => h.textContent);
    expect(headings).toEqual(["Binary classification", "Regression"]);
    expect(rankLeaderboard(entries).map((g) => g.task)).toEqual(["binary", "regression"]);
  });

  it("batch predict streams progress, Cancel calls cancel_job, and a finished run shows what was written", async () => {
    let done = deferred<PredictSummary>();
    let channel: Channel<ImportProgress> | null = null;
    const { calls } = backend({
      predict_file: (a) => {
        channel = a.onProgress as Channel<ImportProgress>;
        return done.promise;
      },
    });
    await openModelsPanel();
    const submit = screen.getByTestId("predict-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    pick("predict-input", " /data/new.csv ");
    pick("predict-output", "/data/out.csv");
    fireEvent.click(screen.getByTestId("predict-overwrite"));
    fireEvent.click(submit);
    const progress = await screen.findByTestId("predict-progress");
    expect(called(calls, "predict_file")[0]).toMatchObject({ model: "m-onnx", input: "/data/new.csv", output: "/data/out.csv", overwrite: true });
    expect(progress.textContent).toContain("Opening the file…");
    expect(submit.disabled).toBe(true);

    act(() => sendProgress(channel!, 0, { done: 512, total: 2048, rows: 100 }));
    expect(screen.getByTestId("predict-progress-text").textContent).toBe("512 B of 2 KB · 100 rows");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");

    fireEvent.click(screen.getByTestId("predict-cancel"));
    await waitFor(() => expect(called(calls, "cancel_job")).toHaveLength(1));
    expect(screen.getByTestId("predict-cancel").textContent).toBe("Cancelling…");
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("predict-cancelled")).textContent).toBe("Prediction cancelled.");
    expect(screen.queryByTestId("predict-progress")).toBeNull();
    expect(screen.queryByTestId("predict-error")).toBeNull();

    done = deferred<PredictSummary>();
    fireEvent.click(submit);
    await screen.findByTestId("predict-progress");
    await act(async () =>
      done.resolve({ rows: 150, out: "/data/out.csv", addedColumns: ["predicted_species", "p_setosa", "p_versicolor", "p_virginica"] }),
    );
    const summary = await screen.findByTestId("predict-summary");
    expect(summary.textContent).toContain("Wrote 150 rows to /data/out.csv");
    expect(summary.textContent).toContain("Added columns: predicted_species, p_setosa, p_versicolor, p_virginica");
  });

  it("Measure latency times batches of 1, 32 and 1024 rows", async () => {
    const report: LatencyReport = {
      model: "iris",
      provider: { requested: "auto", active: "cpu", fallbackReason: null },
      rows: [
        { batch: 1, runs: 4000, p50Ms: 0.0412, p99Ms: 0.09, rowsPerSecond: 23_500.4 },
        { batch: 32, runs: 2000, p50Ms: 0.25, p99Ms: 0.61, rowsPerSecond: 120_000 },
        { batch: 1024, runs: 90, p50Ms: 5.5, p99Ms: 7.25, rowsPerSecond: null },
      ],
    };
    const { calls } = backend({ bench_model: () => report });
    await openModelsPanel();
    fireEvent.click(screen.getByTestId("latency-submit"));
    const result = await screen.findByTestId("latency-result");
    expect(called(calls, "bench_model")).toEqual([{ model: "m-onnx", batches: [1, 32, 1024] }]);
    expect(within(result).getByTestId("latency-provider").textContent).toBe("Ran on CPU");
    const rows = within(result).getAllByTestId("latency-row");
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual(["1", "32", "1,024"]);
    expect(rows.map(cells)).toEqual([
      ["0.0412", "0.09", "23,500"],
      ["0.25", "0.61", "120,000"],
      ["5.5", "7.25", "—"],
    ]);
  });

  it("imports an ONNX file by path and selects it; a file ONNX Runtime refuses shows the reason", async () => {
    const renamed: ModelInfo = { ...importedModel, id: "m-mine", name: "my-iris" };
    let refuse = true;
    const fake = backend({
      import_model: () => {
        if (refuse) throw { code: "invalid_input", message: "/tmp/bad.onnx: ONNX Runtime cannot load it: opset 99 is not supported" };
        return renamed;
      },
      inspect_model: (a) => ({ ...importedInspection, model: a.model === "m-mine" ? renamed : importedModel }),
    });
    await openModelsPanel();
    pick("model-import-path", "/tmp/bad.onnx");
    fireEvent.click(screen.getByTestId("model-import-submit"));
    const error = await screen.findByTestId("model-import-error");
    expect(error.textContent).toContain("Could not import bad.onnx");
    expect(error.textContent).toContain("opset 99 is not supported");
    expect(called(fake.calls, "import_model")).toEqual([{ path: "/tmp/bad.onnx", name: null }]);

    refuse = false;
    fake.setModels([renamed, importedModel, newModel]);
    pick("model-import-path", "/tmp/iris.onnx");
    pick("model-import-name", " my-iris ");
    fireEvent.click(screen.getByTestId("model-import-submit"));
    expect((await screen.findByTestId("model-import-done")).textContent).toContain("Imported my-iris");
    expect(called(fake.calls, "import_model")[1]).toEqual({ path: "/tmp/iris.onnx", name: "my-iris" });
    await waitFor(() => expect(screen.getByTestId("model-detail-name").textContent).toBe("my-iris"));
    expect(within(screen.getByTestId("model-list")).getAllByTestId("model-item")).toHaveLength(3);
    expect(screen.queryByTestId("model-import-error")).toBeNull();
  });

  it("Browse… asks for a model file and imports the chosen one at once, as a drop does; a dismissed dialog changes nothing", async () => {
    let chosen: string | null = null;
    const done = deferred<ModelInfo>();
    const { calls } = backend({ pick_path: () => chosen, import_model: () => done.promise });
    await openModelsPanel();
    const browse = screen.getByTestId("model-import-browse") as HTMLButtonElement;
    fireEvent.click(browse);
    await waitFor(() => expect(called(calls, "pick_path")).toEqual([{ kind: "model_file", title: "Choose an ONNX model or bundle to import" }]));
    await waitFor(() => expect(browse.disabled).toBe(false));
    expect(value("model-import-path")).toBe("");
    expect(called(calls, "import_model")).toEqual([]);

    chosen = "/tmp/iris.onnx";
    pick("model-import-name", "my-iris");
    fireEvent.click(browse);
    await screen.findByTestId("model-import-progress");
    expect(value("model-import-path")).toBe("/tmp/iris.onnx");
    expect(called(calls, "import_model")).toEqual([{ path: "/tmp/iris.onnx", name: "my-iris" }]);
    expect(browse.disabled).toBe(true);
    await act(async () => done.resolve(importedModel));
    await screen.findByTestId("model-import-done");
  });

  it("batch predict: Browse… fills the input file with a chosen data file and starts nothing", async () => {
    const { calls } = backend({ pick_path: () => "/data/new.csv" });
    await openModelsPanel();
    fireEvent.click(screen.getByTestId("predict-browse"));
    await waitFor(() => expect(value("predict-input")).toBe("/data/new.csv"));
    expect(called(calls, "pick_path")).toEqual([{ kind: "data_file", title: "Choose a data file to predict" }]);
    expect(called(calls, "predict_file")).toEqual([]);
  });

  it("runtime settings: Save sends them and the status bar shows the provider used and why", async () => {
    const fellBack: RuntimeStatus = {
      ...info.runtime,
      activeProvider: "CPU",
      provider: { requested: "cuda", active: "cpu", fallbackReason: "CUDA is not in this ONNX Runtime build" },
    };
    const { calls } = backend({ set_runtime_settings: () => fellBack });
    await openModelsPanel();
    const form = await screen.findByTestId("runtime-form");
    expect(value("runtime-provider")).toBe("auto");
    expect(screen.queryByTestId("provider-fallback")).toBeNull();

    pick("runtime-provider", "cuda");
    pick("runtime-intra", "x");
    expect(within(form).getByTestId("runtime-invalid").textContent).toContain("0 to 65535");
    expect((within(form).getByTestId("runtime-save") as HTMLButtonElement).disabled).toBe(true);
    pick("runtime-intra", "4");
    pick("runtime-optimization", "extended");
    fireEvent.click(within(form).getByTestId("runtime-save"));

    await screen.findByTestId("runtime-saved");
    expect(called(calls, "set_runtime_settings")).toEqual([
      { settings: { provider: "cuda", intraThreads: 4, interThreads: 0, optimization: "extended" } },
    ]);
    expect(screen.getByTestId("runtime-saved").textContent).toBe("Saved. Sessions run on CPU.");
    expect(screen.getByTestId("runtime-fallback").textContent).toBe("CUDA is not in this ONNX Runtime build");
    const hint = screen.getByTestId("provider-fallback");
    expect(hint.textContent).toBe("CUDA not available");
    expect(hint.getAttribute("title")).toBe("CUDA is not in this ONNX Runtime build");
    expect(hint.className).toContain("status-warning");
    expect(screen.getByTestId("ort-status").textContent).toBe("ONNX Runtime 1.31.1 · CPU");
  });
});
