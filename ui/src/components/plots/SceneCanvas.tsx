import { useEffect, useRef, useState, type MouseEvent } from "react";
import { drawScene } from "./canvas";
import { HOVER_COLOUR } from "./palette";
import { hitTest, sameHit, type Found, type Hit, type Scene, type SceneItem } from "./scene";

/** Device pixels per CSS pixel, followed when the window moves to another screen or zooms. */
function useDevicePixelRatio(): number {
  const [ratio, setRatio] = useState(() => window.devicePixelRatio || 1);
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia(`(resolution: ${ratio}dppx)`);
    const update = () => setRatio(window.devicePixelRatio || 1);
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, [ratio]);
  return ratio;
}

/** Sizes `canvas` for `scene` at `ratio` and draws `items` on it (nothing where there is no 2D context). */
function paint(canvas: HTMLCanvasElement | null, scene: Scene, items: SceneItem[], ratio: number) {
  if (!canvas) return;
  const width = Math.ceil(scene.width * ratio);
  const height = Math.ceil(scene.height * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  drawScene(ctx, { ...scene, items }, ratio, false);
}

/** The shape under the pointer; where the pointer is in the plot's box, and whether past its middle. */
type Hover = { found: Found; left: number; top: number; flip: boolean };

/**
 * A scene drawn on a canvas (thousands of shapes), sharp at the screen's pixel ratio. `overlay`
 * (the selection) is drawn on a second canvas above, so it changes without redrawing the plot;
 * hovering a shape with a hit shows `describe(hit)`, clicking it calls `onPick`.
 */
export function SceneCanvas({
  scene,
  overlay = [],
  testId,
  describe,
  onPick,
}: {
  scene: Scene;
  overlay?: SceneItem[];
  testId: string;
  describe: (hit: Hit) => string;
  onPick: (hit: Hit) => void;
}) {
  const base = useRef<HTMLCanvasElement>(null);
  const top = useRef<HTMLCanvasElement>(null);
  const ratio = useDevicePixelRatio();
  const [hover, setHover] = useState<Hover | null>(null);

  useEffect(() => paint(base.current, scene, scene.items, ratio), [scene, ratio]);
  useEffect(() => {
    const shape = hover?.found.shape;
    const ring: SceneItem[] =
      shape?.kind === "circle" ? [{ kind: "circle", x: shape.x, y: shape.y, r: shape.r + 2.5, stroke: HOVER_COLOUR, strokeWidth: 2 }] : [];
    paint(top.current, scene, [...overlay, ...ring], ratio);
  }, [scene, overlay, hover, ratio]);

  /** The shape under the pointer, and where the pointer is in the plot's box. */
  function locate(e: MouseEvent<HTMLCanvasElement>): Hover | null {
    const rect = e.currentTarget.getBoundingClientRect();
    const k = rect.width > 0 ? scene.width / rect.width : 1;
    const found = hitTest(scene, (e.clientX - rect.left) * k, (e.clientY - rect.top) * k);
    return found ? { found, left: e.clientX - rect.left, top: e.clientY - rect.top, flip: e.clientX - rect.left > rect.width / 2 } : null;
  }

  function move(e: MouseEvent<HTMLCanvasElement>) {
    const next = locate(e);
    setHover((h) => (next && h && sameHit(h.found.hit, next.found.hit) && h.found.shape === next.found.shape ? h : next));
  }

  function click(e: MouseEvent<HTMLCanvasElement>) {
    const found = locate(e);
    if (found) onPick(found.found.hit);
  }

  return (
    <div className="plot-canvas">
      <canvas
        ref={base}
        width={Math.ceil(scene.width * ratio)}
        height={Math.ceil(scene.height * ratio)}
        role="img"
        aria-label={scene.title}
        data-testid={`${testId}-canvas`}
        className={hover ? "plot-canvas-hit" : undefined}
        onMouseMove={move}
        onMouseLeave={() => setHover(null)}
        onClick={click}
      />
      <canvas
        ref={top}
        width={Math.ceil(scene.width * ratio)}
        height={Math.ceil(scene.height * ratio)}
        className="plot-canvas-overlay"
        aria-hidden="true"
      />
      {hover && (
        <div
          className="plot-tooltip"
          style={{
            left: hover.flip ? undefined : hover.left + 12,
            right: hover.flip ? `calc(100% - ${hover.left - 12}px)` : undefined,
            top: hover.top + 12,
          }}
          data-testid={`${testId}-tooltip`}
        >
          {describe(hover.found.hit)}
        </div>
      )}
    </div>
  );
}
