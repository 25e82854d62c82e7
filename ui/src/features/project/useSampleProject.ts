// Opening the sample project from the start screen: made on first use (a few seconds, with the
// step under way), cancellable, then opened like any other project.
import { useCallback, useState } from "react";
import { useAlive } from "../../components/useAlive";
import { useT } from "../../i18n";
import { api, toFailure, type ApiFailure, type ProjectSummary, type SampleProgress } from "../../lib/api";

/** Where opening the sample project stands. */
export type SampleState =
  | { kind: "idle" }
  /** `progress` is null until the first step is named. */
  | { kind: "running"; progress: SampleProgress | null; cancelling: boolean }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "cancelled" };

/**
 * Opens the sample project (its note written in the UI's language) and hands it to `onOpened`;
 * `cancel` stops the making, after which nothing is kept.
 */
export function useSampleProject(onOpened: (project: ProjectSummary) => void): {
  state: SampleState;
  open: () => void;
  cancel: () => void;
} {
  const { locale } = useT();
  const [state, setState] = useState<SampleState>({ kind: "idle" });
  const alive = useAlive();

  const open = useCallback(() => {
    setState({ kind: "running", progress: null, cancelling: false });
    const onProgress = (progress: SampleProgress) =>
      alive.current && setState((s) => (s.kind === "running" ? { ...s, progress } : s));
    api.openSampleProject(locale, onProgress).then(
      (project) => {
        if (alive.current) setState({ kind: "idle" });
        onOpened(project);
      },
      (e: unknown) => {
        if (!alive.current) return;
        const error = toFailure(e);
        setState(error.code === "cancelled" ? { kind: "cancelled" } : { kind: "failed", error });
      },
    );
  }, [locale, onOpened, alive]);

  const cancel = useCallback(() => {
    setState((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    // The opening's own answer says what happened.
    api.cancelJob().catch(() => {});
  }, []);

  return { state, open, cancel };
}
