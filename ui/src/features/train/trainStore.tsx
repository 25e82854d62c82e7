// The running (or last) training of the open project. Lives above the panels (the workspace
// shell provides it) so switching to another panel mid-training keeps the progress, the
// learning curve, Cancel and, once it ends, the result for when the user comes back.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, toFailure, type ApiFailure, type Iteration, type TrainOutcome, type TrainRequest } from "../../lib/api";

export type RunState =
  | { kind: "idle" }
  | { kind: "running"; id: number; iterations: Iteration[]; cancelling: boolean }
  | { kind: "done"; id: number; iterations: Iteration[]; outcome: TrainOutcome }
  | { kind: "failed"; id: number; iterations: Iteration[]; error: ApiFailure }
  | { kind: "cancelled"; id: number; iterations: Iteration[] };

export type TrainStore = {
  run: RunState;
  /** Starts a training; returns false (and does nothing) while another one runs. */
  startTraining: (request: TrainRequest) => boolean;
  cancelTraining: () => Promise<void>;
};

/** The store's state and actions; results arriving after the owner unmounts are dropped. */
export function useTrainStoreState(): TrainStore {
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const running = useRef(false);
  const nextId = useRef(1);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const startTraining = useCallback((request: TrainRequest) => {
    if (running.current) return false;
    running.current = true;
    const id = nextId.current++;
    setRun({ kind: "running", id, iterations: [], cancelling: false });
    const onProgress = (it: Iteration) => {
      if (!alive.current) return;
      setRun((s) => (s.kind === "running" && s.id === id ? { ...s, iterations: [...s.iterations, it] } : s));
    };
    api.trainModel(request, onProgress).then(
      (outcome) => {
        running.current = false;
        if (!alive.current) return;
        setRun((s) => ({ kind: "done", id, iterations: s.kind !== "idle" && s.id === id ? s.iterations : [], outcome }));
      },
      (e: unknown) => {
        running.current = false;
        if (!alive.current) return;
        const error = toFailure(e);
        setRun((s) => {
          const iterations = s.kind !== "idle" && s.id === id ? s.iterations : [];
          return error.code === "cancelled" ? { kind: "cancelled", id, iterations } : { kind: "failed", id, iterations, error };
        });
      },
    );
    return true;
  }, []);

  const cancelTraining = useCallback(async () => {
    setRun((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The training's own result reports what happened.
    }
  }, []);

  return useMemo(() => ({ run, startTraining, cancelTraining }), [run, startTraining, cancelTraining]);
}

const TrainStoreContext = createContext<TrainStore | null>(null);

/** Holds the training state for everything below it (mount it once per open project). */
export function TrainStoreProvider({ children }: { children: ReactNode }) {
  const store = useTrainStoreState();
  return <TrainStoreContext.Provider value={store}>{children}</TrainStoreContext.Provider>;
}

export function useTrainStore(): TrainStore {
  const store = useContext(TrainStoreContext);
  if (!store) throw new Error("useTrainStore outside TrainStoreProvider");
  return store;
}
