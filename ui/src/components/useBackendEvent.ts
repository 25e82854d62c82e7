import { useEffect } from "react";
import type { Unlisten } from "../lib/api";

/** Stops listening; a failure there (the event system already torn down, as when the window closes) is moot. */
function stop(unlisten: Unlisten) {
  void Promise.resolve()
    .then(() => unlisten())
    .catch(() => undefined);
}

/**
 * Listens to a backend event while mounted: `listen` is one of lib/api's `on…` functions, `cb`
 * gets each payload (keep it stable: a new one listens again).
 */
export function useBackendEvent<T>(listen: (cb: (payload: T) => void) => Promise<Unlisten>, cb: (payload: T) => void) {
  useEffect(() => {
    let unlisten: Unlisten | null = null;
    let live = true;
    listen(cb)
      .then((fn) => {
        if (live) unlisten = fn;
        else stop(fn);
      })
      // Listening can only fail while the window goes away: nothing is left to update.
      .catch(() => undefined);
    return () => {
      live = false;
      if (unlisten) stop(unlisten);
    };
  }, [listen, cb]);
}
