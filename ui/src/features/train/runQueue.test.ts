import { describe, expect, it } from "vitest";
import { ApiFailure, type Iteration, type QueueEvent } from "../../lib/api";
import { runSummary } from "../../test/runsFixtures";
import { keyParams } from "./familyParams";
import { initialQueue, reduceQueue, type QueueAction, type QueueState, type RunWhat } from "./runQueue";

const what: RunWhat = { dataset: "iris@2", target: "species", family: "gbdt", params: { learning_rate: "0.05" } };

function iteration(n: number): Iteration {
  return { iteration: n, total: 10, trainLoss: 0.5, validLoss: null, metric: "accuracy", metricValue: 0.9 };
}

const event = (e: QueueEvent): QueueAction => ({ kind: "event", event: e });

function run(actions: QueueAction[], from: QueueState = initialQueue): QueueState {
  return actions.reduce(reduceQueue, from);
}

describe("run queue state", () => {
  it("lists a queued run, follows it, and counts its start and end for the leaderboard and the models", () => {
    const queued = run([{ kind: "queued", id: "a", what }]);
    expect(queued.order).toEqual(["a"]);
    expect(queued.runs.a).toMatchObject({ what, status: "queued", iterations: [], cancelling: false });
    expect(queued.followed).toBe("a");
    expect(queued.changes).toBe(1);

    const done = run(
      [
        event({ kind: "started", runId: "a" }),
        event({ kind: "iteration", runId: "a", iteration: iteration(1) }),
        event({ kind: "iteration", runId: "a", iteration: iteration(2) }),
        event({ kind: "ended", runId: "a", status: "finished", model: "iris-gbdt-1", error: null }),
      ],
      queued,
    );
    expect(done.runs.a).toMatchObject({ status: "finished", model: "iris-gbdt-1", error: null });
    expect(done.runs.a!.iterations.map((i) => i.iteration)).toEqual([1, 2]);
    expect([done.changes, done.stored]).toEqual([3, 1]);
  });

  it("keeps what the events said before queue_training answered", () => {
    const state = run([
      event({ kind: "started", runId: "a" }),
      event({ kind: "iteration", runId: "a", iteration: iteration(1) }),
    ]);
    expect(state.order).toEqual(["a"]);
    expect(state.runs.a).toMatchObject({ what: null, status: "running" });
    expect(state.followed).toBeNull();
    const known = reduceQueue(state, { kind: "queued", id: "a", what });
    expect(known.runs.a).toMatchObject({ what, status: "running" });
    expect(known.runs.a!.iterations).toHaveLength(1);
    expect(known.followed).toBe("a");
  });

  it("ends a run once: cancel_run's answer and the event after it count once, late events change nothing", () => {
    const cancelled = run([
      { kind: "queued", id: "a", what },
      { kind: "cancelling", id: "a", on: true },
      { kind: "cancelled", run: runSummary({ id: "a", status: "cancelled", model: null }) },
    ]);
    expect(cancelled.runs.a).toMatchObject({ status: "cancelled", cancelling: false });
    expect(cancelled.changes).toBe(2);
    const again = run(
      [
        event({ kind: "ended", runId: "a", status: "cancelled", model: null, error: null }),
        event({ kind: "started", runId: "a" }),
        event({ kind: "iteration", runId: "a", iteration: iteration(1) }),
        { kind: "cancelling", id: "a", on: true },
      ],
      cancelled,
    );
    expect(again).toEqual(cancelled);
    // A training run's answer says it still runs: it stays cancelling until its event.
    const training = run([
      { kind: "queued", id: "b", what },
      event({ kind: "started", runId: "b" }),
      { kind: "cancelling", id: "b", on: true },
      { kind: "cancelled", run: runSummary({ id: "b", status: "running" }) },
    ]);
    expect(training.runs.b).toMatchObject({ status: "running", cancelling: true });
  });

  it("adds the runs found waiting or training (oldest first, before those queued since), not ended runs or search trials", () => {
    const state = run([
      { kind: "queued", id: "mine", what },
      event({ kind: "started", runId: "seen" }),
      {
        kind: "found",
        runs: [
          runSummary({ id: "mine", status: "queued" }),
          runSummary({ id: "newer", status: "queued", family: "mlp" }),
          runSummary({ id: "seen", status: "running", family: "linear" }),
          runSummary({ id: "older", status: "running" }),
          runSummary({ id: "done" }),
          { ...runSummary({ id: "trial", status: "running" }), searchTrial: 1 },
        ],
      },
    ]);
    expect(state.order).toEqual(["older", "newer", "mine", "seen"]);
    expect(state.runs.newer).toMatchObject({ status: "queued", what: { dataset: "events@1", target: "ok", family: "mlp" } });
    expect(state.runs.older!.status).toBe("running");
    // Known runs keep their state; one the events told of gets its description.
    expect(state.runs.mine!.what).toEqual(what);
    expect(state.runs.seen).toMatchObject({ status: "running", what: { family: "linear" } });
    expect(state.followed).toBe("mine");
  });

  it("clears ended runs off the list, keeping the followed one's state; follows a listed run on request", () => {
    const state = run([
      { kind: "queued", id: "a", what },
      { kind: "queued", id: "b", what },
      { kind: "queued", id: "c", what },
      event({ kind: "ended", runId: "a", status: "failed", model: null, error: "boom" }),
      event({ kind: "ended", runId: "c", status: "finished", model: "m", error: null }),
      { kind: "clear" },
    ]);
    expect(state.order).toEqual(["b"]);
    expect(Object.keys(state.runs).sort()).toEqual(["b", "c"]);
    expect(state.followed).toBe("c");
    expect(reduceQueue(state, { kind: "follow", id: "b" }).followed).toBe("b");
    expect(reduceQueue(state, { kind: "follow", id: "a" }).followed).toBe("c");
  });

  it("keeps a refusal until the next run is queued, and the concurrency", () => {
    const error = new ApiFailure("invalid_input", "bad parameter");
    const refused = run([{ kind: "refused", error }, { kind: "concurrency", runs: 3 }]);
    expect(refused.refused).toBe(error);
    expect(refused.concurrency).toBe(3);
    expect(reduceQueue(refused, { kind: "queued", id: "a", what }).refused).toBeNull();
  });

  it("names a run by the form's parameters of its family that it sets", () => {
    expect(keyParams("gbdt", { seed: "0", num_leaves: "15", learning_rate: "0.05" })).toEqual([
      { name: "learning_rate", value: "0.05" },
      { name: "num_leaves", value: "15" },
    ]);
    expect(keyParams("mlp", {})).toEqual([]);
    expect(keyParams("onnx", { a: "1" })).toEqual([]);
  });
});
