// One row's waterfall: from the base value, column by column (largest first), to the model output.
import { formatCount, formatStat } from "../../data/format";
import { waterfall } from "../shap";
import { signed, type PlotData } from "./features";
import { BAR_H, LABEL_W, legend, middle, PLOT_W, ROW_H, short, SIZE, VALUE_W } from "../../../components/plots/layout";
import type { Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";

const PAD_Y = 4;

/** The legend under the waterfall and force plots: red raises, blue lowers, in which space. */
export function forceLegend(data: PlotData, y: number, palette: Palette): SceneItem[] {
  const { t, view } = data;
  return legend(
    [
      { colour: palette.positive, label: t("explain.raises") },
      { colour: palette.negative, label: t("explain.lowers") },
    ],
    8,
    y,
    palette,
  ).concat({
    kind: "text",
    x: PLOT_W - 2,
    y,
    text: t("explain.space", { space: view.outputSpace }),
    size: SIZE.value,
    fill: palette.muted,
    anchor: "end",
  });
}

/** The waterfall of explained row `row` (0-based) for output `output`. */
export function waterfallScene(data: PlotData, row: number, output: number, palette: Palette): Scene {
  const { view, t, locale } = data;
  const index = new Map(view.columns.map((name, c) => [name, c]));
  const w = waterfall(view, row, output);
  const ends = [w.base, w.output, ...w.steps.flatMap((s) => [s.from, s.to])].filter(Number.isFinite);
  let lo = ends.length ? Math.min(...ends) : 0;
  let hi = ends.length ? Math.max(...ends) : 1;
  if (hi - lo < 1e-12) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = PLOT_W - LABEL_W - VALUE_W;
  const x = (v: number) => LABEL_W + ((v - lo) / (hi - lo)) * width;
  const lines = w.steps.length + 2;
  const rowY = (i: number) => PAD_Y + i * ROW_H;
  const label = (
    y: number,
    text: string,
    className: string,
    fill: string,
    extra: { weight?: "bold"; italic?: boolean } = {},
  ): SceneItem => ({
    kind: "text",
    className,
    x: LABEL_W - 6,
    y: middle(y + ROW_H / 2, SIZE.label),
    text,
    size: SIZE.label,
    fill,
    anchor: "end",
    ...extra,
  });
  const value = (y: number, text: string, className: string, fill: string, bold = false): SceneItem => ({
    kind: "text",
    className,
    x: PLOT_W - 2,
    y: middle(y + ROW_H / 2, SIZE.value),
    text,
    size: SIZE.value,
    fill,
    anchor: "end",
    weight: bold ? "bold" : undefined,
  });
  const marker = (v: number, y1: number, y2: number): SceneItem[] =>
    Number.isFinite(v)
      ? [{ kind: "line", className: "waterfall-marker", x1: x(v), x2: x(v), y1, y2, stroke: palette.muted, strokeWidth: 1.5, dash: [3, 2] }]
      : [];

  const items: SceneItem[] = [
    {
      kind: "group",
      testId: "waterfall-base",
      data: { value: w.base },
      items: [
        label(rowY(0), t("explain.base"), "chart-label chart-label-strong", palette.text, { weight: "bold" }),
        ...marker(w.base, rowY(0) + 2, rowY(1) + 2),
        value(rowY(0), formatStat(w.base, locale), "chart-value", palette.muted),
      ],
    },
    ...w.steps.map((s, i): SceneItem => {
      const y = rowY(i + 1);
      const name = s.column ?? t("explain.otherColumns", { count: formatCount(s.count, locale) });
      const a = Number.isFinite(s.from) ? x(s.from) : LABEL_W;
      const b = Number.isFinite(s.to) ? x(s.to) : LABEL_W;
      const colour = s.value >= 0 ? palette.positive : palette.negative;
      const c = s.column === null ? undefined : index.get(s.column);
      return {
        kind: "group",
        testId: "waterfall-step",
        data: { column: s.column ?? "", value: s.value },
        title: `${name}: ${signed(s.value, locale)}`,
        hit: c === undefined ? undefined : { column: c },
        items: [
          s.column === null
            ? label(y, name, "chart-label chart-label-muted", palette.muted, { italic: true })
            : label(y, short(name), "chart-label", palette.text),
          {
            kind: "rect",
            className: s.value >= 0 ? "waterfall-pos" : "waterfall-neg",
            x: Math.min(a, b),
            y: y + (ROW_H - BAR_H) / 2,
            width: Math.max(1, Math.abs(b - a)),
            height: BAR_H,
            radius: 2,
            fill: colour,
          },
          ...(i + 1 < w.steps.length && Number.isFinite(s.to)
            ? [
                {
                  kind: "line",
                  className: "waterfall-link",
                  x1: b,
                  x2: b,
                  y1: y + (ROW_H + BAR_H) / 2,
                  y2: y + ROW_H + (ROW_H - BAR_H) / 2,
                  stroke: palette.axis,
                } as const,
              ]
            : []),
          value(y, signed(s.value, locale), `chart-value ${s.value >= 0 ? "waterfall-pos-text" : "waterfall-neg-text"}`, colour),
        ],
      };
    }),
    {
      kind: "group",
      testId: "waterfall-output",
      data: { value: w.output },
      items: [
        label(rowY(lines - 1), t("explain.modelOutput"), "chart-label chart-label-strong", palette.text, { weight: "bold" }),
        ...marker(w.output, rowY(lines - 1) - 2, rowY(lines - 1) + ROW_H - 2),
        value(rowY(lines - 1), formatStat(w.output, locale), "chart-value chart-label-strong", palette.text, true),
      ],
    },
    ...forceLegend(data, rowY(lines) + ROW_H, palette),
  ];
  const datasetRow = formatCount(view.firstRow + row, locale);
  return {
    width: PLOT_W,
    height: rowY(lines) + ROW_H + PAD_Y * 2,
    title: t("explain.waterfallTitle", { row: datasetRow, space: view.outputSpace }),
    background: palette.background,
    items,
  };
}
