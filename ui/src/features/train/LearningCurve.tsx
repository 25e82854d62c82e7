import { useCallback } from "react";
import type { Palette } from "../../components/plots/palette";
import { XyPlot } from "../../components/plots/XyPlot";
import { useT } from "../../i18n";
import { curvesChart, type LossPoint } from "./plots/curves";

/** What a learning curve draws: iterations (with the planned total when known). */
export type CurvePoints = readonly (LossPoint & { total?: number })[];

/**
 * Loss per iteration of one run (the live training's iterations, or a stored run's curve), up to
 * the iterations planned when known, with PNG/SVG export.
 */
export function LearningCurve({
  iterations,
  testId = "learning-curve",
}: {
  iterations: CurvePoints;
  testId?: string;
}) {
  const { t, locale } = useT();
  const total = Math.max(0, ...iterations.map((i) => i.total ?? 0));
  const chart = useCallback(
    (palette: Palette) => curvesChart([{ name: "", points: iterations }], t, locale, palette, total),
    [iterations, t, locale, total],
  );
  return <XyPlot plot="curves" title={t("train.curve")} chart={chart} testId={testId} />;
}
