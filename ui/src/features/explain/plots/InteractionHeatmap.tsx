import { useMemo, useState } from "react";
import { useT } from "../../../i18n";
import type { DependenceChoice } from "./DependencePlot";
import type { PlotData } from "./features";
import { heatmapLayout, heatmapScene } from "./interactions";
import { PlotFrame } from "../../../components/plots/PlotFrame";
import { SceneSvg } from "../../../components/plots/SceneSvg";
import { usePalette } from "../../../components/plots/usePalette";

/**
 * Mean |SHAP interaction value| of each pair of the most important columns; a cell opens the
 * dependence plot of its row's column coloured by its column's (the diagonal: coloured as usual).
 */
export function InteractionHeatmap({ data, onChoice }: { data: PlotData; onChoice: (choice: DependenceChoice) => void }) {
  const { t } = useT();
  const palette = usePalette();
  const [hideMain, setHideMain] = useState(true);
  const layout = useMemo(() => heatmapLayout(data, hideMain), [data, hideMain]);
  const scene = useMemo(() => heatmapScene(layout, data, palette), [layout, data, palette]);
  return (
    <PlotFrame
      plot="interactions"
      testId="explain-interactions"
      title={t("explain.interactions")}
      build={(p) => heatmapScene(layout, data, p)}
      hint={t("explain.interactions.hint")}
      controls={
        <label className="plot-control plot-check">
          <input
            type="checkbox"
            checked={hideMain}
            onChange={(e) => setHideMain(e.target.checked)}
            data-testid="explain-interactions-main"
          />
          <span>{t("explain.interactions.hideMain")}</span>
        </label>
      }
    >
      <SceneSvg
        scene={scene}
        testId="interactions-heatmap"
        onPick={(hit) => {
          if (hit.column === undefined) return;
          onChoice({ column: hit.column, colour: hit.colour === undefined || hit.colour === hit.column ? "auto" : hit.colour });
        }}
      />
    </PlotFrame>
  );
}
