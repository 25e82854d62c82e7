// A fake of the backend's run queue for the Train panel tests: queue_training records a queued run
// and answers its id at once, list_runs and run_detail answer what the queue holds, cancel_run
// cancels; the test drives each run (start, iterations, end) and the fake emits the queue's events
// as the Rust side would. Mock the backend with `{ events: true }` for the events to arrive.
import { act } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import type { DatasetInfo, Iteration, Metrics, QueueEvent, RunSummary, TrainRequest } from "../lib/api";
import { deferred } from "./appFixtures";
import type { Handler } from "./invoke";
import { runDetail, runSummary } from "./runsFixtures";

/** How a run ended, with its model (finished) or its error (failed). */
type Ending = { status: "finished"; model: string; metrics: Metrics } | { status: "failed"; error: string } | { status: "cancelled" };

/** Sends one queue event to the UI, as the backend would. */
export async function emitQueueEvent(event: QueueEvent) {
  await act(async () => {
    await emit("run-queue-event", { event });
  });
}

/** A fake queue over `datasets` (a request's dataset id names its `name@version`). */
export function fakeRunQueue(datasets: DatasetInfo[]) {
  /** Newest first, as list_runs answers. */
  const runs: RunSummary[] = [];
  const metrics = new Map<string, Metrics>();
  let next = 1;
  let refusal: unknown = null;
  let held: Promise<void> | null = null;

  const find = (id: unknown) => {
    const run = runs.find((r) => r.id === id);
    if (!run) throw { code: "not_found", message: `no run ${String(id)}` };
    return run;
  };
  const update = (id: string, change: Partial<RunSummary>) => {
    const at = runs.findIndex((r) => r.id === id);
    runs[at] = { ...runs[at]!, ...change };
  };

  const handlers: Record<string, Handler> = {
    queue_training: (a) => {
      if (refusal !== null) {
        const error = refusal;
        refusal = null;
        throw error;
      }
      const request = a.request as TrainRequest;
      const dataset = datasets.find((d) => d.id === request.dataset);
      const id = `run-${next++}`;
      runs.unshift(
        runSummary({
          id,
          dataset: dataset ? `${dataset.name}@${dataset.version}` : request.dataset,
          target: request.target,
          task: request.task ?? "auto",
          family: request.family ?? "gbdt",
          status: "queued",
          params: request.params,
          metric: null,
          train: null,
          validation: null,
          test: null,
          p50Ms: null,
          rowsPerSecond: null,
          modelBytes: null,
          model: null,
          finishedAt: null,
        }),
      );
      if (held === null) return id;
      const answer = held.then(() => id);
      held = null;
      return answer;
    },
    list_runs: (a) => runs.filter((r) => a.dataset === null || r.dataset.split("@")[0] === a.dataset),
    run_detail: (a) => {
      const run = find(a.run);
      return runDetail(run, metrics.get(run.id) ?? null, 5);
    },
    cancel_run: (a) => {
      const run = find(a.run);
      // A waiting run is cancelled at once (its event comes first); a training one stops later.
      if (run.status === "queued") {
        update(run.id, { status: "cancelled", finishedAt: "2025-01-06T10:00:03Z" });
        void emit("run-queue-event", { event: { kind: "ended", runId: run.id, status: "cancelled", model: null, error: null } });
      }
      return find(run.id);
    },
    set_queue_concurrency: () => null,
  };

  return {
    handlers,
    /** What list_runs answers, newest first (push runs the queue held before the panel opened). */
    runs,
    /** The next queue_training queues nothing and rejects with `error`. */
    refuseNext: (error: { code: string; message: string }) => {
      refusal = error;
    },
    /** The next queue_training queues the run `id` at once but answers only on `answer()`. */
    holdNext: () => {
      const wait = deferred<void>();
      held = wait.promise;
      return {
        id: `run-${next}`,
        answer: () => act(async () => wait.resolve()),
      };
    },
    /** The run leaves the queue and starts training. */
    start: async (id: string) => {
      update(id, { status: "running" });
      await emitQueueEvent({ kind: "started", runId: id });
    },
    /** The run finishes iterations `iterations` (1-based) of `total`. */
    iterate: async (id: string, iterations: number[], total: number, metric = "auc") => {
      for (const iteration of iterations) {
        const it: Iteration = {
          iteration,
          total,
          trainLoss: 0.7 - iteration * 0.05,
          validLoss: 0.72 - iteration * 0.04,
          metric,
          metricValue: 0.8 + iteration * 0.01,
        };
        await emitQueueEvent({ kind: "iteration", runId: id, iteration: it });
      }
    },
    /** The run ends: finished (its model and metrics stored), failed or cancelled. */
    end: async (id: string, ending: Ending) => {
      const finished = ending.status === "finished";
      if (finished) metrics.set(id, ending.metrics);
      const score = finished ? headlineOf(ending.metrics) : null;
      update(id, {
        status: ending.status,
        task: finished ? ending.metrics.task : find(id).task,
        model: finished ? ending.model : null,
        error: ending.status === "failed" ? ending.error : null,
        metric: score?.metric ?? null,
        higherIsBetter: score?.higherIsBetter ?? true,
        test: score?.value ?? null,
        finishedAt: "2025-01-06T10:00:02Z",
      });
      await emitQueueEvent({
        kind: "ended",
        runId: id,
        status: ending.status,
        model: finished ? ending.model : null,
        error: ending.status === "failed" ? ending.error : null,
      });
    },
  };
}

/** The leaderboard's metric of a model: AUC, accuracy or RMSE (lower is better). */
function headlineOf(m: Metrics): { metric: string; value: number | null; higherIsBetter: boolean } {
  switch (m.task) {
    case "binary":
      return { metric: "auc", value: m.auc, higherIsBetter: true };
    case "multiclass":
      return { metric: "accuracy", value: m.accuracy, higherIsBetter: true };
    case "regression":
      return { metric: "rmse", value: m.rmse, higherIsBetter: false };
  }
}
