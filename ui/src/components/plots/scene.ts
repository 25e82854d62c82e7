// A plot as data: the shapes and texts a geometry function lays out, drawn on screen (SVG or
// canvas) and exported (PNG or SVG) by the same renderers, so what is saved is what is shown.

/**
 * What a shape stands for, for hovering and clicking: an explained row, a column, a colour column;
 * a matrix cell (its row and column).
 */
export type Hit = { row?: number; column?: number; colour?: number };

type Common = {
  /** A class on the on-screen SVG element (for styling and tests; exports ignore it). */
  className?: string;
  /** A test id on the on-screen SVG element (exports ignore it). */
  testId?: string;
  /** Makes the shape hoverable and clickable (a group on screen also focusable, picked with Enter or Space). */
  hit?: Hit;
};

/** How a shape is painted; no fill and no stroke = an invisible hit area. */
export type Paint = { fill?: string; stroke?: string; strokeWidth?: number; dash?: number[]; opacity?: number };

export type SceneRect = Common & Paint & { kind: "rect"; x: number; y: number; width: number; height: number; radius?: number };
export type SceneCircle = Common & Paint & { kind: "circle"; x: number; y: number; r: number };
export type SceneLine = Common & Paint & { kind: "line"; x1: number; y1: number; x2: number; y2: number };
/** A closed polygon through `points` (`[x0, y0, x1, y1, …]`). */
export type ScenePolygon = Common & Paint & { kind: "polygon"; points: number[] };
/** An open line through `points` (`[x0, y0, x1, y1, …]`): stroked, never filled. */
export type ScenePolyline = Common & Paint & { kind: "polyline"; points: number[] };
/** Text whose baseline starts (or is centred, or ends) at `x, y`; `rotate` in degrees around that point. */
export type SceneText = Common & {
  kind: "text";
  x: number;
  y: number;
  text: string;
  size: number;
  fill: string;
  anchor?: "start" | "middle" | "end";
  weight?: "normal" | "bold";
  italic?: boolean;
  rotate?: number;
};
/** Shapes that belong together: one tooltip (`title`), one hit, test ids and data attributes on screen. */
export type SceneGroup = Common & {
  kind: "group";
  items: SceneItem[];
  title?: string;
  data?: Record<string, string | number>;
};

export type SceneItem = SceneRect | SceneCircle | SceneLine | ScenePolygon | ScenePolyline | SceneText | SceneGroup;

/** A plot in its own units (CSS pixels at 1×): `background` fills exports, the screen shows the page behind. */
export type Scene = { width: number; height: number; title: string; background: string; items: SceneItem[] };

/** Whether a shape leaves a mark (a shape with neither fill nor stroke only catches the pointer). */
export function painted(item: Paint): boolean {
  return (item.fill !== undefined && item.fill !== "none") || item.stroke !== undefined;
}

type Shape = Exclude<SceneItem, SceneGroup>;

/** Calls `visit` with every shape of `items`, groups opened, and the hit of the nearest group that has one. */
function eachShape(items: SceneItem[], visit: (shape: Shape, hit: Hit | undefined) => void, inherited?: Hit) {
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i]!;
    if (item.kind === "group") eachShape(item.items, visit, item.hit ?? inherited);
    else visit(item, item.hit ?? inherited);
  }
}

/** How far `x, y` is from a shape (0 inside it), or Infinity for shapes that cannot be hit (lines, polylines, text). */
function distance(item: Shape, x: number, y: number): number {
  switch (item.kind) {
    case "circle":
      return Math.max(0, Math.hypot(x - item.x, y - item.y) - item.r);
    case "rect": {
      const dx = Math.max(item.x - x, 0, x - (item.x + item.width));
      const dy = Math.max(item.y - y, 0, y - (item.y + item.height));
      return Math.hypot(dx, dy);
    }
    case "polygon": {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let i = 0; i + 1 < item.points.length; i += 2) {
        x0 = Math.min(x0, item.points[i]!);
        x1 = Math.max(x1, item.points[i]!);
        y0 = Math.min(y0, item.points[i + 1]!);
        y1 = Math.max(y1, item.points[i + 1]!);
      }
      return Math.hypot(Math.max(x0 - x, 0, x - x1), Math.max(y0 - y, 0, y - y1));
    }
    default:
      return Infinity;
  }
}

