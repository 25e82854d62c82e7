import { useMemo } from "react";
import { useT } from "../../../i18n";
import { formatCount } from "../../data/format";
import { describePoint } from "./Beeswarm";
import { defaultColour, dependenceLayout, dependenceScene } from "./dependence";
import type { PlotData } from "./features";
import { rings } from "../../../components/plots/layout";
import { PlotFrame } from "../../../components/plots/PlotFrame";
import { SceneCanvas } from "../../../components/plots/SceneCanvas";
import { usePalette } from "../../../components/plots/usePalette";

/** What colours a dependence plot: the strongest interaction (`auto`), no colour (null) or a column. */
export type ColourChoice = number | null | "auto";

export type DependenceChoice = { column: number; colour: ColourChoice };

/** One column's SHAP value against its raw value, coloured by another column's; a dot selects its row. */
export function DependencePlot({
  data,
  output,
  choice,
  row,
  onRow,
  onChoice,
  onClose,
}: {
  data: PlotData;
  output: number;
  choice: DependenceChoice;
  row: number | null;
  onRow: (row: number) => void;
  onChoice: (choice: DependenceChoice) => void;
  onClose: () => void;
}) {
  const { t, locale } = useT();
  const palette = usePalette();
  const { view } = data;
  const { column } = choice;
  const strongest = defaultColour(data, output, column);
  const colour = choice.colour === "auto" ? strongest : choice.colour;
  const layout = useMemo(() => dependenceLayout(data, output, column, colour), [data, output, column, colour]);
  const scene = useMemo(() => dependenceScene(layout, data, palette), [layout, data, palette]);
  const overlay = useMemo(() => rings(layout.points, row, layout.r, palette), [layout, row, palette]);
  const name = view.columns[column] ?? "";

  const controls = (
    <span className="plot-controls">
      <label className="plot-control">
        <span>{t("explain.dependence.column")}</span>
        <select
          value={column}
          onChange={(e) => onChoice({ column: Number(e.target.value), colour: "auto" })}
          data-testid="explain-dependence-column"
        >
          {view.columns.map((c, i) => (
            <option key={i} value={i}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="plot-control">
        <span>{t("explain.dependence.colour")}</span>
        <select
          value={choice.colour === null ? "none" : String(choice.colour)}
          onChange={(e) => {
            const v = e.target.value;
            onChoice({ column, colour: v === "auto" ? "auto" : v === "none" ? null : Number(v) });
          }}
          data-testid="explain-dependence-colour"
        >
          <option value="auto">
            {strongest === null
              ? t("explain.dependence.colourAutoNone")
              : t("explain.dependence.colourAuto", { column: view.columns[strongest] ?? "" })}
          </option>
          <option value="none">{t("explain.dependence.colourNone")}</option>
          {view.columns.map((c, i) =>
            i === column ? null : (
              <option key={i} value={i}>
                {c}
              </option>
            ),
          )}
        </select>
      </label>
      <button type="button" className="button small-button" onClick={onClose} data-testid="explain-dependence-close">
        {t("explain.dependence.close")}
      </button>
    </span>
  );

  return (
    <PlotFrame
      plot="dependence"
      testId="explain-dependence"
      title={t("explain.dependence", { column: name })}
      build={(p) => dependenceScene(layout, data, p)}
      controls={controls}
      hint={
        layout.missing > 0
          ? `${t("explain.dependence.hint")} ${t("explain.dependence.missing", { count: formatCount(layout.missing, locale) })}`
          : t("explain.dependence.hint")
      }
    >
      <SceneCanvas
        scene={scene}
        overlay={overlay}
        testId="explain-dependence"
        describe={(hit) => describePoint(data, output, hit)}
        onPick={(hit) => hit.row !== undefined && onRow(hit.row)}
      />
    </PlotFrame>
  );
}
