// Quality against serving latency: every measured run a dot, the Pareto-optimal ones (no other
// run is both faster and better) highlighted and joined, fastest first.
import type { Palette } from "../../../components/plots/palette";
import type { XyChart, XyPoint } from "../../../components/plots/xy";
import type { TFunction } from "../../../i18n";
import { formatStat } from "../../data/format";
import { formatMetric } from "../metrics";
import type { ParetoPoint } from "../runs";

/**
 * The runs of `points` on a chart (x: p50 latency in ms, y: the `metric` named `metricName`); each
 * dot's hit is `{ row: its index in points }` and its tooltip names the run (`label`).
 */
export function paretoChart(
  points: readonly ParetoPoint[],
  metricName: string,
  label: (p: ParetoPoint) => string,
  t: TFunction,
  locale: string,
  palette: Palette,
): XyChart {
  const dot = (p: ParetoPoint, row: number): XyPoint => ({
    x: p.latency,
    y: p.quality,
    hit: { row },
    title: t("runs.pareto.point", {
      run: label(p),
      metric: metricName,
      value: formatMetric(p.quality),
      latency: formatStat(p.latency, locale),
    }),
  });
  const all = points.map(dot);
  const front = all.filter((_, i) => points[i]!.optimal).sort((a, b) => a.x - b.x);
  return {
    title: t("runs.pareto.title", { metric: metricName }),
    xLabel: t("runs.pareto.x"),
    yLabel: metricName,
    series: [
      { label: t("runs.pareto.runs"), colour: palette.faint, points: all.filter((_, i) => !points[i]!.optimal), r: 4 },
      { label: t("runs.pareto.front"), colour: palette.accent, points: front, line: true, r: 5, testId: "pareto-front" },
    ],
    formatX: (v) => formatStat(v, locale),
    formatY: (v) => formatStat(v, locale),
    plotHeight: 220,
  };
}
