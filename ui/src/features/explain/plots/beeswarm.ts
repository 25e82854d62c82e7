// The beeswarm: per column (the bar chart's order), one dot per explained row at its SHAP value,
// stacked where dots crowd and coloured by the column's raw value.
import { formatStat } from "../../data/format";
import { MAX_IMPORTANCE_BARS, shapAt, topColumns } from "../shap";
import { extent, linear, niceTicks, xAxis } from "../../../components/plots/axis";
import type { PlotData } from "./features";
import { LABEL_W, legend, middle, PLOT_W, rampLegend, short, SIZE } from "../../../components/plots/layout";
import { CATEGORY_COLOURS, colourOf, MISSING_COLOUR, type Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";

/** Height of one column's swarm. */
export const SWARM_H = 26;
const TOP = 6;
const RIGHT = 16;

export type SwarmPoint = {
  /** Explained row (0-based) and column. */
  row: number;
  column: number;
  shap: number;
  x: number;
  y: number;
  fill: string;
};

export type BeeswarmLayout = {
  /** The columns drawn, top to bottom. */
  columns: number[];
  points: SwarmPoint[];
  /** SHAP value → x. */
  x: (v: number) => number;
  domain: [number, number];
  /** Dot radius. */
  r: number;
  /** The centre line of the `i`-th column's swarm. */
  centre: (i: number) => number;
};

/** Dots get smaller as rows grow, so thousands still separate. */
function radius(rows: number): number {
  if (rows > 5000) return 1.6;
  if (rows > 1000) return 2;
  return 2.6;
}

/**
 * Lays the swarm out: x from the SHAP value; dots falling in the same x bin (a dot wide) alternate
 * above and below the centre line, layer by layer, squeezed so the densest bin fits its row.
 */
export function beeswarmLayout(data: PlotData, output: number, top = MAX_IMPORTANCE_BARS): BeeswarmLayout {
  const { view } = data;
  const columns = topColumns(view, top);
  const r = radius(view.rows);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of columns) {
    for (let row = 0; row < view.rows; row += 1) {
      const v = shapAt(view, row, output, c);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const domain = extent(lo <= hi ? [lo, hi] : [], 0.05);
  const x = linear(domain[0], domain[1], LABEL_W + r, PLOT_W - RIGHT - r);
  const centre = (i: number) => TOP + i * SWARM_H + SWARM_H / 2;
  const bin = r * 2;
  const half = SWARM_H / 2 - r - 1;
  const points: SwarmPoint[] = [];
  const counts = new Int32Array(Math.ceil(PLOT_W / bin) + 2);
  columns.forEach((c, i) => {
    const scale = data.scale(c);
    const first = points.length;
    const nth: number[] = [];
    counts.fill(0);
    let layers = 0;
    for (let row = 0; row < view.rows; row += 1) {
      const shap = shapAt(view, row, output, c);
      if (!Number.isFinite(shap)) continue;
      const px = x(shap);
      const b = Math.round(px / bin);
      const n = counts[b]!;
      counts[b] = n + 1;
      layers = Math.max(layers, Math.ceil(n / 2));
      nth.push(n);
      points.push({ row, column: c, shap, x: px, y: 0, fill: colourOf(scale, data.value(row, c)) });
    }
    const step = layers > 0 ? Math.min(bin * 0.9, half / layers) : 0;
    for (let p = first; p < points.length; p += 1) {
      const n = nth[p - first]!;
      points[p]!.y = centre(i) + Math.ceil(n / 2) * step * (n % 2 === 1 ? -1 : 1);
    }
  });
  return { columns, points, x, domain, r, centre };
}

/** Dots grouped by colour (a swarm barely overlaps, so order does not show; fewer fills draw faster). */
function byColour(points: SwarmPoint[]): SwarmPoint[] {
  const groups = new Map<string, SwarmPoint[]>();
  for (const p of points) {
    const g = groups.get(p.fill);
    if (g) g.push(p);
    else groups.set(p.fill, [p]);
  }
  return [...groups.values()].flat();
}

function height(layout: BeeswarmLayout): number {
  return TOP + layout.columns.length * SWARM_H + 62;
}

/** The beeswarm: names (hits on their column), guides, dots (hits on their row), axis and colour legend. */
export function beeswarmScene(layout: BeeswarmLayout, data: PlotData, palette: Palette): Scene {
  const { view, t, locale } = data;
  const { columns, x, domain } = layout;
  const bottom = TOP + columns.length * SWARM_H;
  const items: SceneItem[] = [];
  columns.forEach((c, i) => {
    const y = layout.centre(i);
    items.push({ kind: "line", x1: LABEL_W, y1: y, x2: PLOT_W - RIGHT, y2: y, stroke: palette.grid, dash: [2, 3] });
    items.push({
      kind: "group",
      title: view.columns[c],
      hit: { column: c },
      items: [
        { kind: "rect", x: 0, y: y - SWARM_H / 2, width: LABEL_W - 2, height: SWARM_H },
        {
          kind: "text",
          x: LABEL_W - 8,
          y: middle(y, SIZE.label),
          text: short(view.columns[c] ?? ""),
          size: SIZE.label,
          fill: palette.text,
          anchor: "end",
        },
      ],
    });
  });
  if (domain[0] < 0 && domain[1] > 0) items.push({ kind: "line", x1: x(0), y1: TOP, x2: x(0), y2: bottom, stroke: palette.axis });
  for (const p of byColour(layout.points)) {
    // The point is its own hit (its row and column): no copy per dot.
    items.push({ kind: "circle", x: p.x, y: p.y, r: layout.r, fill: p.fill, hit: p });
  }
  items.push(
    ...xAxis(
      x,
      niceTicks(domain[0], domain[1], 6),
      (v) => formatStat(v, locale),
      { y: bottom + 4, x0: LABEL_W, x1: PLOT_W - RIGHT },
      palette,
    ),
  );
  items.push({
    kind: "text",
    x: (LABEL_W + PLOT_W - RIGHT) / 2,
    y: bottom + 36,
    text: t("explain.beeswarm.axis", { space: view.outputSpace }),
    size: SIZE.value,
    fill: palette.muted,
    anchor: "middle",
  });
  const ramp = rampLegend(
    { title: t("explain.legend.featureValue"), low: t("explain.legend.low"), high: t("explain.legend.high") },
    8,
    bottom + 56,
    palette,
  );
  items.push(...ramp.items);
  const categorical = columns.some((c) => data.kinds[c] === "category");
  items.push(
    ...legend(
      [
        { colour: MISSING_COLOUR, label: t("explain.missing"), dot: true },
        ...(categorical ? [{ colour: CATEGORY_COLOURS[1]!, label: t("explain.legend.categories"), dot: true }] : []),
      ],
      ramp.end + 8,
      bottom + 56,
      palette,
    ),
  );
  return {
    width: PLOT_W,
    height: height(layout),
    title: t("explain.beeswarm.title", { count: columns.length }),
    background: palette.background,
    items,
  };
}
