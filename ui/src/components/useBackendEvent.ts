import { useEffect } from "react";
import type { Unlisten } from "../lib/api";

/**
 * Listens to a backend event while mounted: `listen` is one of lib/api's `on…` functions, `cb`
 * gets each payload (keep it stable: a new one listens again).
 */
export function useBackendEvent<T>(listen: (cb: (payload: T) => void) => Promise<Unlisten>, cb: (payload: T) => void) {
  useEffect(() => {
    let unlisten: Unlisten | null = null;
    let live = true;
    void listen(cb).then((fn) => {
      if (live) unlisten = fn;
      else fn();
    });
    return () => {
      live = false;
      unlisten?.();
    };
  }, [listen, cb]);
}
