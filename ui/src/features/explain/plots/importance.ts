// The global importance bar chart: mean |SHAP| per column, largest first.
import { formatStat } from "../../data/format";
import { MAX_IMPORTANCE_BARS } from "../shap";
import type { PlotData } from "./features";
import { BAR_H, LABEL_W, middle, PLOT_W, ROW_H, short, SIZE, VALUE_W } from "../../../components/plots/layout";
import type { Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";

const PAD_Y = 4;

/** One bar per column (at most 20), each a hit on its column (click: its dependence plot). */
export function importanceScene(data: PlotData, palette: Palette): Scene {
  const { view, t, locale } = data;
  const index = new Map(view.columns.map((name, c) => [name, c]));
  const bars = view.importance.slice(0, MAX_IMPORTANCE_BARS).map((i) => ({ feature: i.feature, value: i.meanAbsShap ?? 0 }));
  const max = Math.max(0, ...bars.map((b) => b.value)) || 1;
  const width = PLOT_W - LABEL_W - VALUE_W;
  const items: SceneItem[] = bars.map((b, i) => {
    const y = PAD_Y + i * ROW_H;
    const c = index.get(b.feature);
    return {
      kind: "group",
      title: `${b.feature}: ${formatStat(b.value, locale)}`,
      data: { column: b.feature },
      hit: c === undefined ? undefined : { column: c },
      items: [
        {
          kind: "text",
          className: "chart-label",
          x: LABEL_W - 6,
          y: middle(y + ROW_H / 2, SIZE.label),
          text: short(b.feature),
          size: SIZE.label,
          fill: palette.text,
          anchor: "end",
        },
        {
          kind: "rect",
          className: "importance-bar",
          x: LABEL_W,
          y: y + (ROW_H - BAR_H) / 2,
          width: Math.max(1, (b.value / max) * width),
          height: BAR_H,
          radius: 2,
          fill: palette.accent,
        },
        {
          kind: "text",
          className: "chart-value",
          x: PLOT_W - 2,
          y: middle(y + ROW_H / 2, SIZE.value),
          text: formatStat(b.value, locale),
          size: SIZE.value,
          fill: palette.muted,
          anchor: "end",
        },
      ],
    };
  });
  return {
    width: PLOT_W,
    height: bars.length * ROW_H + PAD_Y * 2,
    title: t("explain.importanceTitle", { count: bars.length }),
    background: palette.background,
    items,
  };
}
