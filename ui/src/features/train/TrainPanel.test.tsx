import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { ModelInfo } from "../../lib/api";
import { binaryMetrics, deferred, multiclassMetrics, newModel, regressionMetrics } from "../../test/appFixtures";
import { big, iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";
import { fakeRunQueue } from "../../test/runQueue";
import { runSummary } from "../../test/runsFixtures";
import { openTrainPanel, pick } from "../../test/trainPanel";

const oldModel: ModelInfo = {
  id: "m-old",
  name: "events-linear-1",
  runId: "r-old",
  origin: "trained",
  summary: { task: "regression", family: "linear", target: "amount", classes: [], features: 3, dataset: "events@1", inputs: "raw" },
  imported: null,
  bundle: null,
  onnxBytes: 2048,
  createdAt: "2025-01-05T10:00:00Z",
  author: "ada",
};

/** The fake backend with a fake run queue; `setModels` changes what list_models answers next. */
function backend(overrides: Record<string, Handler> = {}) {
  let models: ModelInfo[] = [oldModel];
  const queue = fakeRunQueue([big, iris]);
  const base: Record<string, Handler> = { ...openProjectHandlers([big, iris]), ...queue.handlers, list_models: () => models };
  return {
    calls: mockBackend(base, overrides, { events: true }),
    queue,
    setModels: (m: ModelInfo[]) => {
      models = m;
    },
  };
}

/** Opens the panel, fills a binary GBDT run on `events` and presses Train; returns the form. */
async function trainEvents() {
  const form = await openTrainPanel();
  pick(form, "train-target", "ok");
  fireEvent.click(within(form).getByTestId("train-submit"));
  return form;
}

const row = (id: string) => screen.getByTestId(`queue-row-${id}`);
const rowStatus = (id: string) => screen.getByTestId(`queue-status-${id}`).textContent;
const curvePoints = (testId: string) => within(screen.getByTestId("learning-curve")).getByTestId(testId).getAttribute("points")!.split(" ");

describe("Train panel", () => {
  it("queues the TrainRequest the form describes (only non-empty parameters of the chosen family), and the form stays usable", async () => {
    const { calls } = backend();
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

    await screen.findByTestId("queue-row-run-1");
    expect(called(calls, "queue_training")).toEqual([
      {
        request: {
          dataset: iris.id,
          target: "species",
          task: "multiclass",
          family: "gbdt",
          params: { num_iterations: "50", learning_rate: "0.05" },
          seed: 7,
          ignoreSplit: false,
          folds: null,
          name: null,
        },
      },
    ]);
    expect(called(calls, "train_model")).toHaveLength(0);
    // Queued, not trained: the form takes the next run at once.
    expect(submit.disabled).toBe(false);
    expect(submit.textContent).toBe("Train");

    // Another family offers its own parameters; the GBDT ones are not sent.
    pick(form, "train-family", "mlp");
    expect(within(form).queryByTestId("train-param-num_iterations")).toBeNull();
    pick(form, "train-param-hidden", "[64]");
    pick(form, "train-seed", "");
    pick(form, "train-name", "iris-net");
    fireEvent.click(submit);
    await screen.findByTestId("queue-row-run-2");
    expect(called(calls, "queue_training")[1]?.request).toMatchObject({
      family: "mlp",
      params: { hidden: "[64]" },
      seed: null,
      name: "iris-net",
    });

    // Both wait in the queue, oldest first, each with what it trains.
    const rows = within(screen.getByTestId("queue-list")).getAllByRole("listitem");
    expect(rows.map((r) => r.getAttribute("data-testid"))).toEqual(["queue-row-run-1", "queue-row-run-2"]);
    expect(row("run-1").textContent).toContain("Gradient-boosted trees");
    expect(row("run-1").textContent).toContain("num_iterations 50 · learning_rate 0.05");
    expect(row("run-1").textContent).toContain("iris@2 → species");
    expect(row("run-2").textContent).toContain("Neural network (MLP)");
    expect(row("run-2").textContent).toContain("hidden [64]");
    expect([rowStatus("run-1"), rowStatus("run-2")]).toEqual(["Waiting", "Waiting"]);
    expect(screen.getByTestId("queue-cancel-run-1")).toBeTruthy();
    expect(screen.getByTestId("queue-cancel-run-2")).toBeTruthy();
    // The curve and the progress follow the run queued last.
    expect(row("run-2").getAttribute("aria-current")).toBe("true");
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Waiting");
  });

  it("follows the queued run: waiting, then training with iteration k of n and the curve, then its result from run_detail; models and runs refresh", async () => {
    const fake = backend();
    await trainEvents();
    await screen.findByTestId("queue-row-run-1");
    expect(rowStatus("run-1")).toBe("Waiting");
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Waiting");
    // The leaderboard lists the queued run with its status.
    await waitFor(() => expect(screen.getByTestId("runs-row-run-1").textContent).toContain("queued"));
    const models = await screen.findByTestId("model-table");
    expect(within(models).getAllByTestId("model-row")).toHaveLength(1);

    await fake.queue.start("run-1");
    expect(rowStatus("run-1")).toBe("Reading the data…");
    await waitFor(() => expect(screen.getByTestId("runs-row-run-1").textContent).toContain("running"));

    await fake.queue.iterate("run-1", [1, 2], 10);
    expect(rowStatus("run-1")).toBe("Iteration 2 of 10");
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 2 of 10");
    const progress = screen.getByTestId("train-progress");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("20");
    expect(screen.getByTestId("train-metric").textContent).toBe("auc 0.8200");
    expect(curvePoints("curve-train")).toHaveLength(2);
    expect(curvePoints("curve-valid")).toHaveLength(2);
    await fake.queue.iterate("run-1", [3], 10);
    expect(curvePoints("curve-train")).toHaveLength(3);

    fake.setModels([newModel, oldModel]);
    await fake.queue.end("run-1", { status: "finished", model: "events-gbdt-1", metrics: binaryMetrics(0.9087) });
    const result = await screen.findByTestId("train-result");
    expect(called(fake.calls, "run_detail")).toContainEqual({ run: "run-1" });
    expect(result.textContent).toContain("Trained events-gbdt-1");
    expect(result.textContent).toContain("Binary classification");
    expect(result.textContent).toContain("events@1");
    expect(within(result).getByTestId("result-iterations").textContent).toBe("3");
    const headers = within(screen.getByTestId("metrics-table")).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Part", "AUC", "Log-loss", "Accuracy", "F1"]);
    expect(within(screen.getByTestId("metrics-test")).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "0.9087",
      "0.3012",
      "0.8750",
      "0.8471",
    ]);
    expect(screen.queryByTestId("train-progress")).toBeNull();
    // The curve stays with the result; the queue says done, with no Cancel.
    expect(curvePoints("curve-train")).toHaveLength(3);
    expect(rowStatus("run-1")).toBe("Done");
    expect(row("run-1").textContent).toContain("events-gbdt-1");
    expect(screen.queryByTestId("queue-cancel-run-1")).toBeNull();

    // The new model joins the list, the leaderboard shows the finished run with its score.
    await waitFor(() => expect(within(screen.getByTestId("model-table")).getAllByTestId("model-row")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("runs-metric-run-1").textContent).toBe("0.9087"));
    expect(screen.getByTestId("runs-row-run-1").textContent).toContain("finished");

    // Clear takes the ended run off the list; its result stays.
    fireEvent.click(screen.getByTestId("queue-clear"));
    expect(screen.queryByTestId("queue-list")).toBeNull();
    expect(screen.getByTestId("train-result")).toBeTruthy();
  });

  it("draws the stored curve when the run's iterations were not streamed here, and shows regression metrics", async () => {
    const fake = backend();
    const form = await openTrainPanel();
    pick(form, "train-target", "amount");
    fireEvent.click(within(form).getByTestId("train-submit"));
    await screen.findByTestId("queue-row-run-1");
    await fake.queue.end("run-1", { status: "finished", model: "events-gbdt-1", metrics: regressionMetrics(12.5) });
    const result = await screen.findByTestId("train-result");
    expect(result.textContent).toContain("Regression");
    const headers = within(screen.getByTestId("metrics-table")).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Part", "RMSE", "MAE", "R²"]);
    expect(within(screen.getByTestId("metrics-test")).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "12.5000",
      "9.2500",
      "0.8123",
    ]);
    expect(within(result).getByTestId("result-iterations").textContent).toBe("5");
    expect(curvePoints("curve-train")).toHaveLength(5);
  });

  it("the result card's Run notes opens the run's notes, a model row's Notes the model's (by name)", async () => {
    const fake = backend();
    fake.setModels([newModel, oldModel]);
    await trainEvents();
    await screen.findByTestId("queue-row-run-1");
    await fake.queue.end("run-1", { status: "finished", model: "events-gbdt-1", metrics: binaryMetrics(0.9) });
    const result = await screen.findByTestId("train-result");
    fireEvent.click(within(result).getByTestId("run-notes"));
    const drawer = await screen.findByRole("complementary", { name: "Notes · events-gbdt-1" });
    expect(drawer.textContent).toContain("Run: events-gbdt-1");
    expect(called(fake.calls, "list_notes")).toContainEqual({ entityKind: "run", entity: "run-1", tag: null, deleted: false });
    expect(called(fake.calls, "list_comments")).toContainEqual({ entityKind: "run", entity: "run-1" });

    const rows = within(screen.getByTestId("model-table")).getAllByTestId("model-row");
    fireEvent.click(within(rows[1]!).getByTestId("model-row-notes"));
    await screen.findByRole("complementary", { name: "Notes · events-linear-1" });
    expect(called(fake.calls, "list_comments")).toContainEqual({ entityKind: "model", entity: "events-linear-1" });
    expect(screen.getAllByTestId("entity-notes")).toHaveLength(1);
  });

  it("shows why the backend refused to queue, naming the parameter; a run that fails shows its error", async () => {
    const fake = backend();
    fake.queue.refuseNext({ code: "invalid_input", message: "parameter num_leaves: expected an integer ≥ 2, got \"x\"" });
    const form = await trainEvents();
    const refused = await screen.findByTestId("train-refused");
    expect(refused.textContent).toContain("parameter num_leaves: expected an integer ≥ 2");
    expect(within(refused).getByRole("alert").getAttribute("title")).toContain("invalid_input");
    expect(screen.queryByTestId("queue-list")).toBeNull();
    expect((within(form).getByTestId("train-submit") as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(within(form).getByTestId("train-submit"));
    await screen.findByTestId("queue-row-run-1");
    expect(screen.queryByTestId("train-refused")).toBeNull();
    await fake.queue.start("run-1");
    await fake.queue.end("run-1", { status: "failed", error: "the target column ok has one value" });
    expect(screen.getByTestId("train-error").textContent).toBe("Training failed: the target column ok has one value");
    expect(rowStatus("run-1")).toBe("Failed");
    expect(screen.queryByTestId("train-result")).toBeNull();
    expect(screen.queryByTestId("train-progress")).toBeNull();
  });

  it("Cancel calls cancel_run: a waiting run ends cancelled at once, a training one once it stops", async () => {
    const fake = backend();
    const form = await trainEvents();
    await screen.findByTestId("queue-row-run-1");
    fireEvent.click(within(form).getByTestId("train-submit"));
    await screen.findByTestId("queue-row-run-2");
    await fake.queue.start("run-1");
    await fake.queue.iterate("run-1", [1], 10);

    // The waiting run: cancel_run cancels it and the queue says so.
    fireEvent.click(screen.getByTestId("queue-cancel-run-2"));
    await waitFor(() => expect(rowStatus("run-2")).toBe("Cancelled"));
    expect(called(fake.calls, "cancel_run")).toEqual([{ run: "run-2" }]);
    expect(screen.queryByTestId("queue-cancel-run-2")).toBeNull();
    expect(screen.getByTestId("train-cancelled").textContent).toBe("Training cancelled; no model was stored.");

    // The training run (followed again by a click): cancelling until it stops at its next iteration.
    fireEvent.click(screen.getByTestId("queue-follow-run-1"));
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 1 of 10");
    fireEvent.click(screen.getByTestId("train-cancel"));
    await waitFor(() => expect(called(fake.calls, "cancel_run")).toHaveLength(2));
    expect(called(fake.calls, "cancel_run")[1]).toEqual({ run: "run-1" });
    await waitFor(() => expect(screen.getByTestId("queue-cancel-run-1").textContent).toBe("Cancelling…"));
    expect((screen.getByTestId("train-cancel") as HTMLButtonElement).disabled).toBe(true);
    await fake.queue.end("run-1", { status: "cancelled" });
    expect(screen.getByTestId("train-cancelled")).toBeTruthy();
    expect(rowStatus("run-1")).toBe("Cancelled");
    expect(screen.queryByTestId("train-progress")).toBeNull();
  });

  it("keeps the events that come before queue_training answers", async () => {
    const fake = backend();
    const form = await trainEvents();
    await screen.findByTestId("queue-row-run-1");
    const late = fake.queue.holdNext();
    fireEvent.click(within(form).getByTestId("train-submit"));
    await waitFor(() => expect(fake.queue.runs).toHaveLength(2));
    await fake.queue.start(late.id);
    await fake.queue.iterate(late.id, [1], 4);
    // Listed from its events, then described once queue_training answers, and followed.
    expect(rowStatus(late.id)).toBe("Iteration 1 of 4");
    expect(row("run-1").getAttribute("aria-current")).toBe("true");
    await late.answer();
    await waitFor(() => expect(row(late.id).textContent).toContain("Gradient-boosted trees"));
    expect(row(late.id).getAttribute("aria-current")).toBe("true");
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 1 of 4");
    expect(curvePoints("curve-train")).toHaveLength(1);
  });

  it("keeps the queue and the followed run across a switch to another panel", async () => {
    const fake = backend();
    await trainEvents();
    await screen.findByTestId("queue-row-run-1");
    await fake.queue.start("run-1");
    await fake.queue.iterate("run-1", [1], 10);

    // Away to the Data panel: the Train panel unmounts, the run goes on.
    fireEvent.click(screen.getByTestId("panel-data"));
    await waitFor(() => expect(screen.queryByTestId("train-form")).toBeNull());
    await fake.queue.iterate("run-1", [2], 10);

    // Back: the live progress, the curve so far and Cancel are there.
    fireEvent.click(screen.getByTestId("panel-train"));
    await screen.findByTestId("train-progress");
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 2 of 10");
    expect(rowStatus("run-1")).toBe("Iteration 2 of 10");
    expect(curvePoints("curve-train")).toHaveLength(2);
    expect((screen.getByTestId("train-cancel") as HTMLButtonElement).disabled).toBe(false);

    // Away again; it finishes meanwhile; back: the result and the curve.
    fireEvent.click(screen.getByTestId("panel-data"));
    await waitFor(() => expect(screen.queryByTestId("train-form")).toBeNull());
    await fake.queue.end("run-1", { status: "finished", model: "events-gbdt-1", metrics: binaryMetrics(0.9) });
    fireEvent.click(screen.getByTestId("panel-train"));
    expect((await screen.findByTestId("train-result")).textContent).toContain("Trained events-gbdt-1");
    expect(curvePoints("curve-train")).toHaveLength(2);
    expect(called(fake.calls, "queue_training")).toHaveLength(1);
  });

  it("lists the runs already waiting or training when the project opens, and follows their events", async () => {
    const fake = backend();
    // Newest first, as list_runs answers: a queued run, a training one, a finished one, a search trial.
    fake.queue.runs.push(
      runSummary({ id: "r-waiting", status: "queued", family: "linear", params: { l2: "0.5" }, model: null }),
      runSummary({ id: "r-training", status: "running", params: { learning_rate: "0.1", num_leaves: "31", seed: "0" }, model: null }),
      runSummary({ id: "r-done" }),
      { ...runSummary({ id: "r-trial", status: "running" }), searchTrial: 2 },
    );
    await openTrainPanel();
    const list = await screen.findByTestId("queue-list");
    expect(within(list).getAllByRole("listitem").map((r) => r.getAttribute("data-testid"))).toEqual([
      "queue-row-r-training",
      "queue-row-r-waiting",
    ]);
    expect(row("r-training").textContent).toContain("learning_rate 0.1 · num_leaves 31");
    expect(row("r-training").textContent).toContain("events@1 → ok");
    expect(row("r-waiting").textContent).toContain("Linear modell2 0.5");
    expect([rowStatus("r-training"), rowStatus("r-waiting")]).toEqual(["Reading the data…", "Waiting"]);
    // Nothing was queued from here: no run is followed.
    expect(screen.queryByTestId("train-run")).toBeNull();

    await fake.queue.iterate("r-training", [1], 10);
    expect(rowStatus("r-training")).toBe("Iteration 1 of 10");
    fireEvent.click(screen.getByTestId("queue-follow-r-training"));
    expect(screen.getByTestId("train-progress-text").textContent).toBe("Iteration 1 of 10");
  });

  it("'Runs at once' sets the queue's concurrency (1 to 4)", async () => {
    const { calls } = backend();
    const form = await openTrainPanel();
    const runs = within(form).getByTestId("train-concurrency") as HTMLInputElement;
    expect(runs.value).toBe("1");
    // Opening the project tells the queue the number shown.
    await waitFor(() => expect(called(calls, "set_queue_concurrency")).toEqual([{ runs: 1 }]));
    pick(form, "train-concurrency", "3");
    await waitFor(() => expect(runs.value).toBe("3"));
    pick(form, "train-concurrency", "9");
    pick(form, "train-concurrency", "0");
    expect(called(calls, "set_queue_concurrency")).toEqual([{ runs: 1 }, { runs: 3 }]);
    expect(runs.value).toBe("3");
  });

  it("queues while a search runs, each job its own", async () => {
    const search = deferred<never>();
    const fake = backend({ search_models: () => search.promise });
    const form = await openTrainPanel();
    pick(form, "train-dataset", iris.id);
    pick(form, "train-target", "species");
    fireEvent.click(screen.getByTestId("search-start"));
    await screen.findByTestId("search-progress");
    const submit = within(form).getByTestId("train-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await screen.findByTestId("queue-row-run-1");
    expect((screen.getByTestId("search-start") as HTMLButtonElement).disabled).toBe(true);
    await fake.queue.end("run-1", { status: "finished", model: "iris-gbdt-1", metrics: multiclassMetrics(0.9667) });
    const result = await screen.findByTestId("train-result");
    expect(result.textContent).toContain("iris-gbdt-1");
    expect(result.textContent).toMatch(/multiclass/i);
    expect(screen.getByTestId("search-progress")).toBeTruthy();
  });
});