/** A shape under the pointer and what it stands for. */
export type Found = { hit: Hit; shape: Shape };

/** Side of the squares the pointer's neighbourhood is looked up in. */
const CELL = 24;

/** A scene's hittable shapes by grid square (a shape in every square its box touches, widened by `slop`). */
type HitIndex = { slop: number; columns: number; cells: Map<number, Found[]> };

const indexes = new WeakMap<Scene, HitIndex>();

/** The box of a shape that can be hit (null for lines, polylines and text). */
function box(shape: Shape): [number, number, number, number] | null {
  switch (shape.kind) {
    case "circle":
      return [shape.x - shape.r, shape.y - shape.r, shape.x + shape.r, shape.y + shape.r];
    case "rect":
      return [shape.x, shape.y, shape.x + shape.width, shape.y + shape.height];
    case "polygon": {
      const xs = shape.points.filter((_, i) => i % 2 === 0);
      const ys = shape.points.filter((_, i) => i % 2 === 1);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    }
    default:
      return null;
  }
}

function index(scene: Scene, slop: number): HitIndex {
  const known = indexes.get(scene);
  if (known && known.slop === slop) return known;
  const columns = Math.ceil(scene.width / CELL) + 1;
  const cells = new Map<number, Found[]>();
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.floor(v / CELL)));
  const rows = Math.ceil(scene.height / CELL) + 1;
  eachShape(scene.items, (shape, hit) => {
    const b = hit && box(shape);
    if (!hit || !b) return;
    const found = { hit, shape };
    for (let gy = clamp(b[1] - slop, rows); gy <= clamp(b[3] + slop, rows); gy += 1) {
      for (let gx = clamp(b[0] - slop, columns); gx <= clamp(b[2] + slop, columns); gx += 1) {
        const key = gy * columns + gx;
        const list = cells.get(key);
        if (list) list.push(found);
        else cells.set(key, [found]);
      }
    }
  });
  const built = { slop, columns, cells };
  indexes.set(scene, built);
  return built;
}

/**
 * The shape at `x, y` (scene units) that has a hit: the nearest within `slop`, the topmost (last
 * drawn) on a tie; null over empty space. The scene's shapes are indexed by position once, so
 * hovering thousands of dots stays quick.
 */
export function hitTest(scene: Scene, x: number, y: number, slop = 3): Found | null {
  const { columns, cells } = index(scene, slop);
  if (x < 0 || y < 0) return null;
  const near = cells.get(Math.floor(y / CELL) * columns + Math.floor(x / CELL)) ?? [];
  let best: Found | null = null;
  let bestDistance = Infinity;
  for (const found of near) {
    const d = distance(found.shape, x, y);
    if (d <= slop && d <= bestDistance) {
      best = found;
      bestDistance = d;
    }
  }
  return best;
}

/** `[x0, y0, x1, y1, …]` as SVG `points` text ("x0,y0 x1,y1 …"), each number written by `format`. */
export function pointsText(points: number[], format: (v: number) => string = String): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) pairs.push(`${format(points[i]!)},${format(points[i + 1]!)}`);
  return pairs.join(" ");
}

export function sameHit(a: Hit | null, b: Hit | null): boolean {
  return a === b || (a !== null && b !== null && a.row === b.row && a.column === b.column && a.colour === b.colour);
}

/** Every shape of a scene, groups opened (for tests and renderers). */
export function shapes(scene: Scene | SceneItem[]): Shape[] {
  const out: Shape[] = [];
  eachShape(Array.isArray(scene) ? scene : scene.items, (shape) => out.push(shape));
  return out;
}
