// The prep recipe as the editor holds it (one draft per step, numbers still as typed), turned into
// the steps the backend takes, and the columns each step can pick from. Pure: no React, no calls.
import {
  DATE_PARTS,
  type CastTo,
  type ClipMethod,
  type ColumnInfo,
  type DatePart,
  type FilterOp,
  type FilterValue,
  type FittedStep,
  type ImputeStrategy,
  type ScaleMethod,
  type Step,
  type StepOp,
} from "../../../lib/api";
import type { MessageKey } from "../../../i18n";
import { isNumericType } from "../format";

/**
 * One step as typed: every field any op uses, the op reading only its own. Numbers stay strings
 * until they are turned into a step, so the inputs can be edited freely.
 */
export type StepDraft = {
  /** Stable key for React (not sent). */
  id: number;
  op: StepOp;
  /** The column (rename: the old name). */
  column: string;
  /** drop_columns, drop_duplicates (empty: every column). */
  columns: string[];
  /** rename: the new name. */
  to: string;
  strategy: ImputeStrategy;
  method: ScaleMethod;
  compare: FilterOp;
  /** filter_rows: the value as typed. */
  value: string;
  castTo: CastTo;
  parts: DatePart[];
  /** one_hot: most categories; tf_idf: most words; image_pixels: the square's side ("" = the backend's default). */
  limit: string;
  /** clip_outliers: how the bounds are found. */
  clipMethod: ClipMethod;
  /** clip_outliers (quantile): the low and high quantiles as typed. */
  low: string;
  high: string;
  /** clip_outliers: the IQR multiple. */
  k: string;
};

/** A draft turned into a step, or why it cannot be yet. */
export type ParsedStep = { ok: true; step: Step } | { ok: false; problem: MessageKey };

/** The column types a step works on, and whether it refuses the others (`strict`). */
const COLUMN_TYPES: Record<StepOp, { types: readonly string[]; strict: boolean }> = {
  impute: { types: [], strict: false },
  one_hot: { types: ["categorical", "boolean"], strict: false },
  ordinal: { types: ["categorical", "boolean"], strict: false },
  scale: { types: ["integer", "float"], strict: true },
  clip_outliers: { types: ["integer", "float"], strict: true },
  filter_rows: { types: [], strict: false },
  drop_duplicates: { types: [], strict: false },
  drop_columns: { types: [], strict: false },
  rename: { types: [], strict: false },
  cast: { types: [], strict: false },
  date_parts: { types: ["datetime"], strict: true },
  word_count: { types: ["text", "categorical"], strict: true },
  tf_idf: { types: ["text", "categorical"], strict: true },
  image_pixels: { types: ["text"], strict: true },
};

/** The side image_pixels resizes to when not given (the backend's default), and its largest. */
export const DEFAULT_PIXEL_SIDE = 16;
export const MAX_PIXEL_SIDE = 64;

/** Ops that take several columns (`columns`) instead of one (`column`). */
const MULTI_COLUMN_OPS: readonly StepOp[] = ["drop_columns", "drop_duplicates"];
/** Comparisons that take no value. */
const NO_VALUE: readonly FilterOp[] = ["is_missing", "not_missing"];

/** Whether `op` takes several columns rather than one. */
export function takesColumns(op: StepOp): boolean {
  return MULTI_COLUMN_OPS.includes(op);
}

/** Whether a `filter_rows` comparison needs a value. */
export function needsValue(compare: FilterOp): boolean {
  return !NO_VALUE.includes(compare);
}

/** The columns a step can use: `preferred` (the types it works on) first, then any `other` it accepts. */
export function columnChoices(op: StepOp, columns: readonly ColumnInfo[]): { preferred: ColumnInfo[]; other: ColumnInfo[] } {
  const { types, strict } = COLUMN_TYPES[op];
  if (types.length === 0) return { preferred: [...columns], other: [] };
  const preferred = columns.filter((c) => types.includes(c.type));
  return { preferred, other: strict ? [] : columns.filter((c) => !types.includes(c.type)) };
}

