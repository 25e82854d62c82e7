import type { FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useT, type TFunction } from "../../i18n";
import type { ModelInfo, Section, Theme, WrittenReport } from "../../lib/api";
import { formatBytes } from "../data/format";
import { BundleProgress } from "./BundleProgress";
import {
  parseReportForm,
  REPORT_SECTIONS,
  REPORT_THEMES,
  SECTION_LABELS,
  THEME_LABELS,
  type ReportFormState,
  type ReportRequest,
} from "./reportOptions";
import { jobAction, type BundleJob } from "./useBundleJob";

/**
 * The chosen model's report: which sections, which colours, which SHAP sample rows get a
 * waterfall, HTML and/or PDF. Write report writes it to the project's `exports/`; while it runs
 * (or any other export job does) the form waits, and the report's progress, Cancel and outcome
 * show under it.
 */
export function ReportForm({
  model,
  form,
  job,
  onChange,
  onRun,
  onCancel,
}: {
  /** The model chosen in the bundle form. */
  model: ModelInfo;
  form: ReportFormState;
  /** The panel's export job (only a report job's progress and outcome show here). */
  job: BundleJob;
  onChange: (patch: Partial<ReportFormState>) => void;
  onRun: (request: ReportRequest) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const parsed = parseReportForm(form);
  const busy = job.kind === "running";

  function submit(e: FormEvent) {
    e.preventDefault();
    if (parsed.ok && !busy) onRun(parsed.request);
  }

  function toggle(section: Section, on: boolean) {
    onChange({ sections: on ? [...form.sections, section] : form.sections.filter((s) => s !== section) });
  }

  return (
    <form className="explain-form export-report" aria-label={t("export.report.title")} onSubmit={submit} data-testid="report-form">
      <h2 className="section-title">{t("export.report.title")}</h2>
      <p className="muted small">{t("export.report.of", { model: model.name })}</p>
      <fieldset className="export-fieldset" disabled={busy}>
        <fieldset className="models-fieldset">
          <legend>{t("export.report.sections")}</legend>
          {REPORT_SECTIONS.map((section) => (
            <label className="check-field" key={section}>
              <input
                type="checkbox"
                checked={form.sections.includes(section)}
                onChange={(e) => toggle(section, e.target.checked)}
                data-testid={`report-section-${section}`}
              />
              <span>{t(SECTION_LABELS[section])}</span>
            </label>
          ))}
        </fieldset>
        <SelectField label={t("export.report.theme")} value={form.theme} onChange={(v) => onChange({ theme: v as Theme })} testId="report-theme">
          {REPORT_THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(THEME_LABELS[theme])}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("export.report.rows")}
          value={form.rows}
          onChange={(v) => onChange({ rows: v })}
          placeholder={t("export.report.rowsPlaceholder")}
          inputMode="numeric"
          spellCheck={false}
          testId="report-rows"
        />
        <p className="muted small">{t("export.report.rowsHelp")}</p>
        <fieldset className="models-fieldset">
          <legend>{t("export.report.formats")}</legend>
          <label className="check-field">
            <input type="checkbox" checked={form.html} onChange={(e) => onChange({ html: e.target.checked })} data-testid="report-html" />
            <span>{t("export.report.html")}</span>
          </label>
          <label className="check-field">
            <input type="checkbox" checked={form.pdf} onChange={(e) => onChange({ pdf: e.target.checked })} data-testid="report-pdf" />
            <span>{t("export.report.pdf")}</span>
          </label>
        </fieldset>
        <p className="muted small">{t("export.report.hint")}</p>
      </fieldset>
      {!parsed.ok && (
        <p className="explain-invalid" data-testid="report-invalid">
          {t(parsed.problem)}
        </p>
      )}
      <div className="explain-actions export-actions">
        <button type="submit" className="button primary" disabled={!parsed.ok || busy} data-testid="report-write">
          {t("export.report.write")}
        </button>
      </div>
      {jobAction(job) === "report" && <ReportOutcome job={job} onCancel={onCancel} />}
    </form>
  );
}

/** The report job's progress, or how it ended. */
function ReportOutcome({ job, onCancel }: { job: BundleJob; onCancel: () => void }) {
  const { t, locale } = useT();
  switch (job.kind) {
    case "running":
      return <BundleProgress action="report" progress={job.progress} cancelling={job.cancelling} onCancel={onCancel} />;
    case "reported":
      return (
        <p className="export-done" role="status" data-testid="report-written">
          {writtenText(job.report, t, locale)}
        </p>
      );
    case "failed":
      return (
        <div data-testid="report-error">
          <ErrorMessage error={job.error} />
        </div>
      );
    case "cancelled":
      return (
        <p className="muted" data-testid="report-cancelled">
          {t("export.report.cancelled")}
        </p>
      );
    default:
      return null;
  }
}

/** "Wrote <path> (118 KB) and <path> (205 KB)." */
function writtenText(report: WrittenReport, t: TFunction, locale: string): string {
  const file = ([path, bytes]: [string, number]) => t("export.report.file", { path, size: formatBytes(bytes, t, locale) });
  const files = [report.html, report.pdf].filter((f): f is [string, number] => f !== null).map(file);
  if (files.length === 2) return t("export.report.writtenBoth", { html: files[0]!, pdf: files[1]! });
  if (files.length === 1) return t("export.report.written", { file: files[0]! });
  return t("export.report.writtenNone");
}
