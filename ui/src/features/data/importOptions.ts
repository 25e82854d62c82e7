// The Data panel's import options as typed, and the settings they ask of the importer.
import type { MessageKey, Vars } from "../../i18n";
import type { ImportSettings } from "../../lib/api";

/** The column types the importer knows. */
export const COLUMN_TYPES = ["integer", "float", "boolean", "categorical", "text", "datetime"] as const;

/** The options as typed; "" (and false) is "detect" / "the default", so it is left out of the settings. */
export type ImportOptions = {
  delimiter: "" | "," | ";" | "tab" | "|";
  header: "" | "yes" | "no";
  encoding: "" | "utf-8" | "utf-16" | "latin1";
  decimalComma: boolean;
  /** Comma-separated texts that mean missing; blank keeps the defaults. */
  missing: string;
  /** `column=type` entries, comma-separated. */
  types: string;
  sheet: string;
  strict: boolean;
};

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
  delimiter: "",
  header: "",
  encoding: "",
  decimalComma: false,
  missing: "",
  types: "",
  sheet: "",
  strict: false,
};

export type ParsedImportOptions =
  | { ok: true; settings: ImportSettings | null }
  | { ok: false; problem: MessageKey; vars: Vars };

/** `column=type` entries, comma-separated, as a record; a malformed entry is a problem naming it. */
export function parseColumnTypes(
  text: string,
): { ok: true; types: Record<string, string> } | { ok: false; problem: MessageKey; vars: Vars } {
  const types: Record<string, string> = {};
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    const column = eq < 0 ? "" : entry.slice(0, eq).trim();
    const type = eq < 0 ? "" : entry.slice(eq + 1).trim().toLowerCase();
    if (column === "" || type === "") return { ok: false, problem: "data.import.options.typesMalformed", vars: { entry } };
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
      return { ok: false, problem: "data.import.options.typesUnknown", vars: { entry, types: COLUMN_TYPES.join(", ") } };
    }
    if (Object.prototype.hasOwnProperty.call(types, column)) {
      return { ok: false, problem: "data.import.options.typesTwice", vars: { column } };
    }
    types[column] = type;
  }
  return { ok: true, types };
}

/** The settings the options ask for: only what was set; null when nothing was. */
export function importSettingsOf(options: ImportOptions): ParsedImportOptions {
  const settings: ImportSettings = {};
  if (options.delimiter !== "") settings.delimiter = options.delimiter;
  if (options.header !== "") settings.hasHeader = options.header === "yes";
  if (options.encoding !== "") settings.encoding = options.encoding;
  if (options.decimalComma) settings.decimalComma = true;
  const missing = options.missing
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  if (missing.length > 0) settings.missing = missing;
  const types = parseColumnTypes(options.types);
  if (!types.ok) return types;
  if (Object.keys(types.types).length > 0) settings.types = types.types;
  const sheet = options.sheet.trim();
  if (sheet !== "") settings.sheet = sheet;
  if (options.strict) settings.strict = true;
  return { ok: true, settings: Object.keys(settings).length > 0 ? settings : null };
}
