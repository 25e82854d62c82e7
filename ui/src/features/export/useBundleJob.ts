// Previewing or exporting a model bundle, or writing a model report: one job at a time (the
// backend runs one long job and `cancel_job` stops it), with its progress and Cancel.
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
  type WrittenReport,
} from "../../lib/api";
import type { ReportRequest } from "./reportOptions";

export type BundleAction = "preview" | "export";
/** What a job does: a bundle action, or writing the report. */
export type JobAction = BundleAction | "report";

export type BundleJob =
  | { kind: "idle" }
  | { kind: "running"; action: JobAction; progress: ExplainProgress | null; cancelling: boolean }
  | { kind: "exported"; bundle: ExportedBundle }
  | { kind: "reported"; report: WrittenReport }
  | { kind: "failed"; action: JobAction; error: ApiFailure }
  | { kind: "cancelled"; action: JobAction };

/** The action a job ran (or runs), null while idle. */
export function jobAction(job: BundleJob): JobAction | null {
  switch (job.kind) {
    case "idle":
      return null;
    case "exported":
      return "export";
    case "reported":
      return "report";
    default:
      return job.action;
  }
}

/** The last preview, of the model named `model`. */
export type ShownPreview = { model: string; preview: BundlePreview };

type Model = { id: string; name: string };

/**
 * The export job and the last preview (kept while an export runs, dropped by `forget` when the
 * bundle options change). `start` and `startReport` do nothing while a job runs.
 */
export function useBundleJob() {
  const [job, setJob] = useState<BundleJob>({ kind: "idle" });
  const [preview, setPreview] = useState<ShownPreview | null>(null);
  const alive = useAlive();
  const running = job.kind === "running";

  /** Starts `work` as the job `action`: progress while it runs, then `done` or how it failed. */
  const launch = useCallback(
    <T,>(action: JobAction, work: (onProgress: (p: ExplainProgress) => void) => Promise<T>, done: (result: T) => void) => {
      setJob({ kind: "running", action, progress: null, cancelling: false });
      const onProgress = (progress: ExplainProgress) =>
        alive.current && setJob((s) => (s.kind === "running" ? { ...s, progress } : s));
      work(onProgress).then(
        (result) => alive.current && done(result),
        (e: unknown) => {
          if (!alive.current) return;
          const error = toFailure(e);
          setJob(error.code === "cancelled" ? { kind: "cancelled", action } : { kind: "failed", action, error });
        },
      );
    },
    [alive],
  );

  const start = useCallback(
    (action: BundleAction, model: Model, options: BundleOptions) => {
      if (running) return;
      if (action === "preview") {
        setPreview(null);
        launch(action, (onProgress) => api.previewModelBundle(model.id, options, onProgress), (p) => {
          setPreview({ model: model.name, preview: p });
          setJob({ kind: "idle" });
        });
      } else {
        launch(action, (onProgress) => api.exportModelBundle(model.id, options, onProgress), (bundle) =>
          setJob({ kind: "exported", bundle }),
        );
      }
    },
    [launch, running],
  );

  const startReport = useCallback(
    (model: Model, request: ReportRequest) => {
      if (running) return;
      launch(
        "report",
        (onProgress) => api.exportReport(model.id, request.options, request.html, request.pdf, onProgress),
        (report) => setJob({ kind: "reported", report }),
      );
    },
    [launch, running],
  );

  const cancel = useCallback(async () => {
    setJob((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The job's own result reports what happened.
    }
  }, []);

  /**
   * Options changed, so the outcome shown for them no longer describes them: `bundle` drops the
   * preview and a bundle job's outcome, `report` a report's, `all` both (another model).
   */
  const forget = useCallback((scope: "bundle" | "report" | "all") => {
    if (scope !== "report") setPreview(null);
    setJob((s) => {
      const action = jobAction(s);
      if (s.kind === "running" || action === null) return s;
      const isReport = action === "report";
      return scope === "all" || (scope === "report") === isReport ? { kind: "idle" } : s;
    });
  }, []);

  return { job, preview, start, startReport, cancel, forget };
}
