// Loss per iteration: one run's train and validation loss (the live training, a run's detail), or
// several runs' overlaid (compare), each run a colour, validation dashed.
import type { LegendEntry } from "../../../components/plots/layout";
import { categoryColour, type Palette } from "../../../components/plots/palette";
import type { XyChart, XySeries } from "../../../components/plots/xy";
import type { TFunction } from "../../../i18n";
import { formatCount, formatStat } from "../../data/format";

/** One iteration's losses (an `Iteration` streamed live, or a stored run's `CurvePoint`). */
export type LossPoint = { iteration: number; trainLoss: number | null; validLoss: number | null };
/** A run's losses, named for the legend. */
export type LossRun = { name: string; points: readonly LossPoint[] };

/** Validation loss's colour next to the accent (train loss) of a single run. */
export const VALID_COLOUR = categoryColour(1);
const DASH = [5, 3];

function line(points: readonly LossPoint[], pick: (p: LossPoint) => number | null) {
  return points.map((p) => ({ x: p.iteration, y: pick(p) ?? Number.NaN }));
}

function hasValid(run: LossRun): boolean {
  return run.points.some((p) => p.validLoss !== null && Number.isFinite(p.validLoss));
}

/**
 * The chart of `runs`' losses against the iteration (1 to `total`, or the last iteration seen).
 * One run: train loss in the accent, validation loss beside it (test ids `curve-train`,
 * `curve-valid`). Several: a colour per run, train solid and validation dashed (`curve-train-<i>`,
 * `curve-valid-<i>`).
 */
export function curvesChart(runs: readonly LossRun[], t: TFunction, locale: string, palette: Palette, total = 0): XyChart {
  const last = Math.max(1, total, ...runs.flatMap((r) => r.points.map((p) => p.iteration)));
  const single = runs.length === 1;
  const series: XySeries[] = runs.flatMap((run, i) => {
    const colour = single ? palette.accent : categoryColour(i);
    const suffix = single ? "" : `-${i}`;
    const train: XySeries = {
      label: single ? t("train.curveTrain") : run.name,
      colour,
      points: line(run.points, (p) => p.trainLoss),
      line: true,
      testId: `curve-train${suffix}`,
    };
    if (!hasValid(run)) return [train];
    const valid: XySeries = {
      label: single ? t("train.curveValid") : undefined,
      colour: single ? VALID_COLOUR : colour,
      points: line(run.points, (p) => p.validLoss),
      line: true,
      dash: single ? undefined : DASH,
      testId: `curve-valid${suffix}`,
    };
    return [train, valid];
  });
  const styles: LegendEntry[] = single
    ? []
    : [
        { colour: palette.muted, label: t("train.curveTrain") },
        ...(runs.some(hasValid) ? [{ colour: palette.muted, label: t("train.curveValid"), dash: DASH }] : []),
      ];
  return {
    title: single ? t("train.curveTitle", { total: formatCount(last, locale) }) : t("runs.compare.curvesTitle", { count: runs.length }),
    xLabel: t("runs.plot.iteration"),
    yLabel: t("runs.plot.loss"),
    series,
    xDomain: [1, Math.max(2, last)],
    formatX: (v) => formatCount(v, locale),
    formatY: (v) => formatStat(v, locale),
    legend: styles,
    plotHeight: single ? 160 : 200,
  };
}
