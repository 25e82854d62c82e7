import { useCallback, useState } from "react";
import { toFailure, type ApiFailure } from "../lib/api";
import { useAlive } from "./useAlive";

/**
 * A write the user starts (save, reply, approve): whether it is running, and why the last one
 * failed. `run` resolves to whether `work` succeeded; `work` does its own follow-up on success.
 */
export function useAction(): {
  busy: boolean;
  error: ApiFailure | null;
  run: (work: () => Promise<void>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const alive = useAlive();

  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (e) {
        if (alive.current) setError(toFailure(e));
        return false;
      } finally {
        if (alive.current) setBusy(false);
      }
    },
    [alive],
  );

  return { busy, error, run };
}