/** A sensible type to cast a column of `type` to (one the backend accepts for it). */
function defaultCast(type: string | undefined): CastTo {
  switch (type) {
    case "integer":
      return "categorical";
    case "float":
    case "boolean":
      return "integer";
    case "categorical":
      return "text";
    default:
      return "categorical";
  }
}

/** A new step `op` with defaults that fit `columns` (the columns before it): the first suitable column, and so on. */
export function newDraft(op: StepOp, id: number, columns: readonly ColumnInfo[]): StepDraft {
  const { preferred, other } = columnChoices(op, columns);
  const first = takesColumns(op) ? undefined : (preferred[0] ?? other[0]);
  return {
    id,
    op,
    column: first?.name ?? "",
    columns: [],
    to: "",
    strategy: first && isNumericType(first.type) ? "median" : "mode",
    method: "standard",
    compare: "not_missing",
    value: "",
    castTo: defaultCast(first?.type),
    parts: ["year", "month", "day", "weekday"],
    limit: "",
    k: "1.5",
    clipMethod: "iqr",
    low: "0.01",
    high: "0.99",
  };
}

/** `draft` with `column` picked; a mean/median fill becomes a mode fill when the new column is not numeric. */
export function withColumn(draft: StepDraft, column: string, columns: readonly ColumnInfo[]): StepDraft {
  const type = columns.find((c) => c.name === column)?.type;
  const next = { ...draft, column };
  if (draft.op === "impute" && (draft.strategy === "mean" || draft.strategy === "median") && type !== undefined && !isNumericType(type)) next.strategy = "mode";
  return next;
}

