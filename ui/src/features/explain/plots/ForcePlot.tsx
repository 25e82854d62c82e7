import { useMemo } from "react";
import { useT } from "../../../i18n";
import { formatCount } from "../../data/format";
import type { PlotData } from "./features";
import { forceLayout, forceScene } from "./force";
import { PlotFrame } from "../../../components/plots/PlotFrame";
import { SceneSvg } from "../../../components/plots/SceneSvg";
import { usePalette } from "../../../components/plots/usePalette";

/** One row as forces: raising columns (red) and lowering ones (blue) meeting at the model output. */
export function ForcePlot({
  data,
  row,
  output,
  onColumn,
}: {
  data: PlotData;
  row: number;
  output: number;
  onColumn: (column: number) => void;
}) {
  const { t, locale } = useT();
  const palette = usePalette();
  const layout = useMemo(() => forceLayout(data, row, output), [data, row, output]);
  const scene = useMemo(() => forceScene(layout, data, row, palette), [layout, data, row, palette]);
  return (
    <PlotFrame
      plot="force"
      testId="explain-force"
      title={t("explain.force", { row: formatCount(data.view.firstRow + row, locale) })}
      build={(p) => forceScene(layout, data, row, p)}
    >
      <SceneSvg scene={scene} testId="force-plot" onPick={(hit) => hit.column !== undefined && onColumn(hit.column)} />
    </PlotFrame>
  );
}
