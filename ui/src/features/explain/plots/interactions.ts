// The interaction heat-map: mean |SHAP interaction value| per pair of the most important
// columns (the diagonal holds main effects, shown outlined or hidden).
import { formatStat } from "../../data/format";
import { topColumns } from "../shap";
import type { PlotData } from "./features";
import { fit, middle, PLOT_W, rampLegend, SIZE, textWidth } from "../../../components/plots/layout";
import { isLight, magnitudeColour, MISSING_COLOUR, type Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";

/** Most columns in the heat-map. */
export const MAX_INTERACTION_COLUMNS = 20;

const LEFT = 140;
/** Most room above the cells for the slanted column names. */
const MAX_TOP = 96;
const MAX_CELL = 34;
/** Room right of the cells for the last slanted names. */
const RIGHT = 60;

export type HeatCell = {
  /** Row and column of the matrix (indices into the view's columns). */
  i: number;
  j: number;
  value: number;
  diagonal: boolean;
  /** A main effect left out (drawn blank). */
  hidden: boolean;
  x: number;
  y: number;
  size: number;
  colour: string;
};

export type HeatmapLayout = {
  /** The columns (indices into the view's columns), in both directions. */
  columns: number[];
  cells: HeatCell[];
  /** The largest value coloured (the ramp's top). */
  max: number;
  cell: number;
  /** Where the cells start (below the slanted names). */
  top: number;
};

/** The value of pair (i, j), 0 when missing. */
function pair(data: PlotData, i: number, j: number): number {
  const v = data.view.interactions?.[i * data.view.columns.length + j];
  return v !== null && v !== undefined && Number.isFinite(v) ? v : 0;
}

/**
 * Cells of the top columns by importance (at most 20); with `hideMain` the diagonal is left out
 * of the colour scale (drawn blank), else it is coloured and outlined.
 */
export function heatmapLayout(data: PlotData, hideMain: boolean, most = MAX_INTERACTION_COLUMNS): HeatmapLayout {
  const columns = topColumns(data.view, Math.min(most, MAX_INTERACTION_COLUMNS));
  const n = columns.length;
  const cell = Math.max(8, Math.min(MAX_CELL, (PLOT_W - LEFT - RIGHT) / Math.max(1, n)));
  const longest = Math.max(0, ...columns.map((c) => textWidth(data.view.columns[c] ?? "", SIZE.label)));
  const top = Math.min(MAX_TOP, 14 + longest * Math.SQRT1_2);
  let max = 0;
  for (const i of columns) for (const j of columns) if (!(hideMain && i === j)) max = Math.max(max, pair(data, i, j));
  const cells: HeatCell[] = [];
  columns.forEach((i, a) =>
    columns.forEach((j, b) => {
      const value = pair(data, i, j);
      const diagonal = i === j;
      const hidden = diagonal && hideMain;
      cells.push({
        i,
        j,
        value,
        diagonal,
        hidden,
        x: LEFT + b * cell,
        y: top + a * cell,
        size: cell,
        colour: hidden ? MISSING_COLOUR : magnitudeColour(max > 0 ? value / max : 0),
      });
    }),
  );
  return { columns, cells, max, cell, top };
}

export function heatmapScene(layout: HeatmapLayout, data: PlotData, palette: Palette): Scene {
  const { view, t, locale } = data;
  const { columns, cell, top } = layout;
  const items: SceneItem[] = [];
  columns.forEach((c, a) => {
    const name = view.columns[c] ?? "";
    items.push({
      kind: "text",
      x: LEFT - 6,
      y: middle(top + a * cell + cell / 2, SIZE.label),
      text: fit(name, LEFT - 18, SIZE.label),
      size: SIZE.label,
      fill: palette.text,
      anchor: "end",
    });
    // Slanted up and right: as long as the room above the cells and right of the column allows.
    const x = LEFT + a * cell + cell / 2 + 3;
    items.push({
      kind: "text",
      x,
      y: top - 6,
      text: fit(name, Math.min(top - 10, PLOT_W - x - 4) / Math.SQRT1_2, SIZE.label),
      size: SIZE.label,
      fill: palette.text,
      rotate: -45,
    });
  });
  const numbers = cell >= 30;
  for (const h of layout.cells) {
    const hidden = h.hidden;
    const pairTitle = `${view.columns[h.i]} × ${view.columns[h.j]}: ${formatStat(h.value, locale)}`;
    items.push({
      kind: "group",
      testId: "interaction-cell",
      data: { i: h.i, j: h.j, value: h.value },
      title: h.diagonal ? `${pairTitle} (${t("explain.interactions.main")})` : pairTitle,
      hit: { column: h.i, colour: h.j },
      items: [
        hidden
          ? {
              kind: "rect",
              x: h.x + 0.5,
              y: h.y + 0.5,
              width: h.size - 1,
              height: h.size - 1,
              fill: palette.background,
              stroke: palette.grid,
              dash: [2, 2],
            }
          : {
              kind: "rect",
              x: h.x,
              y: h.y,
              width: h.size,
              height: h.size,
              fill: h.colour,
              stroke: h.diagonal ? palette.text : palette.background,
              strokeWidth: h.diagonal ? 1.5 : 0.5,
            },
        ...(numbers && !hidden
          ? [
              {
                kind: "text",
                x: h.x + h.size / 2,
                y: middle(h.y + h.size / 2, 9),
                text: formatStat(h.value, locale),
                size: 9,
                fill: isLight(h.colour) ? "#1d1f24" : "#ffffff",
                anchor: "middle",
              } as const,
            ]
          : []),
      ],
    });
  }
  const bottom = top + columns.length * cell;
  const ramp = rampLegend(
    { title: t("explain.interactions.legend"), low: formatStat(0, locale), high: formatStat(layout.max, locale) },
    8,
    bottom + 24,
    palette,
    magnitudeColour,
  );
  items.push(...ramp.items);
  return {
    width: PLOT_W,
    height: bottom + 34,
    title: t("explain.interactions.title", { count: columns.length }),
    background: palette.background,
    items,
  };
}