/** A positive whole number typed in a box, "" when left empty, null when it is not one. */
function positiveInteger(text: string): number | "" | null {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  const n = Number(trimmed);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** A filter value as the column's type reads it: numbers for numeric columns, true/false for boolean ones. */
export function filterValue(text: string, type: string | undefined): FilterValue {
  const trimmed = text.trim();
  if (type !== undefined && isNumericType(type) && trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (type === "boolean" && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return text;
}

/** A constant fill as the column's type reads it: a number for numeric columns, else the label. */
export function constantFill(text: string, type: string | undefined): number | string {
  const trimmed = text.trim();
  return type !== undefined && isNumericType(type) && trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text;
}

/** Turns a draft into the step the backend takes; `columns` are the columns before it (for the filter value's type). */
export function draftToStep(draft: StepDraft, columns: readonly ColumnInfo[]): ParsedStep {
  const { op, column } = draft;
  if (!takesColumns(op) && column === "") return { ok: false, problem: "data.recipe.invalid.column" };
  switch (op) {
    case "drop_columns":
      return draft.columns.length === 0 ? { ok: false, problem: "data.recipe.invalid.columns" } : { ok: true, step: { op, columns: draft.columns } };
    case "drop_duplicates":
      return { ok: true, step: { op, columns: draft.columns } };
    case "rename": {
      const to = draft.to.trim();
      if (to === "") return { ok: false, problem: "data.recipe.invalid.newName" };
      return { ok: true, step: { op, from: column, to } };
    }
    case "impute":
      if (draft.strategy !== "constant") return { ok: true, step: { op, column, strategy: draft.strategy } };
      if (draft.value.trim() === "") return { ok: false, problem: "data.recipe.invalid.value" };
      return { ok: true, step: { op, column, strategy: "constant", value: constantFill(draft.value, columns.find((c) => c.name === column)?.type) } };
    case "one_hot":
    case "tf_idf": {
      const limit = positiveInteger(draft.limit);
      if (limit === null) return { ok: false, problem: "data.recipe.invalid.limit" };
      if (limit === "") return { ok: true, step: { op, column } };
      return { ok: true, step: op === "one_hot" ? { op, column, max_categories: limit } : { op, column, max_features: limit } };
    }
    case "ordinal":
    case "word_count":
      return { ok: true, step: { op, column } };
    case "image_pixels": {
      const size = positiveInteger(draft.limit);
      if (size === null || (size !== "" && size > MAX_PIXEL_SIDE)) return { ok: false, problem: "data.recipe.invalid.size" };
      return { ok: true, step: size === "" ? { op, column } : { op, column, size } };
    }
    case "scale":
      return { ok: true, step: { op, column, method: draft.method } };
    case "clip_outliers": {
      if (draft.clipMethod === "quantile") {
        const [low, high] = [Number(draft.low), Number(draft.high)];
        const ok = draft.low.trim() !== "" && draft.high.trim() !== "" && low >= 0 && low < high && high <= 1;
        return ok ? { ok: true, step: { op, column, method: "quantile", quantiles: [low, high] } } : { ok: false, problem: "data.recipe.invalid.quantiles" };
      }
      const k = Number(draft.k);
      if (draft.k.trim() === "" || !Number.isFinite(k) || k < 0) return { ok: false, problem: "data.recipe.invalid.k" };
      return { ok: true, step: { op, column, k } };
    }
    case "filter_rows": {
      if (!needsValue(draft.compare)) return { ok: true, step: { op, column, compare: draft.compare } };
      if (draft.value.trim() === "") return { ok: false, problem: "data.recipe.invalid.value" };
      const type = columns.find((c) => c.name === column)?.type;
      return { ok: true, step: { op, column, compare: draft.compare, value: filterValue(draft.value, type) } };
    }
    case "cast":
      return { ok: true, step: { op, column, to: draft.castTo } };
    case "date_parts": {
      const parts = DATE_PARTS.filter((p) => draft.parts.includes(p));
      return parts.length === 0 ? { ok: false, problem: "data.recipe.invalid.parts" } : { ok: true, step: { op, column, parts } };
    }
  }
}

/** Replaces column `name` of `columns` by `added` (in its place); unchanged when there is no such column. */
function replaceColumn(columns: readonly ColumnInfo[], name: string, added: ColumnInfo[], keep = false): ColumnInfo[] {
  const i = columns.findIndex((c) => c.name === name);
  if (i < 0) return [...columns];
  return [...columns.slice(0, keep ? i + 1 : i), ...added, ...columns.slice(i + 1)];
}

/** `columns` with column `name` of type `type`. */
function retype(columns: readonly ColumnInfo[], name: string, type: string): ColumnInfo[] {
  return columns.map((c) => (c.name === name ? { ...c, type } : c));
}

/** The type a column has after an impute fill: `fill` once fitted, else a guess from the strategy. */
function imputedType(type: string, fill: unknown): string {
  if (typeof fill === "number") return type === "integer" && Number.isInteger(fill) ? "integer" : "float";
  if (typeof fill === "string") return type === "text" ? "text" : "categorical";
  return isNumericType(type) || type === "text" ? type : "categorical";
}

/**
 * The columns after `step` runs on `columns`, as the backend makes them. Steps that add a column
 * per category or word (`one_hot`, `tf_idf`) need `fitted` (the step as the backend fitted it) to
 * name them; without it those columns are left out and `open` says the list is incomplete.
 */
export function columnsAfter(columns: readonly ColumnInfo[], step: Step, fitted?: FittedStep): { columns: ColumnInfo[]; open: boolean } {
  const same = (c: ColumnInfo[]) => ({ columns: c, open: false });
  switch (step.op) {
    case "drop_columns":
      return same(columns.filter((c) => !step.columns.includes(c.name)));
    case "rename":
      return same(columns.map((c) => (c.name === step.from ? { ...c, name: step.to } : c)));
    case "impute": {
      const type = columns.find((c) => c.name === step.column)?.type;
      const fill = fitted?.op === "impute" ? fitted.fitted : undefined;
      return same(type === undefined ? [...columns] : retype(columns, step.column, imputedType(type, fill)));
    }
    case "one_hot": {
      const cats = fitted?.op === "one_hot" ? fitted.fitted : undefined;
      const added = (cats ?? []).map((cat) => ({ name: `${step.column}=${cat}`, type: "float" }));
      return { columns: replaceColumn(columns, step.column, added), open: cats === undefined };
    }
    case "tf_idf": {
      const fit = fitted?.op === "tf_idf" ? fitted.fitted : undefined;
      const added = (fit?.vocabulary ?? []).map((word) => ({ name: `${step.column}:${word}`, type: "float" }));
      return { columns: replaceColumn(columns, step.column, added), open: fit === undefined };
    }
    case "ordinal":
      return same(retype(columns, step.column, "integer"));
    case "scale":
    case "clip_outliers":
      return same(retype(columns, step.column, "float"));
    case "cast":
      return same(retype(columns, step.column, step.to));
    case "date_parts":
      return same(replaceColumn(columns, step.column, step.parts.map((p) => ({ name: `${step.column}.${p}`, type: "integer" }))));
    case "word_count":
      return same(replaceColumn(columns, step.column, [{ name: `${step.column}.words`, type: "integer" }], true));
    case "image_pixels": {
      const side = step.size ?? DEFAULT_PIXEL_SIDE;
      const pixels = Array.from({ length: side * side }, (_, k) => ({ name: `${step.column}.px${k}`, type: "float" }));
      return same(replaceColumn(columns, step.column, pixels));
    }
    case "filter_rows":
    case "drop_duplicates":
      return same([...columns]);
  }
}

/** The steps a preview was asked for and the same steps as the backend fitted them. */
export type RecipeFit = { steps: Step[]; fitted: FittedStep[] };

/** One step of a planned recipe: the columns it can pick from (`open`: maybe more) and the step it makes. */
export type PlannedStep = { before: ColumnInfo[]; open: boolean; parsed: ParsedStep };

/**
 * Walks the drafts from the version's `columns`: what each step can pick from and the step it
 * makes. `fit` (the latest preview) names the columns a one-hot or TF-IDF step adds as long as
 * the steps up to it are still the ones previewed. `steps` is null while a draft is incomplete;
 * `after` are the columns after the last step (`open`: maybe more).
 */
export function planRecipe(
  columns: readonly ColumnInfo[],
  drafts: readonly StepDraft[],
  fit: RecipeFit | null,
): { items: PlannedStep[]; steps: Step[] | null; after: ColumnInfo[]; open: boolean } {
  let current: ColumnInfo[] = [...columns];
  let open = false;
  let fitted = fit !== null;
  const items: PlannedStep[] = [];
  const steps: Step[] = [];
  drafts.forEach((draft, i) => {
    const parsed = draftToStep(draft, current);
    items.push({ before: current, open, parsed });
    if (!parsed.ok) {
      fitted = false;
      return;
    }
    steps.push(parsed.step);
    fitted = fitted && fit !== null && i < fit.steps.length && sameStep(fit.steps[i]!, parsed.step);
    const after = columnsAfter(current, parsed.step, fitted ? fit?.fitted[i] : undefined);
    current = after.columns;
    open = open || after.open;
  });
  return { items, steps: steps.length === drafts.length ? steps : null, after: current, open };
}

/** Whether two steps ask for the same thing. */
export function sameStep(a: Step, b: Step): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The step (1-based) a backend error names ("invalid recipe: step 2 (tf_idf): …"), or null. */
export function failedStep(message: string): number | null {
  const match = /\bstep (\d+)\b/.exec(message);
  const n = match ? Number(match[1]) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** `items` with the one at `index` moved by `by` places (unchanged at either end). */
export function moveItem<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}
