import { useState } from "react";
import { useT } from "../../i18n";
import { PathField } from "../../components/PathField";
import { basename } from "../../components/DropNotice";
import { ErrorMessage } from "../../components/ErrorMessage";
import { CheckIcon, CloseIcon, WarningIcon } from "../../components/icons";
import { fractionOf, ProgressBar } from "../../components/JobProgress";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { usePathImportForm } from "../../components/usePathImportForm";
import { formatBytes, formatCount } from "./format";
import { useDataStore, type ImportState } from "./dataStore";
import { DEFAULT_IMPORT_OPTIONS, importSettingsOf, type ImportOptions } from "./importOptions";

/**
 * Path + optional name form, with the importer's options folded away under it; a file chosen with
 * Browse… is imported at once, as a dropped one is. The options apply to Import and Browse… (a
 * dropped file is read with the defaults); malformed ones block both.
 */
export function ImportForm() {
  const { t } = useT();
  const { importState, startImport } = useDataStore();
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_IMPORT_OPTIONS);
  const parsed = importSettingsOf(options);
  const form = usePathImportForm((path, name) => parsed.ok && startImport(path, name, parsed.settings));
  const [pickError, setPickError] = useState<unknown>(null);
  const running = importState.kind === "running";

  return (
    <>
      <form className="import-form" aria-label={t("data.import.title")} onSubmit={form.submit}>
        <div className="import-row">
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
          <button type="submit" className="button primary" disabled={running || !form.ready || !parsed.ok} data-testid="import-submit">
            {t("data.import.submit")}
          </button>
        </div>
        <ImportOptionsFields
          options={options}
          onChange={(change) => setOptions((o) => ({ ...o, ...change }))}
          setCount={parsed.ok && parsed.settings ? Object.keys(parsed.settings).length : 0}
        />
        {!parsed.ok && (
          <p className="explain-invalid" role="alert" data-testid="import-options-invalid">
            {t(parsed.problem, parsed.vars)}
          </p>
        )}
      </form>
      {pickError !== null && <ErrorMessage error={pickError} />}
    </>
  );
}

/** The importer's options, in a disclosure (collapsed until opened). */
function ImportOptionsFields({
  options,
  onChange,
  setCount,
}: {
  options: ImportOptions;
  onChange: (change: Partial<ImportOptions>) => void;
  /** How many settings the options ask for (shown on the closed disclosure). */
  setCount: number;
}) {
  const { t } = useT();
  return (
    <details className="import-options" data-testid="import-options">
      <summary>
        {t("data.import.options")}
        {setCount > 0 && <span className="badge">{t("data.import.options.set", { count: setCount })}</span>}
      </summary>
      <div className="import-options-grid">
        <SelectField
          label={t("data.import.options.delimiter")}
          value={options.delimiter}
          onChange={(v) => onChange({ delimiter: v as ImportOptions["delimiter"] })}
          testId="import-delimiter"
        >
          <option value="">{t("data.import.options.detect")}</option>
          <option value=",">{t("data.import.options.comma")}</option>
          <option value=";">{t("data.import.options.semicolon")}</option>
          <option value="tab">{t("data.import.options.tab")}</option>
          <option value="|">{t("data.import.options.pipe")}</option>
        </SelectField>
        <SelectField
          label={t("data.import.options.header")}
          value={options.header}
          onChange={(v) => onChange({ header: v as ImportOptions["header"] })}
          testId="import-header"
        >
          <option value="">{t("data.import.options.detect")}</option>
          <option value="yes">{t("data.import.options.yes")}</option>
          <option value="no">{t("data.import.options.no")}</option>
        </SelectField>
        <SelectField
          label={t("data.import.options.encoding")}
          value={options.encoding}
          onChange={(v) => onChange({ encoding: v as ImportOptions["encoding"] })}
          testId="import-encoding"
        >
          <option value="">{t("data.import.options.detect")}</option>
          <option value="utf-8">{t("data.import.options.utf8")}</option>
          <option value="utf-16">{t("data.import.options.utf16")}</option>
          <option value="latin1">{t("data.import.options.latin1")}</option>
        </SelectField>
        <TextField
          label={t("data.import.options.missing")}
          value={options.missing}
          onChange={(missing) => onChange({ missing })}
          placeholder={t("data.import.options.missingPlaceholder")}
          spellCheck={false}
          testId="import-missing"
        />
        <TextField
          className="import-types"
          label={t("data.import.options.types")}
          value={options.types}
          onChange={(types) => onChange({ types })}
          placeholder={t("data.import.options.typesPlaceholder")}
          spellCheck={false}
          testId="import-types"
        />
        <TextField
          label={t("data.import.options.sheet")}
          value={options.sheet}
          onChange={(sheet) => onChange({ sheet })}
          placeholder={t("data.import.options.sheetPlaceholder")}
          spellCheck={false}
          testId="import-sheet"
        />
      </div>
      <div className="import-options-checks">
        <label className="check-field">
          <input
            type="checkbox"
            checked={options.decimalComma}
            onChange={(e) => onChange({ decimalComma: e.target.checked })}
            data-testid="import-decimal-comma"
          />
          <span>{t("data.import.options.decimalComma")}</span>
        </label>
        <label className="check-field">
          <input type="checkbox" checked={options.strict} onChange={(e) => onChange({ strict: e.target.checked })} data-testid="import-strict" />
          <span>{t("data.import.options.strict")}</span>
        </label>
        <span className="muted small">{t("data.import.options.strictHint")}</span>
      </div>
      <p className="muted small">{t("data.import.options.hint")}</p>
    </details>
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
