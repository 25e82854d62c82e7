import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type { Iteration, ModelInfo, TrainOutcome } from "../../lib/api";
import { binaryMetrics, deferred, newModel, sendOnChannel as sendIteration } from "../../test/appFixtures";
import { big, iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";
import { openTrainPanel, pick } from "../../test/trainPanel";

const oldModel: ModelInfo = {
  id: "m-old",
  name: "events-linear-1",
  runId: "r-old",
  origin: "trained",
  summary: { task: "regression", family: "linear", target: "amount", classes: [], features: 3, dataset: "events@1", inputs: "raw" },
  imported: null,
  onnxBytes: 2048,
  createdAt: "2025-01-05T10:00:00Z",
  author: "ada",
};

const outcome: TrainOutcome = {
  runId: "r-new",
  model: "events-gbdt-1",
  modelId: "m-new",
  task: "binary",
  family: "gbdt",
  features: ["id", "amount", "at"],
  classes: ["false", "true"],
  rows: [700_000, 150_000, 150_000],
  iterations: 10,
  bestIteration: 8,
  metrics: { train: binaryMetrics(0.9612), validation: binaryMetrics(0.9123), test: binaryMetrics(0.9087), latency: null, cv: null },
  trainMs: 1234,
  totalMs: 1500,
};

function backend(overrides: Record<string, Handler> = {}) {
  let models: ModelInfo[] = [oldModel];
  const base: Record<string, Handler> = { ...openProjectHandlers([big, iris]), list_models: () => models };
  return {
    calls: mockBackend(base, overrides),
    setModels: (m: ModelInfo[]) => {
      models = m;
    },
  };
}

/** Fills a binary GBDT run on `events` and presses Train. */
async function trainEvents() {
  const form = await openTrainPanel();
  pick(form, "train-target", "ok");
  fireEvent.click(within(form).getByTestId("train-submit"));
  return form;
}

describe("Train panel", () => {
  it("submits the TrainRequest the form describes (only non-empty parameters of the chosen family)", async () => {
    const { calls } = backend({ train_model: () => outcome });
    const form = await openTrainPanel();
    const submit = within(form).getByTestId("train-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(within(form).getByTestId("train-invalid").textContent).toBe("Choose the column to predict.");

    pick(form, "train-dataset", iris.id);
    const targets = [...within(form).getByTestId("train-target").querySelectorAll("option")].map((o) => o.textContent);
    expect(targets).toEqual(["Choose a column…", "sepal_length", "species", "email"]);
    pick(form, "train-target", "species");
    pick(form, "train-task", "multiclass");
    pick(form, "train-param-num_iterations", "50");
    pick(form, "train-param-learning_rate", " 0.05 ");
    pick(form, "train-seed", "abc");
    expect(within(form).getByTestId("train-invalid").textContent).toContain("seed");
    expect(submit.disabled).toBe(true);
    pick(form, "train-seed", "7");
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);

    await waitFor(() => expect(calls.some((c) => c.cmd === "train_model")).toBe(true));
    expect(calls.find((c) => c.cmd === "train_model")?.args.request).toEqual({
      dataset: iris.id,
      target: "species",
      task: "multiclass",
      family: "gbdt",
      params: { num_iterations: "50", learning_rate: "0.05" },
      seed: 7,
      ignoreSplit: false,
      folds: null,
      name: null,
    });
    await screen.findByTestId("train-result");

    // Another family offers its own parameters; the GBDT ones are not sent.
    pick(form, "train-family", "mlp");
    expect(within(form).queryByTestId("train-param-num_iterations")).toBeNull();
    pick(form, "train-param-hidden", "[64]");
    pick(form, "train-seed", "");
    pick(form, "train-name", "iris-net");
    fireEvent.click(within(form).getByTestId("train-submit"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "train_model")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "train_model")[1]?.args.request).toMatchObject({
      family: "mlp",
      params: { hidden: "[64]" },
      seed: null,
      name: "iris-net",
    });
  });

  it("streams iterations into the progress bar, the metric and the learning curve, then shows the result and the new model", async () => {
    const done = deferred<TrainOutcome>();
    let channel: Channel<Iteration> | null = null;
    const fake = backend({
      train_model: (a) => {
        channel = a.onProgress as Channel<Iteration>;
        return done.promise;
      },
    });
    await trainEvents();
    const progress = await screen.findByTestId("train-progress");
    expect(progress.textContent).toContain("Reading the data…");
    expect((screen.getByTestId("train-submit") as HTMLButtonElement).disabled).toBe(true);
    const models = await screen.findByTestId("model-table");
    expect(within(models).getAllByTestId("model-row")).toHaveLength(1);

    act(() => {
      sendIteration(channel!, 0, { iteration: 1, total: 10, trainLoss: 0.69, validLoss: 0.7, metric: "auc", metricValue: 0.81 });
      sendIteration(channel!, 1, { iteration: 2, total: 10, trainLoss: 0.6, validLoss: 0.64, metric: "auc", metricValue: 0.91234 });
    });
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 2 of 10");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("20");
    expect(screen.getByTestId("train-metric").textContent).toBe("auc 0.9123");
    const curve = screen.getByTestId("learning-curve");
    expect(within(curve).getByTestId("curve-train").getAttribute("points")!.split(" ")).toHaveLength(2);
    expect(within(curve).getByTestId("curve-valid").getAttribute("points")!.split(" ")).toHaveLength(2);

    act(() => sendIteration(channel!, 2, { iteration: 3, total: 10, trainLoss: 0.55, validLoss: null, metric: "auc", metricValue: null }));
    expect(within(curve).getByTestId("curve-train").getAttribute("points")!.split(" ")).toHaveLength(3);
    expect(within(curve).getByTestId("curve-valid").getAttribute("points")!.split(" ")).toHaveLength(2);

    fake.setModels([newModel, oldModel]);
    await act(async () => done.resolve(outcome));
    const result = await screen.findByTestId("train-result");
    expect(result.textContent).toContain("Trained events-gbdt-1");
    expect(result.textContent).toContain("Binary classification");
    expect(within(result).getByTestId("result-rows").textContent).toBe("700,000 / 150,000 / 150,000");
    expect(within(result).getByTestId("result-iterations").textContent).toBe("10 (best 8)");
    expect(result.textContent).toContain("1.23 s");
    const headers = within(screen.getByTestId("metrics-table")).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Part", "AUC", "Log-loss", "Accuracy", "F1"]);
    const validation = screen.getByTestId("metrics-validation");
    expect(within(validation).getAllByRole("cell").map((c) => c.textContent)).toEqual(["0.9123", "0.3012", "0.8750", "0.8471"]);
    expect(screen.getByTestId("metrics-test").textContent).toContain("0.9087");
    expect(screen.queryByTestId("train-progress")).toBeNull();
    // The curve stays with the result.
    expect(screen.getByTestId("learning-curve")).toBeTruthy();

    await waitFor(() => expect(within(screen.getByTestId("model-table")).getAllByTestId("model-row")).toHaveLength(2));
    const rows = within(screen.getByTestId("model-table")).getAllByTestId("model-row");
    const cells = within(rows[0]!).getAllByRole("cell").map((c) => c.textContent);
    expect(cells.slice(0, 5)).toEqual(["events-gbdt-1", "Gradient-boosted trees", "Binary classification", "ok", "events@1"]);
    expect(fake.calls.filter((c) => c.cmd === "list_models")).toHaveLength(2);
  });

  it("the result card's Run notes opens the run's notes, a model row's Notes the model's (by name)", async () => {
    const { calls, setModels } = backend({ train_model: () => outcome });
    setModels([newModel, oldModel]);
    await trainEvents();
    const result = await screen.findByTestId("train-result");
    fireEvent.click(within(result).getByTestId("run-notes"));
    const drawer = await screen.findByRole("complementary", { name: "Notes · events-gbdt-1" });
    expect(drawer.textContent).toContain("Run: events-gbdt-1");
    expect(called(calls, "list_notes")).toContainEqual({ entityKind: "run", entity: "r-new", tag: null, deleted: false });
    expect(called(calls, "list_comments")).toContainEqual({ entityKind: "run", entity: "r-new" });

    const rows = within(screen.getByTestId("model-table")).getAllByTestId("model-row");
    fireEvent.click(within(rows[1]!).getByTestId("model-row-notes"));
    await screen.findByRole("complementary", { name: "Notes · events-linear-1" });
    expect(called(calls, "list_comments")).toContainEqual({ entityKind: "model", entity: "events-linear-1" });
    expect(screen.getAllByTestId("entity-notes")).toHaveLength(1);
  });

  it("shows regression metrics for a regressor", async () => {
    const regression = { task: "regression" as const, rmse: 12.5, mae: 9.25, r2: 0.8123, residuals: [] };
    backend({
      train_model: () => ({
        ...outcome,
        task: "regression",
        classes: [],
        bestIteration: null,
        metrics: { train: regression, validation: null, test: regression, latency: null, cv: null },
      }),
    });
    const form = await openTrainPanel();
    pick(form, "train-target", "amount");
    fireEvent.click(within(form).getByTestId("train-submit"));
    const result = await screen.findByTestId("train-result");
    expect(within(result).getByTestId("result-iterations").textContent).toBe("10");
    const headers = within(screen.getByTestId("metrics-table")).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Part", "RMSE", "MAE", "R²"]);
    expect(screen.queryByTestId("metrics-validation")).toBeNull();
    expect(within(screen.getByTestId("metrics-test")).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "12.5000",
      "9.2500",
      "0.8123",
    ]);
  });

  it("shows a training error in place, naming the parameter", async () => {
    backend({
      train_model: () => {
        throw { code: "invalid_input", message: "parameter num_leaves: expected an integer ≥ 2, got \"x\"" };
      },
    });
    await trainEvents();
    const error = await screen.findByTestId("train-error");
    expect(error.textContent).toContain("parameter num_leaves: expected an integer ≥ 2");
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("invalid_input");
    expect((screen.getByTestId("train-submit") as HTMLButtonElement).disabled).toBe(false);
  });

  it("Cancel calls cancel_job and the run ends as cancelled", async () => {
    const done = deferred<TrainOutcome>();
    const fake = backend({ train_model: () => done.promise });
    await trainEvents();
    const cancel = await screen.findByTestId("train-cancel");
    fireEvent.click(cancel);
    await waitFor(() => expect(fake.calls.filter((c) => c.cmd === "cancel_job")).toHaveLength(1));
    expect((screen.getByTestId("train-cancel") as HTMLButtonElement).textContent).toBe("Cancelling…");
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("train-cancelled")).textContent).toContain("Training cancelled");
    expect(screen.queryByTestId("train-error")).toBeNull();
    expect(screen.queryByTestId("train-progress")).toBeNull();
  });

  it("keeps the running training across a switch to another panel: progress and Cancel, then the result", async () => {
    const done = deferred<TrainOutcome>();
    let channel: Channel<Iteration> | null = null;
    const fake = backend({
      train_model: (a) => {
        channel = a.onProgress as Channel<Iteration>;
        return done.promise;
      },
    });
    await trainEvents();
    await screen.findByTestId("train-progress");
    act(() => sendIteration(channel!, 0, { iteration: 1, total: 10, trainLoss: 0.69, validLoss: 0.7, metric: "auc", metricValue: 0.81 }));

    // Away to the Data panel: the Train panel unmounts, the training goes on.
    fireEvent.click(screen.getByTestId("panel-data"));
    await waitFor(() => expect(screen.queryByTestId("train-form")).toBeNull());
    act(() => sendIteration(channel!, 1, { iteration: 2, total: 10, trainLoss: 0.6, validLoss: 0.64, metric: "auc", metricValue: 0.9 }));

    // Back: the live progress, the curve so far and Cancel are there.
    fireEvent.click(screen.getByTestId("panel-train"));
    const progress = await screen.findByTestId("train-progress");
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 2 of 10");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("20");
    expect(within(screen.getByTestId("learning-curve")).getByTestId("curve-train").getAttribute("points")!.split(" ")).toHaveLength(2);
    expect((screen.getByTestId("train-submit") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("train-cancel") as HTMLButtonElement).disabled).toBe(false);

    // Streams on while shown again.
    act(() => sendIteration(channel!, 2, { iteration: 3, total: 10, trainLoss: 0.55, validLoss: 0.6, metric: "auc", metricValue: 0.92 }));
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 3 of 10");

    // Away again; it finishes meanwhile; back: the result, the curve and the new model.
    fireEvent.click(screen.getByTestId("panel-data"));
    await waitFor(() => expect(screen.queryByTestId("train-form")).toBeNull());
    fake.setModels([newModel, oldModel]);
    await act(async () => done.resolve(outcome));
    fireEvent.click(screen.getByTestId("panel-train"));
    const result = await screen.findByTestId("train-result");
    expect(result.textContent).toContain("Trained events-gbdt-1");
    expect(screen.queryByTestId("train-progress")).toBeNull();
    expect(within(screen.getByTestId("learning-curve")).getByTestId("curve-train").getAttribute("points")!.split(" ")).toHaveLength(3);
    expect((screen.getByTestId("train-submit") as HTMLButtonElement).disabled).toBe(true); // target not chosen yet
    await waitFor(() => expect(within(screen.getByTestId("model-table")).getAllByTestId("model-row")).toHaveLength(2));
    expect(fake.calls.filter((c) => c.cmd === "train_model")).toHaveLength(1);
  });

  it("Cancel still works after coming back to the panel mid-training", async () => {
    const done = deferred<TrainOutcome>();
    const fake = backend({ train_model: () => done.promise });
    await trainEvents();
    await screen.findByTestId("train-progress");
    fireEvent.click(screen.getByTestId("panel-data"));
    await waitFor(() => expect(screen.queryByTestId("train-form")).toBeNull());
    fireEvent.click(screen.getByTestId("panel-train"));
    fireEvent.click(await screen.findByTestId("train-cancel"));
    await waitFor(() => expect(fake.calls.filter((c) => c.cmd === "cancel_job")).toHaveLength(1));
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("train-cancelled")).textContent).toContain("Training cancelled");
  });
});
