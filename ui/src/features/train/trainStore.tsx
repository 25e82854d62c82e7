// The run queue and the running (or last) model search of the open project. Lives above the panels
// (the workspace shell provides it) so switching to another panel keeps the queue, the followed
// run's learning curve, the search's trials so far, Cancel and, once a job ends, its result for
// when the user comes back.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, toFailure, type ApiFailure, type SearchRequest, type SearchSummary, type TrialInfo } from "../../lib/api";
import { useRunQueue, type RunQueue } from "./runQueue";

/**
 * A long job and what it streamed so far (`progress`): running (since `startedAt`, ms since
 * 1970), done with its outcome, failed, or cancelled. `id` tells one job from the next.
 */
export type JobState<R, P, O> =
  | { kind: "idle" }
  | { kind: "running"; id: number; request: R; progress: P[]; startedAt: number; cancelling: boolean }
  | { kind: "done"; id: number; request: R; progress: P[]; outcome: O }
  | { kind: "failed"; id: number; request: R; progress: P[]; error: ApiFailure }
  | { kind: "cancelled"; id: number; request: R; progress: P[] };

/** A model search: its trials stream in. */
export type SearchState = JobState<SearchRequest, TrialInfo, SearchSummary>;

/** The id of the job that ended last (0 while none has): changes each time one finishes, fails or is cancelled. */
export function endedId(state: JobState<unknown, unknown, unknown>): number {
  return state.kind === "idle" || state.kind === "running" ? 0 : state.id;
}

type Job<R, P, O> = {
  state: JobState<R, P, O>;
  /** Starts the job; returns false (and does nothing) while it runs. */
  start: (request: R) => boolean;
  cancel: () => Promise<void>;
};

/** One kind of job (`run` calls the backend, streaming to `onProgress`); results arriving after the owner unmounts are dropped. */
function useJob<R, P, O>(run: (request: R, onProgress: (p: P) => void) => Promise<O>): Job<R, P, O> {
  const [state, setState] = useState<JobState<R, P, O>>({ kind: "idle" });
  const running = useRef(false);
  const nextId = useRef(1);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const start = useCallback(
    (request: R) => {
      if (running.current) return false;
      running.current = true;
      const id = nextId.current++;
      setState({ kind: "running", id, request, progress: [], startedAt: Date.now(), cancelling: false });
      const onProgress = (p: P) => {
        if (!alive.current) return;
        setState((s) => (s.kind === "running" && s.id === id ? { ...s, progress: [...s.progress, p] } : s));
      };
      const streamed = (s: JobState<R, P, O>) => (s.kind !== "idle" && s.id === id ? s.progress : []);
      run(request, onProgress).then(
        (outcome) => {
          running.current = false;
          if (!alive.current) return;
          setState((s) => ({ kind: "done", id, request, progress: streamed(s), outcome }));
        },
        (e: unknown) => {
          running.current = false;
          if (!alive.current) return;
          const error = toFailure(e);
          setState((s) =>
            error.code === "cancelled"
              ? { kind: "cancelled", id, request, progress: streamed(s) }
              : { kind: "failed", id, request, progress: streamed(s), error },
          );
        },
      );
      return true;
    },
    [run],
  );

  const cancel = useCallback(async () => {
    setState((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The job's own result reports what happened.
    }
  }, []);

  return useMemo(() => ({ state, start, cancel }), [state, start, cancel]);
}

/** The run queue (trainings) and the model search. */
export type TrainStore = RunQueue & {
  search: SearchState;
  /** Starts a model search; returns false (and does nothing) while another one runs. */
  startSearch: (request: SearchRequest) => boolean;
  cancelSearch: () => Promise<void>;
};

/** The store's state and actions. */
export function useTrainStoreState(): TrainStore {
  const runs = useRunQueue();
  const search = useJob(api.searchModels);
  return useMemo(
    () => ({ ...runs, search: search.state, startSearch: search.start, cancelSearch: search.cancel }),
    [runs, search],
  );
}

const TrainStoreContext = createContext<TrainStore | null>(null);

/** Holds the run queue and the search state for everything below it (mount it once per open project). */
export function TrainStoreProvider({ children }: { children: ReactNode }) {
  const store = useTrainStoreState();
  return <TrainStoreContext.Provider value={store}>{children}</TrainStoreContext.Provider>;
}

export function useTrainStore(): TrainStore {
  const store = useContext(TrainStoreContext);
  if (!store) throw new Error("useTrainStore outside TrainStoreProvider");
  return store;
}
