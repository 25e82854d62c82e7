import type { FormEvent } from "react";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useT } from "../../i18n";
import type { BundleOptions, ModelInfo } from "../../lib/api";
import { familyLabel } from "../models/labels";
import { parseBundleForm, type BundleForm } from "./bundleForm";
import type { BundleAction } from "./useBundleJob";

/**
 * Which model, and what its bundle carries besides it: license, sample rows (personal data left
 * out unless ticked), SHAP rows. Preview submits the form; Export bundle writes it.
 */
export function BundleOptionsForm({
  models,
  model,
  form,
  busy,
  onChange,
  onRun,
}: {
  models: ModelInfo[];
  /** The model chosen (the form's, else the newest). */
  model: ModelInfo;
  form: BundleForm;
  busy: boolean;
  onChange: (patch: Partial<BundleForm>) => void;
  onRun: (action: BundleAction, options: BundleOptions) => void;
}) {
  const { t } = useT();
  const parsed = parseBundleForm(form);

  function run(action: BundleAction) {
    if (parsed.ok && !busy) onRun(action, parsed.options);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    run("preview");
  }

  return (
    <form className="explain-form" aria-label={t("export.formTitle")} onSubmit={submit} data-testid="bundle-form">
      <h2 className="section-title">{t("export.formTitle")}</h2>
      <fieldset className="export-fieldset" disabled={busy}>
        <SelectField label={t("export.model")} value={model.id} onChange={(v) => onChange({ model: v })} testId="bundle-model">
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {t("export.modelOption", { name: m.name, family: familyLabel(m.summary.family, t) })}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("export.license")}
          value={form.license}
          onChange={(v) => onChange({ license: v })}
          placeholder={t("export.licensePlaceholder")}
          spellCheck={false}
          testId="bundle-license"
        />
        <div className="explain-form-row">
          <TextField
            label={t("export.sampleRows")}
            value={form.sampleRows}
            onChange={(v) => onChange({ sampleRows: v })}
            inputMode="numeric"
            testId="bundle-sample-rows"
          />
          <TextField
            label={t("export.shapRows")}
            value={form.shapRows}
            onChange={(v) => onChange({ shapRows: v })}
            inputMode="numeric"
            testId="bundle-shap-rows"
          />
        </div>
        <label className="check-field">
          <input
            type="checkbox"
            checked={form.includePersonalData}
            onChange={(e) => onChange({ includePersonalData: e.target.checked })}
            data-testid="bundle-personal-data"
          />
          <span>{t("export.includePersonalData")}</span>
        </label>
        <p className="muted small">{t("export.shapHelp")}</p>
      </fieldset>
      {!parsed.ok && (
        <p className="explain-invalid" data-testid="bundle-invalid">
          {t(parsed.problem)}
        </p>
      )}
      <div className="explain-actions export-actions">
        <button type="submit" className="button" disabled={!parsed.ok || busy} data-testid="bundle-preview">
          {t("export.preview")}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!parsed.ok || busy}
          onClick={() => run("export")}
          data-testid="bundle-export"
        >
          {t("export.export")}
        </button>
      </div>
    </form>
  );
}
