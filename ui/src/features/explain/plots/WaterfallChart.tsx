import { useMemo } from "react";
import { useT } from "../../../i18n";
import { formatCount } from "../../data/format";
import type { PlotData } from "./features";
import { PlotFrame } from "../../../components/plots/PlotFrame";
import { SceneSvg } from "../../../components/plots/SceneSvg";
import { usePalette } from "../../../components/plots/usePalette";
import { waterfallScene } from "./waterfall";

/** One row's SHAP values: from the base value, column by column, to the model output. */
export function WaterfallChart({
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
  const scene = useMemo(() => waterfallScene(data, row, output, palette), [data, row, output, palette]);
  return (
    <PlotFrame
      plot="waterfall"
      title={t("explain.waterfall", { row: formatCount(data.view.firstRow + row, locale) })}
      build={(p) => waterfallScene(data, row, output, p)}
    >
      <SceneSvg scene={scene} testId="waterfall" onPick={(hit) => hit.column !== undefined && onColumn(hit.column)} />
    </PlotFrame>
  );
}
