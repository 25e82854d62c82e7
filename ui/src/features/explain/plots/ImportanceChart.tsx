import { useMemo } from "react";
import { useT } from "../../../i18n";
import type { PlotData } from "./features";
import { importanceScene } from "./importance";
import { PlotFrame } from "../../../components/plots/PlotFrame";
import { SceneSvg } from "../../../components/plots/SceneSvg";
import { usePalette } from "../../../components/plots/usePalette";

/** Mean |SHAP| per column as horizontal bars, largest first (at most 20); a bar opens its dependence plot. */
export function ImportanceChart({ data, onColumn }: { data: PlotData; onColumn: (column: number) => void }) {
  const { t } = useT();
  const palette = usePalette();
  const scene = useMemo(() => importanceScene(data, palette), [data, palette]);
  return (
    <PlotFrame plot="importance" title={t("explain.importance")} build={(p) => importanceScene(data, p)} hint={t("explain.importanceHint")}>
      <SceneSvg scene={scene} testId="importance-chart" onPick={(hit) => hit.column !== undefined && onColumn(hit.column)} />
    </PlotFrame>
  );
}
