// Pure helpers over an ExplainView (no React), shared by the charts and their tests.
import type { ExplainView } from "../../lib/api";

/** Most bars in the global importance chart. */
export const MAX_IMPORTANCE_BARS = 20;
/** Columns drawn one by one in a waterfall; the rest are summed into "other columns". */
export const MAX_WATERFALL_STEPS = 12;

/** A non-finite value travels as null; it reads back as NaN. */
function num(v: number | null | undefined): number {
  return v ?? Number.NaN;
}

/** SHAP values of explained row `row` (0-based, within the view) for output `output`, by column. */
export function rowValues(view: ExplainView, row: number, output: number): number[] {
  const c = view.columns.length;
  const start = (row * view.outputs.length + output) * c;
  return view.columns.map((_, i) => num(view.values[start + i]));
}

export type WaterfallStep = {
  /** Column name, or null for the summed remaining columns. */
  column: string | null;
  /** Columns this step stands for (1, or the count summed into "other columns"). */
  count: number;
  value: number;
  /** Running total before and after this step. */
  from: number;
  to: number;
};

export type Waterfall = { base: number; steps: WaterfallStep[]; output: number };

/**
 * Base value, then the columns by |value| (largest first, at most `top`, the rest summed
 * into one step), ending at the model output: base + Σ values.
 */
export function waterfall(view: ExplainView, row: number, output: number, top = MAX_WATERFALL_STEPS): Waterfall {
  const base = num(view.base[output]);
  const values = rowValues(view, row, output);
  const order = values
    .map((value, i) => ({ column: view.columns[i]!, value }))
    .sort((a, b) => (Math.abs(b.value) || 0) - (Math.abs(a.value) || 0));
  const shown = order.length > top ? order.slice(0, top) : order;
  const rest = order.slice(shown.length);
  const parts: { column: string | null; count: number; value: number }[] = shown.map((s) => ({ ...s, count: 1 }));
  if (rest.length > 0) {
    parts.push({ column: null, count: rest.length, value: rest.reduce((sum, r) => sum + r.value, 0) });
  }
  let total = base;
  const steps = parts.map((p) => {
    const from = total;
    total += p.value;
    return { ...p, from, to: total };
  });
  return { base, steps, output: total };
}

/** The SHAP value of column `column` in explained row `row` for output `output` (NaN when missing). */
export function shapAt(view: ExplainView, row: number, output: number, column: number): number {
  return num(view.values[(row * view.outputs.length + output) * view.columns.length + column]);
}

/** Column indices by importance, largest first (the bar chart's order), at most `top`. */
export function topColumns(view: ExplainView, top: number): number[] {
  const index = new Map(view.columns.map((name, c) => [name, c]));
  const order: number[] = [];
  for (const i of view.importance) {
    const c = index.get(i.feature);
    if (c !== undefined && !order.includes(c)) order.push(c);
    if (order.length >= top) break;
  }
  return order;
}
