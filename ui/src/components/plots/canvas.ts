// Draws a scene on a 2D canvas: the on-screen canvas plots, and the PNG export.
import { FONT } from "./layout";
import { painted, type Paint, type Scene, type SceneItem } from "./scene";

/** No 2D canvas here (a test DOM, or a webview without one). */
export class CanvasUnavailable extends Error {
  constructor() {
    super("2D canvas unavailable");
    this.name = "CanvasUnavailable";
  }
}

const ALIGN = { start: "left", middle: "center", end: "right" } as const;

function stroke(ctx: CanvasRenderingContext2D, p: Paint) {
  if (p.stroke === undefined) return;
  ctx.strokeStyle = p.stroke;
  ctx.lineWidth = p.strokeWidth ?? 1;
  ctx.setLineDash(p.dash ?? []);
  ctx.stroke();
}

function fill(ctx: CanvasRenderingContext2D, p: Paint) {
  if (p.fill === undefined || p.fill === "none") return;
  ctx.fillStyle = p.fill;
  ctx.fill();
}

function draw(ctx: CanvasRenderingContext2D, items: SceneItem[]) {
  for (let i = 0; i < items.length; i += 1) {
    const it = items[i]!;
    if (it.kind === "group") {
      draw(ctx, it.items);
      continue;
    }
    if (it.kind === "text") {
      ctx.save();
      ctx.globalAlpha = 1;
      ctx.font = `${it.italic ? "italic " : ""}${it.weight === "bold" ? "600 " : ""}${it.size}px ${FONT}`;
      ctx.textAlign = ALIGN[it.anchor ?? "start"];
      ctx.textBaseline = "alphabetic";
      ctx.fillStyle = it.fill;
      ctx.translate(it.x, it.y);
      if (it.rotate) ctx.rotate((it.rotate * Math.PI) / 180);
      ctx.fillText(it.text, 0, 0);
      ctx.restore();
      continue;
    }
    if (!painted(it)) continue;
    ctx.globalAlpha = it.opacity ?? 1;
    ctx.beginPath();
    switch (it.kind) {
      case "rect":
        if (it.radius && typeof ctx.roundRect === "function") ctx.roundRect(it.x, it.y, it.width, it.height, it.radius);
        else ctx.rect(it.x, it.y, it.width, it.height);
        break;
      case "circle": {
        // Consecutive dots painted alike go into one path: thousands of points, a few fills.
        ctx.moveTo(it.x + it.r, it.y);
        ctx.arc(it.x, it.y, it.r, 0, Math.PI * 2);
        let next = items[i + 1];
        while (
          next?.kind === "circle" &&
          next.stroke === undefined &&
          it.stroke === undefined &&
          next.fill === it.fill &&
          next.opacity === it.opacity
        ) {
          ctx.moveTo(next.x + next.r, next.y);
          ctx.arc(next.x, next.y, next.r, 0, Math.PI * 2);
          i += 1;
          next = items[i + 1];
        }
        break;
      }
      case "line":
        ctx.moveTo(it.x1, it.y1);
        ctx.lineTo(it.x2, it.y2);
        break;
      case "polygon":
      case "polyline":
        for (let p = 0; p + 1 < it.points.length; p += 2) {
          if (p === 0) ctx.moveTo(it.points[p]!, it.points[p + 1]!);
          else ctx.lineTo(it.points[p]!, it.points[p + 1]!);
        }
        if (it.kind === "polygon") ctx.closePath();
        break;
    }
    if (it.kind !== "line" && it.kind !== "polyline") fill(ctx, it);
    stroke(ctx, it);
  }
  ctx.globalAlpha = 1;
}

/**
 * Draws `scene` on `ctx` at `scale` device pixels per scene unit (the canvas is cleared first);
 * `background` paints the scene's background, else what is behind the canvas shows.
 */
export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, scale: number, background: boolean) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  if (background) {
    ctx.fillStyle = scene.background;
    ctx.fillRect(0, 0, scene.width, scene.height);
  }
  draw(ctx, scene.items);
}

/** The scene as PNG bytes at `scale`× (2× by default, sharp on high-density screens). */
export async function sceneToPng(scene: Scene, scale = 2): Promise<Uint8Array> {
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(scene.width * scale);
  canvas.height = Math.ceil(scene.height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new CanvasUnavailable();
  drawScene(ctx, scene, scale, true);
  const blob = await new Promise<Blob | null>((resolve) => {
    if (typeof canvas.toBlob !== "function") resolve(null);
    else canvas.toBlob(resolve, "image/png");
  });
  if (!blob) throw new CanvasUnavailable();
  return new Uint8Array(await blob.arrayBuffer());
}
