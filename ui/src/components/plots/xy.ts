// A chart of x–y series on linear axes — lines, dots or both, a reference line, a legend — that
// the runs' plots (ROC, PR, calibration, residuals, loss curves, Pareto front) are drawn with.
import { extent, linear, niceTicks, xAxis, yAxis } from "./axis";
import { fit, PLOT_W, SIZE, wrappedLegend, type LegendEntry } from "./layout";
import type { Palette } from "./palette";
import type { Hit, Scene, SceneItem } from "./scene";

/** A point; `hit` makes its dot hoverable and clickable, `title` its tooltip. */
export type XyPoint = { x: number; y: number; hit?: Hit; title?: string };

export type XySeries = {
  /** Its legend entry (none: not in the legend). */
  label?: string;
  colour: string;
  points: XyPoint[];
  /** Joins the points in the order given. */
  line?: boolean;
  /** Dots of this radius at the points (none without). */
  r?: number;
  dash?: number[];
  strokeWidth?: number;
  /** A test id on the line (on screen). */
  testId?: string;
};

export type XyChart = {
  /** The scene's title (its accessible name and the SVG export's title). */
  title: string;
  xLabel: string;
  yLabel: string;
  series: XySeries[];
  /** Fixed ranges (ROC: 0–1); otherwise the points', padded a little. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** A dashed guide: y = x (ROC, calibration) or y = 0 (residuals). */
  reference?: "diagonal" | "zero";
  formatX: (v: number) => string;
  formatY: (v: number) => string;
  /** Legend entries after the series' own (line styles). */
  legend?: LegendEntry[];
  /** Scene width (default: every plot's) and the plotting area's height. */
  width?: number;
  plotHeight?: number;
};

/** Where the plotting area is and how values map into it. */
export type XyFrame = {
  x: (v: number) => number;
  y: (v: number) => number;
  xDomain: [number, number];
  yDomain: [number, number];
  left: number;
  right: number;
  top: number;
  bottom: number;
};

const LEFT = 60;
const RIGHT = 14;
const TOP = 10;
const PLOT_H = 200;
/** Below the plotting area: tick labels, then the x label's baseline. */
const X_LABEL = 34;
const LEGEND_ROW = 16;

function finite(p: XyPoint): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y);
}

/** The plotting area and scales of `chart`: its fixed domains, else its finite points' (y = 0 kept in view for a zero guide). */
export function xyFrame(chart: XyChart): XyFrame {
  const points = chart.series.flatMap((s) => s.points.filter(finite));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xDomain = chart.xDomain ?? extent(xs, 0.04);
  const yDomain = chart.yDomain ?? extent(chart.reference === "zero" ? [...ys, 0] : ys, 0.06);
  const left = LEFT;
  const right = (chart.width ?? PLOT_W) - RIGHT;
  const top = TOP;
  const bottom = TOP + (chart.plotHeight ?? PLOT_H);
  return {
    x: linear(xDomain[0], xDomain[1], left, right),
    y: linear(yDomain[0], yDomain[1], bottom, top),
    xDomain,
    yDomain,
    left,
    right,
    top,
    bottom,
  };
}

/** The reference line clipped to the frame, or nothing when it does not cross it. */
function referenceLine(chart: XyChart, f: XyFrame, palette: Palette): SceneItem[] {
  const guide = { stroke: palette.faint, dash: [4, 3] };
  if (chart.reference === "zero") {
    if (f.yDomain[0] > 0 || f.yDomain[1] < 0) return [];
    return [{ kind: "line", x1: f.left, y1: f.y(0), x2: f.right, y2: f.y(0), ...guide }];
  }
  if (chart.reference === "diagonal") {
    const lo = Math.max(f.xDomain[0], f.yDomain[0]);
    const hi = Math.min(f.xDomain[1], f.yDomain[1]);
    if (!(hi > lo)) return [];
    return [{ kind: "line", x1: f.x(lo), y1: f.y(lo), x2: f.x(hi), y2: f.y(hi), ...guide }];
  }
  return [];
}

function seriesItems(s: XySeries, f: XyFrame): SceneItem[] {
  const points = s.points.filter(finite);
  const items: SceneItem[] = [];
  if (s.line && points.length > 0) {
    items.push({
      kind: "polyline",
      points: points.flatMap((p) => [f.x(p.x), f.y(p.y)]),
      stroke: s.colour,
      strokeWidth: s.strokeWidth ?? 1.75,
      dash: s.dash,
      testId: s.testId,
    });
  }
  if (s.r) {
    for (const p of points) {
      const dot: SceneItem = { kind: "circle", x: f.x(p.x), y: f.y(p.y), r: s.r, fill: s.colour, hit: p.hit };
      items.push(p.title ? { kind: "group", title: p.title, hit: p.hit, items: [dot] } : dot);
    }
  }
  return items;
}

/** The chart as a scene: axes with round ticks and labels, the guide, the series in order (later on top), the legend below. */
export function xyScene(chart: XyChart, palette: Palette): Scene {
  const f = xyFrame(chart);
  const width = chart.width ?? PLOT_W;
  const items: SceneItem[] = [
    ...xAxis(f.x, niceTicks(f.xDomain[0], f.xDomain[1], 6), chart.formatX, { y: f.bottom, x0: f.left, x1: f.right }, palette),
    ...yAxis(f.y, niceTicks(f.yDomain[0], f.yDomain[1], 5), chart.formatY, { x: f.left, y0: f.top, y1: f.bottom }, palette),
    ...referenceLine(chart, f, palette),
    ...chart.series.flatMap((s) => seriesItems(s, f)),
    {
      kind: "text",
      x: (f.left + f.right) / 2,
      y: f.bottom + X_LABEL,
      text: fit(chart.xLabel, f.right - f.left, SIZE.label),
      size: SIZE.label,
      fill: palette.text,
      anchor: "middle",
    },
    {
      kind: "text",
      x: 14,
      y: (f.top + f.bottom) / 2,
      text: fit(chart.yLabel, f.bottom - f.top, SIZE.label),
      size: SIZE.label,
      fill: palette.text,
      anchor: "middle",
      rotate: -90,
    },
  ];
  const entries: LegendEntry[] = [
    ...chart.series.flatMap((s) => (s.label === undefined ? [] : [{ colour: s.colour, label: s.label, dot: !s.line, dash: s.dash }])),
    ...(chart.legend ?? []),
  ];
  const legendY = f.bottom + X_LABEL + 22;
  const legend = entries.length > 0 ? wrappedLegend(entries, 8, legendY, palette, width - 8, LEGEND_ROW) : { items: [], rows: 0 };
  items.push(...legend.items);
  return {
    width,
    height: legend.rows > 0 ? legendY + (legend.rows - 1) * LEGEND_ROW + 8 : f.bottom + X_LABEL + 8,
    title: chart.title,
    background: palette.background,
    items,
  };
}
