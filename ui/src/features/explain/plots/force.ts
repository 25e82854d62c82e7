// The force plot of one row: from the base value, the columns that raise the output (red, pushing
// right) and those that lower it (blue, pushing left) meet at the model output.
import { formatCount, formatStat } from "../../data/format";
import { shapAt } from "../shap";
import { extent, linear, niceTicks, xAxis } from "../../../components/plots/axis";
import { featureLabel, signed, type PlotData } from "./features";
import { fit, middle, PLOT_W, SIZE } from "../../../components/plots/layout";
import type { Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";
import { forceLegend } from "./waterfall";

export type ForceSegment = {
  column: number;
  value: number;
  /** Where the segment starts and ends on the output axis (from < to). */
  from: number;
  to: number;
};

export type ForceLayout = {
  base: number;
  output: number;
  /** Raising columns, largest first: the first ends at the output, each next one left of it. */
  positive: ForceSegment[];
  /** Lowering columns, largest first: the first starts at the output, each next one right of it. */
  negative: ForceSegment[];
};

/** The segments of explained row `row` for output `output`; base + Σ values = output. */
export function forceLayout(data: PlotData, row: number, output: number): ForceLayout {
  const { view } = data;
  const base = view.base[output] ?? Number.NaN;
  const values = view.columns
    .map((_, column) => ({ column, value: shapAt(view, row, output, column) }))
    .filter((v) => Number.isFinite(v.value) && v.value !== 0);
  const out = values.reduce((sum, v) => sum + v.value, base);
  const positive: ForceSegment[] = [];
  let at = out;
  for (const v of values.filter((v) => v.value > 0).sort((a, b) => b.value - a.value)) {
    positive.push({ ...v, from: at - v.value, to: at });
    at -= v.value;
  }
  const negative: ForceSegment[] = [];
  at = out;
  for (const v of values.filter((v) => v.value < 0).sort((a, b) => a.value - b.value)) {
    negative.push({ ...v, from: at, to: at - v.value });
    at -= v.value;
  }
  return { base, output: out, positive, negative };
}

const SIDE = 16;
const BAND_TOP = 24;
const BAND_H = 24;
const LABEL_Y = BAND_TOP + BAND_H + 14;
const AXIS_Y = LABEL_Y + 28;

export function forceScene(layout: ForceLayout, data: PlotData, row: number, palette: Palette): Scene {
  const { view, t, locale } = data;
  const { base, output, positive, negative } = layout;
  const ends = [base, output, ...positive.map((s) => s.from), ...negative.map((s) => s.to)];
  const domain = extent(ends, 0.04);
  const x = linear(domain[0], domain[1], SIDE, PLOT_W - SIDE);
  const top = BAND_TOP;
  const bottom = BAND_TOP + BAND_H;
  const mid = BAND_TOP + BAND_H / 2;
  const items: SceneItem[] = [];
  const segment = (s: ForceSegment, raises: boolean, i: number): SceneItem => {
    const xa = x(s.from);
    const xb = x(s.to);
    const a = Math.min(6, (xb - xa) / 2);
    // Raising segments point right (towards the output), lowering ones left.
    const points = raises
      ? [xa, top, xb - a, top, xb, mid, xb - a, bottom, xa, bottom, xa + a, mid]
      : [xa + a, top, xb, top, xb - a, mid, xb, bottom, xa + a, bottom, xa, mid];
    const label = featureLabel(data, row, s.column);
    const text = fit(label, xb - xa - 2, SIZE.tick);
    return {
      kind: "group",
      testId: "force-segment",
      data: { column: view.columns[s.column] ?? "", value: s.value },
      title: `${label}: ${signed(s.value, locale)}`,
      hit: { column: s.column },
      items: [
        {
          kind: "polygon",
          className: raises ? "force-pos" : "force-neg",
          points,
          fill: raises ? palette.positive : palette.negative,
          stroke: palette.background,
          strokeWidth: 1,
        },
        ...(text.length > 3
          ? [
              {
                kind: "text",
                x: (xa + xb) / 2,
                y: LABEL_Y + (i % 2) * 13,
                text,
                size: SIZE.tick,
                fill: palette.text,
                anchor: "middle",
              } as const,
            ]
          : []),
      ],
    };
  };
  items.push(...positive.map((s, i) => segment(s, true, i)), ...negative.map((s, i) => segment(s, false, i)));
  const clamp = (px: number) => Math.min(PLOT_W - 60, Math.max(60, px));
  if (Number.isFinite(output)) {
    items.push({ kind: "line", x1: x(output), y1: top - 6, x2: x(output), y2: bottom + 2, stroke: palette.text, strokeWidth: 1.5 });
    items.push({
      kind: "text",
      x: clamp(x(output)),
      y: top - 10,
      text: t("explain.force.output", { value: formatStat(output, locale) }),
      size: SIZE.label,
      fill: palette.text,
      anchor: "middle",
      weight: "bold",
    });
  }
  items.push(
    ...xAxis(x, niceTicks(domain[0], domain[1], 7), (v) => formatStat(v, locale), { y: AXIS_Y, x0: SIDE, x1: PLOT_W - SIDE }, palette),
  );
  if (Number.isFinite(base)) {
    items.push({ kind: "line", x1: x(base), y1: bottom, x2: x(base), y2: AXIS_Y, stroke: palette.muted, strokeWidth: 1.5, dash: [3, 2] });
    items.push({
      kind: "text",
      x: clamp(x(base)),
      y: middle(AXIS_Y + 30, SIZE.value),
      text: t("explain.force.base", { value: formatStat(base, locale) }),
      size: SIZE.value,
      fill: palette.muted,
      anchor: "middle",
    });
  }
  items.push(...forceLegend(data, AXIS_Y + 56, palette));
  return {
    width: PLOT_W,
    height: AXIS_Y + 64,
    title: t("explain.force.title", { row: formatCount(view.firstRow + row, locale), space: view.outputSpace }),
    background: palette.background,
    items,
  };
}
