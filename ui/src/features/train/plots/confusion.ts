// The confusion matrix as a heat-map: a row per true class, a column per predicted class, each
// cell coloured by its share of the true class (so every row's recall reads the same way). On
// screen a cell with rows can be clicked (its hit: `row` the actual class, `column` the predicted).
import { fit, middle, PLOT_W, rampLegend, SIZE, textWidth } from "../../../components/plots/layout";
import { isLight, magnitudeColour, type Palette } from "../../../components/plots/palette";
import type { Scene, SceneItem } from "../../../components/plots/scene";
import type { TFunction } from "../../../i18n";
import { formatCount, formatPercent } from "../../data/format";

export type ConfusionCell = {
  /** True and predicted class. */
  actual: number;
  predicted: number;
  count: number;
  /** Its share of the true class's rows (0 when the class has none). */
  share: number;
  x: number;
  y: number;
  size: number;
  colour: string;
};

export type ConfusionLayout = { labels: string[]; cells: ConfusionCell[]; cell: number; left: number; top: number };

const MAX_CELL = 48;
const MIN_CELL = 10;
/** Room above the cells for the "Predicted" title and the class names. */
const TOP = 40;
const RIGHT = 12;
const MAX_LABEL = 120;

/**
 * The cells of `matrix` (`matrix[true][predicted]` counts), labelled `labels` (class `i` reads
 * "i" where there is no label), as large as the width allows.
 */
export function confusionLayout(matrix: readonly (readonly number[])[], labels: readonly string[] = []): ConfusionLayout {
  const n = Math.max(matrix.length, ...matrix.map((row) => row.length));
  const names = Array.from({ length: n }, (_, i) => labels[i] ?? String(i));
  const left = 34 + Math.min(MAX_LABEL, Math.max(0, ...names.map((l) => textWidth(l, SIZE.label))));
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, (PLOT_W - left - RIGHT) / Math.max(1, n)));
  const cells: ConfusionCell[] = [];
  for (let actual = 0; actual < n; actual += 1) {
    const row = matrix[actual] ?? [];
    const total = row.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0);
    for (let predicted = 0; predicted < n; predicted += 1) {
      const count = row[predicted] ?? 0;
      const share = total > 0 ? count / total : 0;
      const x = left + predicted * cell;
      cells.push({ actual, predicted, count, share, x, y: TOP + actual * cell, size: cell, colour: magnitudeColour(share) });
    }
  }
  return { labels: names, cells, cell, left, top: TOP };
}

/** The heat-map of `layout` on the rows of `part`; `clickable` gives each cell with rows a hit and says so in its tooltip. */
export function confusionScene(
  layout: ConfusionLayout,
  t: TFunction,
  locale: string,
  palette: Palette,
  part: string,
  clickable = false,
): Scene {
  const { labels, cell, left, top } = layout;
  const n = labels.length;
  const title = { size: SIZE.label, fill: palette.text, anchor: "middle", weight: "bold" } as const;
  const items: SceneItem[] = [
    { kind: "text", x: left + (n * cell) / 2, y: 12, text: t("runs.confusion.predicted"), ...title },
    { kind: "text", x: 12, y: top + (n * cell) / 2, text: t("runs.confusion.actual"), ...title, rotate: -90 },
  ];
  labels.forEach((label, i) => {
    const centre = i * cell + cell / 2;
    items.push({
      kind: "text",
      x: left - 6,
      y: middle(top + centre, SIZE.label),
      text: fit(label, left - 34, SIZE.label),
      size: SIZE.label,
      fill: palette.text,
      anchor: "end",
    });
    items.push({
      kind: "text",
      x: left + centre,
      y: top - 6,
      text: fit(label, cell - 2, SIZE.tick),
      size: SIZE.tick,
      fill: palette.muted,
      anchor: "middle",
    });
  });
  const numbers = cell >= 28;
  for (const c of layout.cells) {
    const cell = t("runs.confusion.cell", {
      actual: labels[c.actual] ?? "",
      predicted: labels[c.predicted] ?? "",
      count: formatCount(c.count, locale),
      share: formatPercent(c.share, locale),
    });
    const picks = clickable && c.count > 0;
    items.push({
      kind: "group",
      testId: "confusion-cell",
      data: { actual: c.actual, predicted: c.predicted, count: c.count },
      title: picks ? `${cell}\n${t("runs.confusion.showRows")}` : cell,
      ...(picks ? { hit: { row: c.actual, column: c.predicted } } : {}),
      items: [
        {
          kind: "rect",
          x: c.x,
          y: c.y,
          width: c.size,
          height: c.size,
          fill: c.colour,
          stroke: c.actual === c.predicted ? palette.text : palette.background,
          strokeWidth: c.actual === c.predicted ? 1.5 : 0.5,
        },
        ...(numbers
          ? [
              {
                kind: "text",
                x: c.x + c.size / 2,
                y: middle(c.y + c.size / 2, 10),
                text: formatCount(c.count, locale),
                size: 10,
                fill: isLight(c.colour) ? "#1d1f24" : "#ffffff",
                anchor: "middle",
              } as const,
            ]
          : []),
      ],
    });
  }
  const bottom = top + n * cell;
  const ramp = rampLegend(
    { title: t("runs.confusion.legend"), low: `${formatPercent(0, locale)} %`, high: `${formatPercent(1, locale)} %` },
    8,
    bottom + 24,
    palette,
    magnitudeColour,
  );
  items.push(...ramp.items);
  return {
    // As wide as the cells and the legend need: a few classes make a small plot.
    width: Math.max(left + n * cell + RIGHT, ramp.end + 8),
    height: bottom + 34,
    title: t("runs.confusion.title", { part, count: n }),
    background: palette.background,
    items,
  };
}
