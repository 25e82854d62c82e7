import { useCallback, useEffect, useRef, useState } from "react";
import { toFailure, type ApiFailure } from "../lib/api";

export type LoadState<T> = { kind: "loading" } | { kind: "loaded"; value: T } | { kind: "failed"; error: ApiFailure };

/**
 * What `load` answers: loaded on mount and again whenever `load` changes (memoise it with the
 * arguments it uses). `reload` asks again and keeps showing the last answer meanwhile; `set`
 * replaces it (with what a write returned); `update` changes the answer shown, if any, in place
 * (a call still running still replaces it). Only the newest call's answer is kept, and none after
 * unmount.
 */
export function useLoaded<T>(load: () => Promise<T>): {
  state: LoadState<T>;
  reload: () => Promise<void>;
  set: (value: T) => void;
  update: (change: (value: T) => T) => void;
} {
  const [state, setState] = useState<LoadState<T>>({ kind: "loading" });
  const latest = useRef(0);

  const run = useCallback(async () => {
    const call = ++latest.current;
    try {
      const value = await load();
      if (call === latest.current) setState({ kind: "loaded", value });
    } catch (e) {
      if (call === latest.current) setState({ kind: "failed", error: toFailure(e) });
    }
  }, [load]);

  useEffect(() => {
    setState({ kind: "loading" });
    void run();
    return () => {
      // Drops the answer of a call still running (unmount, or `load` changed).
      latest.current++;
    };
  }, [run]);

  const set = useCallback((value: T) => {
    latest.current++;
    setState({ kind: "loaded", value });
  }, []);

  const update = useCallback((change: (value: T) => T) => {
    setState((s) => (s.kind === "loaded" ? { kind: "loaded", value: change(s.value) } : s));
  }, []);

  return { state, reload: run, set, update };
}
