// The dependence plot of one column: x its raw value (labels on a categorical axis), y its SHAP
// value, coloured by another column's value (its strongest interaction unless chosen).
import { formatStat } from "../../data/format";
import { shapAt } from "../shap";
import { extent, linear, niceTicks, xAxis, yAxis } from "../../../components/plots/axis";
import type { PlotData } from "./features";
import { fit, legend, PLOT_W, rampLegend, SIZE, textWidth } from "../../../components/plots/layout";
import { categoryColour, MISSING_COLOUR, type Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";

const LEFT = 64;
const RIGHT = 16;
const TOP = 10;
const PLOT_H = 220;
/** Most category labels written under the axis (every n-th beyond). */
const MAX_CATEGORY_LABELS = 30;
/** Most categories named in the colour legend. */
const MAX_LEGEND_CATEGORIES = 8;

export type DependencePoint = { row: number; value: number; shap: number; x: number; y: number; colour: string };

/** A categorical axis: a band per label; or a linear one with ticks. */
export type DependenceAxis =
  | { kind: "category"; labels: string[]; centre: (i: number) => number; band: number }
  | { kind: "linear"; ticks: number[]; scale: (v: number) => number };

export type DependenceLayout = {
  column: number;
  /** The colouring column (null: one colour). */
  colour: number | null;
  points: DependencePoint[];
  axis: DependenceAxis;
  y: (v: number) => number;
  yDomain: [number, number];
  /** Rows without a value or SHAP value (not drawn). */
  missing: number;
  r: number;
};

/** The column that colours `column`'s dependence plot for `output` by default (null: none). */
export function defaultColour(data: PlotData, output: number, column: number): number | null {
  const c = data.view.dependenceColor[output * data.view.columns.length + column];
  return c !== null && c !== undefined && c >= 0 && c < data.view.columns.length && c !== column ? c : null;
}

/** A fixed offset in [-0.5, 0.5) per row, to spread points within a category's band. */
export function jitter(row: number): number {
  return (Math.imul(row + 1, 2654435761) >>> 0) / 2 ** 32 - 0.5;
}

/** The labels of a column read on a categorical axis: its categories, or false/true. */
function categoryLabels(data: PlotData, column: number): string[] | null {
  if (data.kinds[column] === "category") return data.view.categories[column] ?? [];
  if (data.kinds[column] === "boolean") return ["false", "true"];
  return null;
}

const DAY = 86_400_000;

/** Round ticks; for date-times spanning days, whole days (read as dates). */
function ticksFor(dates: boolean, [lo, hi]: [number, number]): number[] {
  if (!dates || hi - lo < 2 * DAY) return niceTicks(lo, hi, 6);
  return [...new Set(niceTicks(lo / DAY, hi / DAY, 6).map((d) => Math.round(d) * DAY))].filter((v) => v >= lo && v <= hi);
}

export function dependenceLayout(data: PlotData, output: number, column: number, colour: number | null): DependenceLayout {
  const { view } = data;
  const x0 = LEFT;
  const x1 = PLOT_W - RIGHT;
  const rows: { row: number; value: number; shap: number }[] = [];
  for (let row = 0; row < view.rows; row += 1) {
    const value = data.value(row, column);
    const shap = shapAt(view, row, output, column);
    if (value !== null && Number.isFinite(shap)) rows.push({ row, value, shap });
  }
  const yDomain = extent(
    rows.map((p) => p.shap),
    0.06,
  );
  const y = linear(yDomain[0], yDomain[1], TOP + PLOT_H, TOP);
  const labels = categoryLabels(data, column);
  let axis: DependenceAxis;
  let x: (p: { row: number; value: number }) => number;
  if (labels) {
    const band = (x1 - x0) / Math.max(1, labels.length);
    const centre = (i: number) => x0 + band * (i + 0.5);
    axis = { kind: "category", labels, centre, band };
    x = (p) => centre(p.value) + jitter(p.row) * band * 0.6;
  } else {
    const domain = extent(
      rows.map((p) => p.value),
      0.04,
    );
    const scale = linear(domain[0], domain[1], x0, x1);
    axis = { kind: "linear", ticks: ticksFor(data.kinds[column] === "datetime", domain), scale };
    x = (p) => scale(p.value);
  }
  const points = rows.map((p) => ({
    ...p,
    x: x(p),
    y: y(p.shap),
    colour: colour === null ? "" : data.colour(p.row, colour),
  }));
  return {
    column,
    colour,
    points,
    axis,
    y,
    yDomain,
    missing: view.rows - rows.length,
    r: view.rows > 5000 ? 1.8 : view.rows > 1000 ? 2.2 : 2.8,
  };
}

export function dependenceScene(layout: DependenceLayout, data: PlotData, palette: Palette): Scene {
  const { view, t, locale } = data;
  const name = view.columns[layout.column] ?? "";
  const bottom = TOP + PLOT_H;
  const x0 = LEFT;
  const x1 = PLOT_W - RIGHT;
  const items: SceneItem[] = [];
  const axis = layout.axis;
  let below: number;
  if (axis.kind === "category") {
    items.push({ kind: "line", x1: x0, y1: bottom, x2: x1, y2: bottom, stroke: palette.axis });
    const every = Math.max(1, Math.ceil(axis.labels.length / MAX_CATEGORY_LABELS));
    const rotate = axis.labels.some((l) => l.length * SIZE.tick * 0.58 > axis.band - 4);
    axis.labels.forEach((label, i) => {
      const cx = axis.centre(i);
      items.push({ kind: "line", x1: cx, y1: bottom, x2: cx, y2: bottom + 4, stroke: palette.axis });
      if (i % every !== 0) return;
      items.push(
        rotate
          ? {
              kind: "text",
              x: cx + 3,
              y: bottom + 12,
              text: fit(label, 70, SIZE.tick),
              size: SIZE.tick,
              fill: palette.muted,
              anchor: "end",
              rotate: -40,
            }
          : { kind: "text", x: cx, y: bottom + 4 + SIZE.tick + 1, text: label, size: SIZE.tick, fill: palette.muted, anchor: "middle" },
      );
    });
    below = rotate ? 62 : 30;
  } else {
    items.push(...xAxis(axis.scale, axis.ticks, (v) => data.text(layout.column, v), { y: bottom, x0, x1 }, palette));
    below = 30;
  }
  const yTicks = niceTicks(layout.yDomain[0], layout.yDomain[1], 5);
  items.push(...yAxis(layout.y, yTicks, (v) => formatStat(v, locale), { x: x0, y0: TOP, y1: bottom }, palette));
  if (layout.yDomain[0] < 0 && layout.yDomain[1] > 0) {
    items.push({ kind: "line", x1: x0, y1: layout.y(0), x2: x1, y2: layout.y(0), stroke: palette.grid, dash: [3, 3] });
  }
  const fill = layout.colour === null ? palette.accent : undefined;
  const ordered = [...layout.points].sort((a, b) => (a.colour < b.colour ? -1 : a.colour > b.colour ? 1 : 0));
  for (const p of ordered) {
    items.push({
      kind: "circle",
      x: p.x,
      y: p.y,
      r: layout.r,
      fill: fill ?? p.colour,
      opacity: 0.85,
      hit: { row: p.row, column: layout.column },
    });
  }
  items.push({
    kind: "text",
    x: (x0 + x1) / 2,
    y: bottom + below,
    text: name,
    size: SIZE.label,
    fill: palette.text,
    anchor: "middle",
    weight: "bold",
  });
  items.push({
    kind: "text",
    x: 14,
    y: TOP + PLOT_H / 2,
    text: t("explain.dependence.yAxis", { column: fit(name, 160, SIZE.value) }),
    size: SIZE.value,
    fill: palette.muted,
    anchor: "middle",
    rotate: -90,
  });
  const legendY = bottom + below + 22;
  if (layout.colour !== null) {
    const by = view.columns[layout.colour] ?? "";
    const labels = categoryLabels(data, layout.colour);
    let end: number;
    if (labels && data.kinds[layout.colour] === "category") {
      const shown = labels
        .slice(0, MAX_LEGEND_CATEGORIES)
        .map((label, i) => ({ colour: categoryColour(i), label: fit(label, 90, SIZE.value), dot: true }));
      items.push({ kind: "text", x: 8, y: legendY, text: by, size: SIZE.value, fill: palette.text, weight: "bold" });
      const entries =
        labels.length > MAX_LEGEND_CATEGORIES
          ? [
              ...shown,
              { colour: MISSING_COLOUR, label: t("explain.legend.more", { count: labels.length - MAX_LEGEND_CATEGORIES }), dot: true },
            ]
          : shown;
      items.push(...legend(entries, 8 + textWidth(by, SIZE.value) + 10, legendY, palette, PLOT_W - 8));
      end = PLOT_W;
    } else {
      const low = labels ? labels[0]! : t("explain.legend.low");
      const high = labels ? labels[1]! : t("explain.legend.high");
      const ramp = rampLegend({ title: fit(by, 200, SIZE.value), low, high }, 8, legendY, palette);
      items.push(...ramp.items);
      end = ramp.end;
    }
    if (end < PLOT_W - 80)
      items.push(...legend([{ colour: MISSING_COLOUR, label: t("explain.missing"), dot: true }], end + 8, legendY, palette));
  }
  return {
    width: PLOT_W,
    height: legendY + 12,
    title: t("explain.dependence.title", { column: name }),
    background: palette.background,
    items,
  };
}
