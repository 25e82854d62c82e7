// The explained rows' raw values (what the columns held, not their encoding): their kinds, how
// they read as text, and how they are coloured — what every plot labels and colours with.
import type { TFunction } from "../../../i18n";
import type { ExplainView } from "../../../lib/api";
import { formatStat } from "../../data/format";
import { colourOf, colourScale, type ColourScale } from "../../../components/plots/palette";

/** How a column's raw values are read: numbers, booleans (0/1), date-times (ms), labels (indices). */
export type FeatureKind = "number" | "boolean" | "datetime" | "category";

/** Dataset column types by column name (`ColumnInfo.type`), where the explained dataset is known. */
export type ColumnTypes = Record<string, string>;

export function featureKinds(view: ExplainView, types: ColumnTypes): FeatureKind[] {
  return view.columns.map((name, c) => {
    if ((view.categories[c]?.length ?? 0) > 0) return "category";
    if (types[name] === "boolean") return "boolean";
    if (types[name] === "datetime") return "datetime";
    return "number";
  });
}

/** A date-time in ms since 1970 as UTC ISO text: the date alone at midnight, else minutes (seconds when set). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const iso = d.toISOString();
  if (iso.endsWith("T00:00:00.000Z")) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0 ? iso.slice(11, 16) : iso.slice(11, 19)}`;
}

/** The explained rows' values and how to show them, shared by the plots of one explanation. */
export type PlotData = {
  view: ExplainView;
  kinds: FeatureKind[];
  t: TFunction;
  locale: string;
  /** Column `c`'s raw value in explained row `row` (null when missing). */
  value: (row: number, c: number) => number | null;
  /** A raw value of column `c` as text: the label, true/false, the date, the number; "missing". */
  text: (c: number, value: number | null) => string;
  /** How column `c`'s values are coloured (computed once per column). */
  scale: (c: number) => ColourScale;
  /** The colour of column `c`'s value in explained row `row`. */
  colour: (row: number, c: number) => string;
};

export function plotData(view: ExplainView, types: ColumnTypes, t: TFunction, locale: string): PlotData {
  const kinds = featureKinds(view, types);
  const columns = view.columns.length;
  const value = (row: number, c: number): number | null => {
    const v = view.featureValues[row * columns + c];
    return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
  };
  const scales = new Map<number, ColourScale>();
  const scale = (c: number): ColourScale => {
    let s = scales.get(c);
    if (!s) {
      const values = Array.from({ length: view.rows }, (_, row) => value(row, c));
      s = colourScale(values, kinds[c] === "category" ? view.categories[c] : []);
      scales.set(c, s);
    }
    return s;
  };
  const text = (c: number, v: number | null): string => {
    if (v === null) return t("explain.missing");
    switch (kinds[c]) {
      case "category":
        return view.categories[c]?.[v] ?? String(v);
      case "boolean":
        return v === 0 ? "false" : "true";
      case "datetime":
        return formatDateTime(v);
      default:
        return formatStat(v, locale);
    }
  };
  return {
    view,
    kinds,
    t,
    locale,
    value,
    text,
    scale,
    colour: (row, c) => colourOf(scale(c), value(row, c)),
  };
}

/** "name = value" for column `c` in explained row `row`. */
export function featureLabel(data: PlotData, row: number, c: number): string {
  return `${data.view.columns[c] ?? ""} = ${data.text(c, data.value(row, c))}`;
}

/** A SHAP value with its sign ("+0.123", "−0.04"). */
export function signed(v: number, locale: string): string {
  const text = formatStat(Math.abs(v), locale);
  if (!Number.isFinite(v) || v === 0) return formatStat(v, locale);
  return v > 0 ? `+${text}` : `−${text}`;
}
