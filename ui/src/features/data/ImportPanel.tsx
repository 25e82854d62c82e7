import { useState } from "react";
import { useT } from "../../i18n";
import { PathField } from "../../components/PathField";
import { basename } from "../../components/DropNotice";
import { ErrorMessage } from "../../components/ErrorMessage";
import { CheckIcon, CloseIcon, WarningIcon } from "../../components/icons";
import { fractionOf, ProgressBar } from "../../components/JobProgress";
import { TextField } from "../../components/TextField";
import { usePathImportForm } from "../../components/usePathImportForm";
import { formatBytes, formatCount } from "./format";
import { useDataStore, type ImportState } from "./dataStore";

/** Path + optional name form; a file chosen with Browse… is imported at once, as a dropped one is. */
export function ImportForm() {
  const { t } = useT();
  const { importState, startImport } = useDataStore();
  const form = usePathImportForm(startImport);
  const [pickError, setPickError] = useState<unknown>(null);
  const running = importState.kind === "running";

  return (
    <>
      <form className="import-form" aria-label={t("data.import.title")} onSubmit={form.submit}>
        <PathField
          className="import-path"
          label={t("data.import.path")}
          value={form.path}
          onChange={form.setPath}
          placeholder={t("data.import.pathPlaceholder")}
          testId="import-path"
          kind="data_file"
          browseTitle={t("data.import.browseTitle")}
          onPick={form.choose}
          onError={setPickError}
          disabled={running}
          browseTestId="import-browse"
        />
        <TextField
          className="import-name"
          label={t("data.import.name")}
          value={form.name}
          onChange={form.setName}
          placeholder={t("data.import.namePlaceholder")}
          spellCheck={false}
          testId="import-name"
        />
        <button type="submit" className="button primary" disabled={running || !form.ready} data-testid="import-submit">
          {t("data.import.submit")}
        </button>
      </form>
      {pickError !== null && <ErrorMessage error={pickError} />}
    </>
  );
}

/** Progress, result, error or cancellation of the latest import. */
export function ImportStatus() {
  const { importState, cancelImport, dismissImport } = useDataStore();
  if (importState.kind === "idle") return null;
  return <ImportStatusView state={importState} onCancel={cancelImport} onDismiss={dismissImport} />;
}

export function ImportStatusView({
  state,
  onCancel,
  onDismiss,
}: {
  state: Exclude<ImportState, { kind: "idle" }>;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  const { t, locale } = useT();
  const file = basename(state.path);
  const dismiss = (
    <button type="button" className="icon-button" onClick={onDismiss} aria-label={t("data.import.dismiss")} title={t("data.import.dismiss")}>
      <CloseIcon size={14} />
    </button>
  );

  if (state.kind === "running") {
    const p = state.progress;
    const fraction = p ? fractionOf(p.done, p.total) : null;
    const bytes = p
      ? p.total
        ? t("data.import.progressBytes", { done: formatBytes(p.done, t, locale), total: formatBytes(p.total, t, locale) })
        : t("data.import.progressBytesUnknown", { done: formatBytes(p.done, t, locale) })
      : "";
    return (
      <div className="import-status import-running" role="status" data-testid="import-progress">
        <div className="import-status-line">
          <span className="import-status-title">{t("data.import.running", { name: file })}</span>
          <span className="muted small import-progress-text">
            {bytes}
            {p && ` · ${t("data.import.progressRows", { rows: formatCount(p.rows, locale) })}`}
          </span>
          <button type="button" className="button small-button" onClick={onCancel} disabled={state.cancelling} data-testid="import-cancel">
            {state.cancelling ? t("data.import.cancelling") : t("data.import.cancel")}
          </button>
        </div>
        <ProgressBar fraction={fraction} label={t("data.import.running", { name: file })} />
      </div>
    );
  }

  if (state.kind === "cancelled") {
    return (
      <div className="import-status import-cancelled" role="status" data-testid="import-cancelled">
        <span className="muted">{t("data.import.cancelled", { name: file })}</span>
        {dismiss}
      </div>
    );
  }

  if (state.kind === "failed") {
    return (
      <div className="import-status import-failed" role="alert" data-testid="import-error" title={t("error.code", { code: state.error.code })}>
        <WarningIcon size={15} />
        <div className="import-status-body">
          <div className="import-status-title">{t("data.import.failed", { name: file })}</div>
          <div className="import-error-message">
            {state.error.code === "unavailable" ? t("error.unavailable") : state.error.message}
          </div>
        </div>
        {dismiss}
      </div>
    );
  }

  const { dataset, warnings, skippedRows, dialect } = state.summary;
  return (
    <div className="import-status import-done" role="status" data-testid="import-summary">
      <CheckIcon size={15} />
      <div className="import-status-body">
        <div className="import-status-title">{t("data.import.done", { name: dataset.name, version: dataset.version })}</div>
        <div className="muted small">
          {t("data.import.shape", { rows: formatCount(dataset.rows, locale), columns: formatCount(dataset.columns.length, locale) })}
          {skippedRows > 0 && ` · ${t("data.import.skipped", { count: formatCount(skippedRows, locale) })}`}
        </div>
        {dialect && <div className="muted small">{t("data.import.dialect", { dialect })}</div>}
        {warnings.length > 0 && (
          <details className="import-warnings" open={warnings.length <= 3}>
            <summary>
              {t("data.import.warnings")} <span className="badge warning">{formatCount(warnings.length, locale)}</span>
            </summary>
            <ul>
              {warnings.map((w, i) => (
                <li key={i} data-testid="import-warning">
                  <span className="badge warning">{t("data.import.warningCount", { count: formatCount(w.count, locale) })}</span>{" "}
                  {w.message}
                  {w.firstLine !== null && <span className="muted"> · {t("data.import.warningLine", { line: formatCount(w.firstLine, locale) })}</span>}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      {dismiss}
    </div>
  );
}
