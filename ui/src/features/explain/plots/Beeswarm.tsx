import { useMemo } from "react";
import { useT } from "../../../i18n";
import { formatCount } from "../../data/format";
import { shapAt } from "../shap";
import { beeswarmLayout, beeswarmScene } from "./beeswarm";
import { signed, type PlotData } from "./features";
import { rings } from "../../../components/plots/layout";
import { PlotFrame } from "../../../components/plots/PlotFrame";
import type { Hit } from "../../../components/plots/scene";
import { SceneCanvas } from "../../../components/plots/SceneCanvas";
import { usePalette } from "../../../components/plots/usePalette";

/** How a hovered dot (row and column) or column name reads. */
export function describePoint(data: PlotData, output: number, hit: Hit): string {
  const { view, t, locale } = data;
  const c = hit.column ?? 0;
  if (hit.row === undefined) return t("explain.hover.column", { column: view.columns[c] ?? "" });
  return t("explain.hover.point", {
    row: formatCount(view.firstRow + hit.row, locale),
    feature: view.columns[c] ?? "",
    value: data.text(c, data.value(hit.row, c)),
    shap: signed(shapAt(view, hit.row, output, c), locale),
  });
}

/** Every explained row's SHAP value per column, on a canvas; a dot selects its row, a name opens its dependence plot. */
export function Beeswarm({
  data,
  output,
  row,
  onRow,
  onColumn,
}: {
  data: PlotData;
  output: number;
  row: number | null;
  onRow: (row: number) => void;
  onColumn: (column: number) => void;
}) {
  const { t } = useT();
  const palette = usePalette();
  const layout = useMemo(() => beeswarmLayout(data, output), [data, output]);
  const scene = useMemo(() => beeswarmScene(layout, data, palette), [layout, data, palette]);
  const overlay = useMemo(() => rings(layout.points, row, layout.r, palette), [layout, row, palette]);
  return (
    <PlotFrame
      plot="beeswarm"
      testId="explain-beeswarm"
      title={t("explain.beeswarm")}
      build={(p) => beeswarmScene(layout, data, p)}
      hint={t("explain.beeswarm.hint")}
    >
      <SceneCanvas
        scene={scene}
        overlay={overlay}
        testId="explain-beeswarm"
        describe={(hit) => describePoint(data, output, hit)}
        onPick={(hit) => {
          if (hit.row !== undefined) onRow(hit.row);
          else if (hit.column !== undefined) onColumn(hit.column);
        }}
      />
    </PlotFrame>
  );
}
