import { useCallback, useMemo } from "react";
import type { Palette } from "../../components/plots/palette";
import { ExportProvider } from "../../components/plots/PlotFrame";
import { XyPlot } from "../../components/plots/XyPlot";
import { useT } from "../../i18n";
import type { RunSummary } from "../../lib/api";
import { formatCount } from "../data/format";
import { metricLabel } from "../models/labels";
import { paretoChart } from "./plots/pareto";
import { paretoRuns, runLabel } from "./runs";

/**
 * Quality (the headline metric) against p50 latency of the runs that have both; the Pareto-optimal
 * ones highlighted and joined. A dot opens its run. Exported as `pareto-<name>`.
 */
export function ParetoPlot({ runs, name, onOpen }: { runs: RunSummary[]; name: string; onOpen: (run: RunSummary) => void }) {
  const { t, locale } = useT();
  const { points, metric, left } = useMemo(() => paretoRuns(runs), [runs]);
  const metricName = metric === null ? "" : metricLabel(metric, t);
  const chart = useCallback(
    (palette: Palette) => paretoChart(points, metricName, (p) => runLabel(p.run, t), t, locale, palette),
    [points, metricName, t, locale],
  );
  if (points.length === 0) {
    return (
      <p className="muted small" data-testid="runs-pareto-empty">
        {t("runs.pareto.empty")}
      </p>
    );
  }
  const optimal = points.filter((p) => p.optimal).length;
  const hint = [
    t("runs.pareto.hint", { optimal: formatCount(optimal, locale), count: formatCount(points.length, locale) }),
    left > 0 ? t("runs.pareto.left", { count: formatCount(left, locale) }) : "",
  ]
    .filter((s) => s !== "")
    .join(" ");
  return (
    <ExportProvider name={name} scope="runs">
      <XyPlot
        plot="pareto"
        title={t("runs.pareto")}
        chart={chart}
        testId="runs-pareto"
        hint={hint}
        onPick={(hit) => {
          const point = hit.row === undefined ? undefined : points[hit.row];
          if (point) onOpen(point.run);
        }}
      />
    </ExportProvider>
  );
}
