// The Export panel's report options as typed, and what they ask of the backend.
import type { MessageKey } from "../../i18n";
import type { ReportOptions, Section, Theme } from "../../lib/api";

/** Every section's label, in report order (a `Record`, so a new section cannot be left out). */
export const SECTION_LABELS: Record<Section, MessageKey> = {
  summary: "export.report.section.summary",
  data: "export.report.section.data",
  training: "export.report.section.training",
  metrics: "export.report.section.metrics",
  explanations: "export.report.section.explanations",
  card: "export.report.section.card",
  notes: "export.report.section.notes",
};

/** Every section, in report order. */
export const REPORT_SECTIONS = Object.keys(SECTION_LABELS) as readonly Section[];

export const THEME_LABELS: Record<Theme, MessageKey> = {
  auto: "export.report.theme.auto",
  light: "export.report.theme.light",
  dark: "export.report.theme.dark",
};

export const REPORT_THEMES = Object.keys(THEME_LABELS) as readonly Theme[];

/** The form as typed: the waterfall rows stay a string until sent. */
export type ReportFormState = {
  sections: Section[];
  theme: Theme;
  rows: string;
  html: boolean;
  pdf: boolean;
};

/** The backend's defaults: every section, the reader's theme, a waterfall of the first row, both formats. */
export const DEFAULT_REPORT_FORM: ReportFormState = {
  sections: [...REPORT_SECTIONS],
  theme: "auto",
  rows: "0",
  html: true,
  pdf: true,
};

/** What `export_report` is asked for. */
export type ReportRequest = { options: ReportOptions; html: boolean; pdf: boolean };

export type ParsedReportForm = { ok: true; request: ReportRequest } | { ok: false; problem: MessageKey };

/**
 * "0, 3,7" → [0, 3, 7] (repeats dropped, order kept); blank → [] (no waterfalls); null when a part
 * is not a non-negative whole number.
 */
export function parseRows(text: string): number[] | null {
  if (text.trim() === "") return [];
  const rows: number[] = [];
  for (const part of text.split(",")) {
    const p = part.trim();
    if (!/^\d+$/.test(p)) return null;
    const n = Number(p);
    if (!Number.isSafeInteger(n)) return null;
    if (!rows.includes(n)) rows.push(n);
  }
  return rows;
}

/** Checks the options (a section, a format, rows that parse) and turns them into the request. */
export function parseReportForm(form: ReportFormState): ParsedReportForm {
  const sections = REPORT_SECTIONS.filter((s) => form.sections.includes(s));
  if (sections.length === 0) return { ok: false, problem: "export.report.invalid.sections" };
  if (!form.html && !form.pdf) return { ok: false, problem: "export.report.invalid.formats" };
  const rows = parseRows(form.rows);
  if (rows === null) return { ok: false, problem: "export.report.invalid.rows" };
  return { ok: true, request: { options: { sections, theme: form.theme, rows }, html: form.html, pdf: form.pdf } };
}
