// The backend's run queue as the Train panel sees it: the runs queued from here (or found waiting
// or training when the project opened), what the queue's events said about each, and the run the
// learning curve and the result follow. The reducer is pure; `useRunQueue` feeds it the events.
import { useCallback, useEffect, useMemo, useReducer } from "react";
import { useBackendEvent } from "../../components/useBackendEvent";
import {
  api,
  onRunQueueEvent,
  toFailure,
  type ApiFailure,
  type Iteration,
  type QueueEvent,
  type RunSummary,
  type TrainRequest,
} from "../../lib/api";

/** Where a queued run stands. */
export const QUEUE_STATUSES = ["queued", "running", "finished", "failed", "cancelled"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** What a run trains: the list names it by these. */
export type RunWhat = {
  /** `name@version`. */
  dataset: string;
  target: string;
  family: string;
  /** The parameters given (the rest keep the backend's defaults). */
  params: Record<string, string>;
};

/** A run of the queue as the Train panel shows it. */
export type QueuedRun = {
  id: string;
  /** Null until known: the queue's first events can arrive before `queueTraining` answers. */
  what: RunWhat | null;
  status: QueueStatus;
  /** Its iterations so far, in order. */
  iterations: Iteration[];
  /** The model it stored (finished). */
  model: string | null;
  /** Why it failed. */
  error: string | null;
  /** Cancel was asked and the run has not ended yet. */
  cancelling: boolean;
};

export type QueueState = {
  runs: Record<string, QueuedRun>;
  /** The runs the list shows, in the order they were queued. */
  order: string[];
  /** The run queued last (or picked in the list): the learning curve and the result follow it. */
  followed: string | null;
  /** Counts runs queued, started and ended: the leaderboard asks again when it changes. */
  changes: number;
  /** Counts runs that ended with a stored model: the model list asks again when it changes. */
  stored: number;
  /** How many runs train at once. */
  concurrency: number;
  /** Why the last Train was refused (nothing was queued), until the next one is queued. */
  refused: ApiFailure | null;
};

export type QueueAction =
  | { kind: "queued"; id: string; what: RunWhat }
  | { kind: "refused"; error: ApiFailure }
  | { kind: "found"; runs: RunSummary[] }
  | { kind: "event"; event: QueueEvent }
  | { kind: "cancelling"; id: string; on: boolean }
  | { kind: "cancelled"; run: RunSummary }
  | { kind: "follow"; id: string }
  | { kind: "clear" }
  | { kind: "concurrency"; runs: number };

/** What the queue starts as: empty, one run at a time (the backend's default). */
export const initialQueue: QueueState = {
  runs: {},
  order: [],
  followed: null,
  changes: 0,
  stored: 0,
  concurrency: 1,
  refused: null,
};

/** Whether a run has ended (finished, failed or cancelled). */
export function hasEnded(status: QueueStatus): boolean {
  return status !== "queued" && status !== "running";
}

/** A queue status from a run's (`interrupted`, which the queue never sends, reads as failed). */
function queueStatus(status: string): QueueStatus {
  return (QUEUE_STATUSES as readonly string[]).includes(status) ? (status as QueueStatus) : "failed";
}

function whatOf(run: RunSummary): RunWhat {
  return { dataset: run.dataset, target: run.target, family: run.family, params: run.params };
}

function blank(id: string): QueuedRun {
  return { id, what: null, status: "queued", iterations: [], model: null, error: null, cancelling: false };
}

/** `state` with the run `id` (a blank one when new) changed by `change`, and listed. */
function withRun(state: QueueState, id: string, change: (run: QueuedRun) => QueuedRun): QueueState {
  const run = change(state.runs[id] ?? blank(id));
  return {
    ...state,
    runs: { ...state.runs, [id]: run },
    order: state.order.includes(id) ? state.order : [...state.order, id],
  };
}

/** Whether the run `id` is known and has ended. */
function endedAlready(state: QueueState, id: string): boolean {
  const run = state.runs[id];
  return run !== undefined && hasEnded(run.status);
}

/** `state` with the run `id` ended as `status` (nothing when it already had ended). */
function ended(state: QueueState, id: string, status: QueueStatus, model: string | null, error: string | null): QueueState {
  if (endedAlready(state, id)) return state;
  const next = withRun(state, id, (run) => ({ ...run, status, model, error, cancelling: false }));
  return { ...next, changes: state.changes + 1, stored: state.stored + (status === "finished" ? 1 : 0) };
}

function onEvent(state: QueueState, event: QueueEvent): QueueState {
  const id = event.runId;
  switch (event.kind) {
    case "started":
      if (endedAlready(state, id)) return state;
      return { ...withRun(state, id, (run) => ({ ...run, status: "running" })), changes: state.changes + 1 };
    case "iteration":
      if (endedAlready(state, id)) return state;
      return withRun(state, id, (run) => ({ ...run, status: "running", iterations: [...run.iterations, event.iteration] }));
    case "ended":
      return ended(state, id, queueStatus(event.status), event.model ?? null, event.error ?? null);
  }
}

export function reduceQueue(state: QueueState, action: QueueAction): QueueState {
  switch (action.kind) {
    case "queued": {
      const next = withRun(state, action.id, (run) => ({ ...run, what: action.what }));
      return { ...next, followed: action.id, changes: state.changes + 1, refused: null };
    }
    case "refused":
      return { ...state, refused: action.error };
    case "found": {
      // Runs waiting or training when the project opened join the list (oldest first); known runs
      // the events told of first get their description.
      const runs = { ...state.runs };
      const added: string[] = [];
      for (const r of [...action.runs].reverse()) {
        if (r.searchTrial !== null) continue;
        const known = runs[r.id];
        if (known) {
          if (known.what === null) runs[r.id] = { ...known, what: whatOf(r) };
        } else if (!hasEnded(queueStatus(r.status))) {
          runs[r.id] = { ...blank(r.id), what: whatOf(r), status: queueStatus(r.status) };
          added.push(r.id);
        }
      }
      return { ...state, runs, order: [...added, ...state.order] };
    }
    case "event":
      return onEvent(state, action.event);
    case "cancelling": {
      const run = state.runs[action.id];
      if (!run || (action.on && hasEnded(run.status))) return state;
      return withRun(state, action.id, (r) => ({ ...r, cancelling: action.on }));
    }
    case "cancelled": {
      // What cancel_run answered: a run that has ended by then ends here too (its event may come later).
      const { run } = action;
      const status = queueStatus(run.status);
      return hasEnded(status) ? ended(state, run.id, status, run.model, run.error) : state;
    }
    case "follow":
      return state.runs[action.id] ? { ...state, followed: action.id } : state;
    case "clear": {
      // Ended runs leave the list; the followed one stays behind it for its result.
      const order = state.order.filter((id) => !endedAlready(state, id));
      const keep = new Set(order);
      if (state.followed !== null) keep.add(state.followed);
      const runs = Object.fromEntries(Object.entries(state.runs).filter(([id]) => keep.has(id)));
      return { ...state, runs, order };
    }
    case "concurrency":
      return { ...state, concurrency: action.runs };
  }
}

/** The queue and what can be done with it. */
export type RunQueue = {
  queue: QueueState;
  /** Queues a training (`dataset`: how the list names its dataset); resolves once it is queued or refused. */
  queueTraining: (request: TrainRequest, dataset: string) => Promise<void>;
  cancelRun: (id: string) => Promise<void>;
  /** Makes the learning curve and the result follow the run `id`. */
  followRun: (id: string) => void;
  /** Takes the ended runs off the list. */
  clearEnded: () => void;
  /** Sets how many runs train at once (the panel shows the new number once the backend took it). */
  setConcurrency: (runs: number) => Promise<void>;
};

/**
 * The run queue of the open project: listens to the queue's events while mounted, lists the runs
 * already waiting or training, and sets the backend to the concurrency it shows.
 */
export function useRunQueue(): RunQueue {
  const [queue, dispatch] = useReducer(reduceQueue, initialQueue);
  const onEventCb = useCallback((event: QueueEvent) => dispatch({ kind: "event", event }), []);
  useBackendEvent(onRunQueueEvent, onEventCb);

  useEffect(() => {
    api.listRuns(null).then(
      (runs) => dispatch({ kind: "found", runs }),
      () => {
        // The list then shows only the runs queued from now on.
      },
    );
    // The backend has no getter: it is told the concurrency the panel shows.
    api.setQueueConcurrency(initialQueue.concurrency).catch(() => {});
  }, []);

  const queueTraining = useCallback(async (request: TrainRequest, dataset: string) => {
    try {
      const id = await api.queueTraining(request);
      dispatch({ kind: "queued", id, what: { dataset, target: request.target, family: request.family ?? "gbdt", params: request.params } });
    } catch (e) {
      dispatch({ kind: "refused", error: toFailure(e) });
    }
  }, []);

  const cancelRun = useCallback(async (id: string) => {
    dispatch({ kind: "cancelling", id, on: true });
    try {
      dispatch({ kind: "cancelled", run: await api.cancelRun(id) });
    } catch {
      // The run ended meanwhile (its event says how) or is gone: Cancel can be pressed again.
      dispatch({ kind: "cancelling", id, on: false });
    }
  }, []);

  const followRun = useCallback((id: string) => dispatch({ kind: "follow", id }), []);
  const clearEnded = useCallback(() => dispatch({ kind: "clear" }), []);

  const setConcurrency = useCallback(async (runs: number) => {
    try {
      await api.setQueueConcurrency(runs);
      dispatch({ kind: "concurrency", runs });
    } catch {
      // The queue keeps its concurrency, and the panel shows it still.
    }
  }, []);

  return useMemo(
    () => ({ queue, queueTraining, cancelRun, followRun, clearEnded, setConcurrency }),
    [queue, queueTraining, cancelRun, followRun, clearEnded, setConcurrency],
  );
}
