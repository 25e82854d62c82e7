import { useMemo, type ReactNode } from "react";
import type { Palette } from "./palette";
import { PlotFrame, type PlotId } from "./PlotFrame";
import type { Hit } from "./scene";
import { SceneSvg } from "./SceneSvg";
import { usePalette } from "./usePalette";
import { xyScene, type XyChart } from "./xy";

/**
 * An x–y chart in its frame (title, PNG/SVG export, hint): `chart` describes it in a palette (the
 * screen's theme, or the light one for an export); a click on a point with a hit calls `onPick`.
 * The drawing's test id is `<testId>-svg`.
 */
export function XyPlot({
  plot,
  title,
  chart,
  testId,
  hint,
  controls,
  onPick,
}: {
  plot: PlotId;
  title: string;
  chart: (palette: Palette) => XyChart;
  testId: string;
  hint?: string;
  controls?: ReactNode;
  onPick?: (hit: Hit) => void;
}) {
  const palette = usePalette();
  const scene = useMemo(() => xyScene(chart(palette), palette), [chart, palette]);
  return (
    <PlotFrame plot={plot} title={title} testId={testId} build={(p) => xyScene(chart(p), p)} hint={hint} controls={controls}>
      <SceneSvg scene={scene} testId={`${testId}-svg`} onPick={onPick} />
    </PlotFrame>
  );
}
