// Scales and axes shared by the plots.
import type { Palette } from "./palette";
import type { SceneItem } from "./scene";
import { SIZE } from "./layout";

/** Maps `[d0, d1]` onto `[r0, r1]` linearly (a degenerate domain maps to the middle). */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (!(d1 - d0 > 0)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** `[lo, hi]` of the finite numbers of `values` (padded by `pad` of the span); `[-1, 1]` around a single value. */
export function extent(values: Iterable<number>, pad = 0): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [-1, 1];
  if (hi - lo < 1e-12) {
    const half = Math.abs(lo) > 1e-9 ? Math.abs(lo) * 0.1 : 1;
    return [lo - half, hi + half];
  }
  const margin = (hi - lo) * pad;
  return [lo - margin, hi + margin];
}

/** About `count` round tick values covering `[lo, hi]` (steps of 1, 2 or 5 × 10ⁿ). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i += 1) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/** A horizontal axis at `y` from `x0` to `x1`, with a tick and label per value. */
export function xAxis(
  x: (v: number) => number,
  ticks: number[],
  format: (v: number) => string,
  at: { y: number; x0: number; x1: number },
  palette: Palette,
): SceneItem[] {
  const items: SceneItem[] = [{ kind: "line", x1: at.x0, y1: at.y, x2: at.x1, y2: at.y, stroke: palette.axis }];
  for (const v of ticks) {
    const px = x(v);
    items.push({ kind: "line", x1: px, y1: at.y, x2: px, y2: at.y + 4, stroke: palette.axis });
    items.push({
      kind: "text",
      x: px,
      y: at.y + 4 + SIZE.tick + 1,
      text: format(v),
      size: SIZE.tick,
      fill: palette.muted,
      anchor: "middle",
    });
  }
  return items;
}

/** A vertical axis at `x` from `y0` (top) to `y1`, labels to its left. */
export function yAxis(
  y: (v: number) => number,
  ticks: number[],
  format: (v: number) => string,
  at: { x: number; y0: number; y1: number },
  palette: Palette,
): SceneItem[] {
  const items: SceneItem[] = [{ kind: "line", x1: at.x, y1: at.y0, x2: at.x, y2: at.y1, stroke: palette.axis }];
  for (const v of ticks) {
    const py = y(v);
    items.push({ kind: "line", x1: at.x - 4, y1: py, x2: at.x, y2: py, stroke: palette.axis });
    items.push({
      kind: "text",
      x: at.x - 6,
      y: py + SIZE.tick * 0.35,
      text: format(v),
      size: SIZE.tick,
      fill: palette.muted,
      anchor: "end",
    });
  }
  return items;
}
