import { useEffect, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ExportIcon } from "../../components/icons";
import { useT } from "../../i18n";
import type { BundleOptions } from "../../lib/api";
import { useModelsStore } from "../models/modelsStore";
import { BundleImport } from "./BundleImport";
import { BundleOptionsForm } from "./BundleOptionsForm";
import { BundlePreviewView } from "./BundlePreviewView";
import { BundleProgress } from "./BundleProgress";
import { DEFAULT_BUNDLE_FORM, type BundleForm } from "./bundleForm";
import { ReportForm } from "./ReportForm";
import { DEFAULT_REPORT_FORM, type ReportFormState } from "./reportOptions";
import { jobAction, useBundleJob, type BundleAction, type BundleJob } from "./useBundleJob";

/**
 * Model bundles: preview what one will hold, write it to the project's `exports/`, or import one;
 * and the chosen model's report (HTML and/or PDF, also to `exports/`).
 */
export function ExportPanel() {
  const { t } = useT();
  const { models, refresh } = useModelsStore();
  const list = models.kind === "loaded" ? models.items : [];
  const [form, setForm] = useState<BundleForm>(DEFAULT_BUNDLE_FORM);
  const [reportForm, setReportForm] = useState<ReportFormState>(DEFAULT_REPORT_FORM);
  const { job, preview, start, startReport, cancel, forget } = useBundleJob();
  // The chosen model while it exists, else the newest (the list comes newest first).
  const model = list.find((m) => m.id === form.model) ?? list[0] ?? null;

  // On every visit: trainings and imports elsewhere add models meanwhile.
  useEffect(() => {
    void refresh();
  }, [refresh]);

  function change(patch: Partial<BundleForm>) {
    setForm((f) => ({ ...f, ...patch }));
    forget(patch.model !== undefined ? "all" : "bundle");
  }

  function changeReport(patch: Partial<ReportFormState>) {
    setReportForm((f) => ({ ...f, ...patch }));
    forget("report");
  }

  // The report's progress and outcome show in its form; a bundle job's here.
  const bundleJob = job.kind !== "idle" && jobAction(job) !== "report";

  function run(action: BundleAction, options: BundleOptions) {
    if (model) start(action, model, options);
  }

  return (
    <div className="explain-panel export-panel">
      <aside className="explain-form-column export-form-column">
        {models.kind === "loading" && <p className="muted small">{t("export.modelsLoading")}</p>}
        {models.kind === "failed" && <ErrorMessage error={models.error} />}
        {model && (
          <>
            <BundleOptionsForm models={list} model={model} form={form} busy={job.kind === "running"} onChange={change} onRun={run} />
            <ReportForm
              model={model}
              form={reportForm}
              job={job}
              onChange={changeReport}
              onRun={(request) => startReport(model, request)}
              onCancel={cancel}
            />
          </>
        )}
        <BundleImport />
      </aside>
      <section className="explain-main" aria-label={t("export.result")}>
        {models.kind === "loaded" && list.length === 0 ? (
          <EmptyState icon={<ExportIcon size={28} />} title={t("export.emptyTitle")} body={t("export.emptyBody")} />
        ) : (
          bundleJob && <JobOutcome job={job} onCancel={cancel} />
        )}
        {preview && <BundlePreviewView model={preview.model} preview={preview.preview} />}
        {!preview && !bundleJob && list.length > 0 && <p className="muted small">{t("export.idle")}</p>}
      </section>
    </div>
  );
}

/** The running bundle job's progress, or how the last one ended. */
function JobOutcome({ job, onCancel }: { job: BundleJob; onCancel: () => void }) {
  const { t } = useT();
  switch (job.kind) {
    case "idle":
    case "reported":
      return null;
    case "running":
      return <BundleProgress action={job.action} progress={job.progress} cancelling={job.cancelling} onCancel={onCancel} />;
    case "exported":
      return (
        <p className="export-done" role="status" data-testid="bundle-exported" title={job.bundle.path}>
          {t("export.exported", { path: job.bundle.path, entries: job.bundle.manifest.files.length })}
        </p>
      );
    case "failed":
      return (
        <div data-testid="bundle-error">
          <ErrorMessage error={job.error} />
        </div>
      );
    case "cancelled":
      return (
        <p className="muted" data-testid="bundle-cancelled">
          {t(job.action === "preview" ? "export.previewCancelled" : "export.exportCancelled")}
        </p>
      );
  }
}
