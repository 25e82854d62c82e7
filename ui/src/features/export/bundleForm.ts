// The Export panel's bundle options as typed, and what they ask of the backend.
import type { MessageKey } from "../../i18n";
import { MAX_ROW_WINDOW, type BundleOptions } from "../../lib/api";

/** Sample rows the card carries unless told (the backend's default). */
export const DEFAULT_SAMPLE_ROWS = 5;
/** Rows explained for the SHAP summary unless told (the backend's default). */
export const DEFAULT_SHAP_ROWS = 500;
const MAX_ROWS = 4_294_967_295;

/** The form as typed: numbers stay strings until sent; `model` "" is the newest model. */
export type BundleForm = {
  model: string;
  license: string;
  sampleRows: string;
  includePersonalData: boolean;
  shapRows: string;
};

export const DEFAULT_BUNDLE_FORM: BundleForm = {
  model: "",
  license: "",
  sampleRows: String(DEFAULT_SAMPLE_ROWS),
  includePersonalData: false,
  shapRows: String(DEFAULT_SHAP_ROWS),
};

export type ParsedBundleForm = { ok: true; options: BundleOptions } | { ok: false; problem: MessageKey };

/** A whole number typed in a field (NaN when blank or not one). */
function whole(text: string): number {
  const n = Number(text.trim() === "" ? Number.NaN : text);
  return Number.isInteger(n) ? n : Number.NaN;
}

/** Checks the options and turns them into the backend's (a blank license: `unknown`; SHAP rows 0: no SHAP). */
export function parseBundleForm(form: BundleForm): ParsedBundleForm {
  const sampleRows = whole(form.sampleRows);
  if (!(sampleRows >= 0 && sampleRows <= MAX_ROW_WINDOW)) return { ok: false, problem: "export.invalid.sampleRows" };
  const shapRows = whole(form.shapRows);
  if (!(shapRows >= 0 && shapRows <= MAX_ROWS)) return { ok: false, problem: "export.invalid.shapRows" };
  const license = form.license.trim();
  return {
    ok: true,
    options: {
      license: license === "" ? null : license,
      sampleRows,
      includePersonalData: form.includePersonalData,
      shapRows,
      shapSampleRows: null,
    },
  };
}
