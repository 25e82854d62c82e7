// Colours of the plots: the theme's (read from the page's CSS variables on screen, the light
// theme in exports) and the data scales (feature value low→high, categories, magnitude).

/** The theme colours a scene is painted with. */
export type Palette = {
  background: string;
  text: string;
  muted: string;
  faint: string;
  /** Grid and zero lines. */
  grid: string;
  /** Axes and links. */
  axis: string;
  /** Importance bars. */
  accent: string;
  /** SHAP values that raise the output, and those that lower it. */
  positive: string;
  negative: string;
};

/** The light theme (styles.css `:root`): what exports are drawn with, and the fallback on screen. */
export const LIGHT_PALETTE: Palette = {
  background: "#ffffff",
  text: "#1d1f24",
  muted: "#6a6f7b",
  faint: "#9498a3",
  grid: "#e3e3e8",
  axis: "#cfd0d8",
  accent: "#4f46e5",
  positive: "#b42318",
  negative: "#4f46e5",
};

/** CSS variable behind each palette colour. */
const VARIABLES: Record<keyof Palette, string> = {
  background: "--bg",
  text: "--text",
  muted: "--text-muted",
  faint: "--text-faint",
  grid: "--border",
  axis: "--border-strong",
  accent: "--accent",
  positive: "--danger",
  negative: "--accent",
};

/** The page's current theme colours (light ones where a variable is not set). */
export function readPalette(element: Element = document.documentElement): Palette {
  const style = getComputedStyle(element);
  const palette = { ...LIGHT_PALETTE };
  for (const key of Object.keys(VARIABLES) as (keyof Palette)[]) {
    const value = style.getPropertyValue(VARIABLES[key]).trim();
    if (value !== "") palette[key] = value;
  }
  return palette;
}

/** A missing value's colour. */
export const MISSING_COLOUR = "#a3a7b0";
/** The ring round the dot under the pointer (reads on light and dark themes). */
export const HOVER_COLOUR = "#ff9f1a";

type Rgb = [number, number, number];

function hex(colour: string): Rgb {
  const v = Number.parseInt(colour.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** `steps + 1` colours through `stops` (evenly spaced), interpolated in RGB. */
function ramp(stops: string[], steps: number): string[] {
  const rgb = stops.map(hex);
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = (i / steps) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(t));
    const f = t - k;
    const [a, b] = [rgb[k]!, rgb[k + 1]!];
    return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
  });
}

const STEPS = 64;
/** Feature value, low (blue) to high (red), as SHAP plots colour it. */
const VALUE_RAMP = ramp(["#008bfb", "#ff0051"], STEPS);
/** Magnitude, none (pale) to strongest (dark orange). */
const MAGNITUDE_RAMP = ramp(["#fff5eb", "#fd8d3c", "#7f2704"], STEPS);
/** One colour per category (by index, repeating after 10). */
export const CATEGORY_COLOURS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

function pick(rampColours: string[], t: number): string {
  const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
  return rampColours[Math.round(clamped * STEPS)]!;
}

/** The value scale's colour at `t` (0 = low, 1 = high). */
export function valueColour(t: number): string {
  return pick(VALUE_RAMP, t);
}

/** The magnitude scale's colour at `t` (0 = none, 1 = the strongest). */
export function magnitudeColour(t: number): string {
  return pick(MAGNITUDE_RAMP, t);
}

export function categoryColour(index: number): string {
  return CATEGORY_COLOURS[((Math.round(index) % CATEGORY_COLOURS.length) + CATEGORY_COLOURS.length) % CATEGORY_COLOURS.length]!;
}

/** Whether dark text reads on `colour` (a `#rrggbb`). */
export function isLight(colour: string): boolean {
  const [r, g, b] = hex(colour);
  return 0.299 * r + 0.587 * g + 0.114 * b > 150;
}

/**
 * How one column's values are coloured: numbers (and booleans, date-times) from `lo` (blue) to
 * `hi` (red), clipped; labels one colour per category; missing grey.
 */
export type ColourScale = { kind: "value"; lo: number; hi: number } | { kind: "category"; labels: string[] };

/** The `q` quantile (0..1) of sorted values. */
function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const i = Math.floor(at);
  const j = Math.min(sorted.length - 1, i + 1);
  return sorted[i]! + (sorted[j]! - sorted[i]!) * (at - i);
}

/**
 * The scale of a column's values: its labels when it has categories, else its 5th to 95th
 * percentile (so a few outliers do not wash the rest out), or its range when those meet.
 */
export function colourScale(values: Iterable<number | null>, labels: string[] = []): ColourScale {
  if (labels.length > 0) return { kind: "category", labels };
  const sorted: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) sorted.push(v);
  sorted.sort((a, b) => a - b);
  if (sorted.length === 0) return { kind: "value", lo: 0, hi: 0 };
  let lo = quantile(sorted, 0.05);
  let hi = quantile(sorted, 0.95);
  if (hi <= lo) {
    lo = sorted[0]!;
    hi = sorted[sorted.length - 1]!;
  }
  return { kind: "value", lo, hi };
}

/** The colour of `value` on `scale` (grey when missing). */
export function colourOf(scale: ColourScale, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOUR;
  if (scale.kind === "category") return categoryColour(value);
  if (scale.hi <= scale.lo) return valueColour(0.5);
  return valueColour((value - scale.lo) / (scale.hi - scale.lo));
}
