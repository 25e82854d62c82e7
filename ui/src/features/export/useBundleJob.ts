// Previewing or exporting a model bundle: one job at a time, with its progress and Cancel.
import { useCallback, useState } from "react";
import { useAlive } from "../../components/useAlive";
import {
  api,
  toFailure,
  type ApiFailure,
  type BundleOptions,
  type BundlePreview,
  type ExplainProgress,
  type ExportedBundle,
} from "../../lib/api";

export type BundleAction = "preview" | "export";

export type BundleJob =
  | { kind: "idle" }
  | { kind: "running"; action: BundleAction; progress: ExplainProgress | null; cancelling: boolean }
  | { kind: "exported"; bundle: ExportedBundle }
  | { kind: "failed"; action: BundleAction; error: ApiFailure }
  | { kind: "cancelled"; action: BundleAction };

/** The last preview, of the model named `model`. */
export type ShownPreview = { model: string; preview: BundlePreview };

/**
 * The bundle job and the last preview (kept while an export runs, dropped by `forget` when the
 * options change). `start` does nothing while a job runs.
 */
export function useBundleJob() {
  const [job, setJob] = useState<BundleJob>({ kind: "idle" });
  const [preview, setPreview] = useState<ShownPreview | null>(null);
  const alive = useAlive();
  const running = job.kind === "running";

  const start = useCallback(
    (action: BundleAction, model: { id: string; name: string }, options: BundleOptions) => {
      if (running) return;
      setJob({ kind: "running", action, progress: null, cancelling: false });
      const onProgress = (progress: ExplainProgress) =>
        alive.current && setJob((s) => (s.kind === "running" ? { ...s, progress } : s));
      const failed = (e: unknown) => {
        if (!alive.current) return;
        const error = toFailure(e);
        setJob(error.code === "cancelled" ? { kind: "cancelled", action } : { kind: "failed", action, error });
      };
      if (action === "preview") {
        setPreview(null);
        api.previewModelBundle(model.id, options, onProgress).then((p) => {
          if (!alive.current) return;
          setPreview({ model: model.name, preview: p });
          setJob({ kind: "idle" });
        }, failed);
      } else {
        api.exportModelBundle(model.id, options, onProgress).then(
          (bundle) => alive.current && setJob({ kind: "exported", bundle }),
          failed,
        );
      }
    },
    [alive, running],
  );

  const cancel = useCallback(async () => {
    setJob((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The job's own result reports what happened.
    }
  }, []);

  /** The options changed: the preview and the last outcome no longer describe them. */
  const forget = useCallback(() => {
    setPreview(null);
    setJob((s) => (s.kind === "running" ? s : { kind: "idle" }));
  }, []);

  return { job, preview, start, cancel, forget };
}
