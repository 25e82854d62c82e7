// Sizes, text fitting and legends shared by the plots' geometry.
import { valueColour, type Palette } from "./palette";
import type { SceneItem } from "./scene";

/** Every plot's width in scene units (it scales to the panel, at most this wide). */
export const PLOT_W = 640;
/** Room for the column names left of a plot. */
export const LABEL_W = 150;
/** Room for the values right of a bar. */
export const VALUE_W = 64;
/** A bar's height, and the line it sits in. */
export const BAR_H = 14;
export const ROW_H = 20;
export const PAD = 8;

/** The font the scenes are drawn in (screen, canvas and exported SVG alike). */
export const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, sans-serif';
/** Font sizes: column names, values, axis ticks. */
export const SIZE = { label: 11, value: 10.5, tick: 10 } as const;

/** About how wide `text` is at `size` (scene units; no measuring in the geometry). */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.58;
}

/** `text` cut with "…" to about `width` at `size` (empty when not even one letter fits). */
export function fit(text: string, width: number, size: number): string {
  const room = Math.floor(width / (size * 0.58));
  if (text.length <= room) return text;
  return room < 2 ? "" : `${text.slice(0, room - 1)}…`;
}

/** Shortens a long column name for a chart label (the full name is in its tooltip). */
export function short(name: string): string {
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

/** The baseline that centres text of `size` on `y`. */
export function middle(y: number, size: number): number {
  return y + size * 0.35;
}

/** One legend entry: a swatch (a bar, a dot, or a dashed line) and its label. */
export type LegendEntry = { colour: string; label: string; dot?: boolean; dash?: number[] };

/** Where an entry's label starts after its swatch, and the room the whole entry takes with the gap after it. */
function entrySize(e: LegendEntry): { label: number; width: number } {
  const label = e.dot ? 11 : 17;
  return { label, width: label + textWidth(e.label, SIZE.value) + 14 };
}

function swatch(e: LegendEntry, x: number, y: number): SceneItem {
  if (e.dot) return { kind: "circle", x: x + 4, y: y - 3.5, r: 3.5, fill: e.colour };
  if (e.dash) return { kind: "line", x1: x, y1: y - 3.5, x2: x + 12, y2: y - 3.5, stroke: e.colour, strokeWidth: 2, dash: e.dash };
  return { kind: "rect", x, y: y - 5, width: 12, height: 3, radius: 1.5, fill: e.colour };
}

/**
 * A row of legend entries (a swatch, then its label) from `x` along baseline `y`; entries that
 * would pass `maxX` become "…".
 */
export function legend(entries: LegendEntry[], x: number, y: number, palette: Palette, maxX = Infinity): SceneItem[] {
  const items: SceneItem[] = [];
  let at = x;
  for (const e of entries) {
    const size = entrySize(e);
    if (at + size.width - 14 > maxX) {
      items.push({ kind: "text", x: at, y, text: "…", size: SIZE.value, fill: palette.muted });
      break;
    }
    items.push(swatch(e, at, y));
    items.push({ kind: "text", x: at + size.label, y, text: e.label, size: SIZE.value, fill: palette.muted });
    at += size.width;
  }
  return items;
}

/** Legend entries from `x` to `maxX`, wrapped onto rows `rowHeight` apart from baseline `y`; how many rows. */
export function wrappedLegend(
  entries: LegendEntry[],
  x: number,
  y: number,
  palette: Palette,
  maxX: number,
  rowHeight = 16,
): { items: SceneItem[]; rows: number } {
  const rows: LegendEntry[][] = [];
  let at = Infinity;
  for (const e of entries) {
    const width = entrySize(e).width;
    if (at + width - 14 > maxX && (rows.length === 0 || rows[rows.length - 1]!.length > 0)) {
      rows.push([]);
      at = x;
    }
    rows[rows.length - 1]!.push(e);
    at += width;
  }
  return { items: rows.flatMap((row, i) => legend(row, x, y + i * rowHeight, palette, maxX)), rows: rows.length };
}

/** A colour ramp legend: `title`, `low`, the ramp (`colour(t)`, t 0..1), `high`, along baseline `y`. */
export function rampLegend(
  texts: { title: string; low: string; high: string },
  x: number,
  y: number,
  palette: Palette,
  colour: (t: number) => string = valueColour,
  width = 90,
): { items: SceneItem[]; end: number } {
  const items: SceneItem[] = [];
  let at = x;
  const label = (text: string, strong = false) => {
    items.push({ kind: "text", x: at, y, text, size: SIZE.value, fill: strong ? palette.text : palette.muted });
    at += textWidth(text, SIZE.value) + 6;
  };
  label(texts.title, true);
  label(texts.low);
  const steps = 24;
  for (let i = 0; i < steps; i += 1) {
    items.push({
      kind: "rect",
      x: at + (i * width) / steps,
      y: y - 8,
      width: width / steps + 0.5,
      height: 8,
      fill: colour(i / (steps - 1)),
    });
  }
  at += width + 6;
  label(texts.high);
  return { items, end: at };
}

/** Rings round the dots of explained row `row` (the selected row), drawn over a plot's dots. */
export function rings(
  points: readonly { row: number; x: number; y: number }[],
  row: number | null,
  r: number,
  palette: Palette,
): SceneItem[] {
  if (row === null) return [];
  return points
    .filter((p) => p.row === row)
    .map((p) => ({ kind: "circle", x: p.x, y: p.y, r: r + 2, stroke: palette.text, strokeWidth: 1.5 }));
}
