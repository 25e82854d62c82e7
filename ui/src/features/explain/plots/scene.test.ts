import { describe, expect, it, vi } from "vitest";
import { niceTicks } from "./axis";
import { CanvasUnavailable, drawScene, sceneToPng } from "./canvas";
import { hitTest, type Scene } from "./scene";
import { sceneToSvg } from "./svg";

const scene: Scene = {
  width: 200,
  height: 100,
  title: "A <small> plot",
  background: "#ffffff",
  items: [
    { kind: "rect", x: 10, y: 10, width: 50, height: 20, fill: "#4f46e5", radius: 2 },
    // Hit areas only: never drawn.
    { kind: "rect", x: 0, y: 0, width: 200, height: 5, hit: { column: 9 } },
    {
      kind: "group",
      title: "amount: 1.5",
      hit: { column: 1 },
      items: [
        { kind: "line", x1: 0, y1: 50, x2: 200, y2: 50, stroke: "#cfd0d8", dash: [3, 2] },
        { kind: "text", x: 5, y: 60, text: "a < b & c", size: 11, fill: "#1d1f24", anchor: "end", rotate: -45 },
      ],
    },
    { kind: "circle", x: 100, y: 80, r: 3, fill: "#ff0051", hit: { row: 4, column: 0 } },
    { kind: "circle", x: 106, y: 80, r: 3, fill: "#ff0051", hit: { row: 5, column: 0 } },
    { kind: "polygon", points: [0, 0, 10, 0, 5, 8], fill: "#b42318", hit: { column: 2 } },
  ],
};

describe("scene", () => {
  it("writes an SVG file with the scene's size, title, background, shapes and escaped texts", () => {
    const svg = sceneToSvg(scene);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"')).toBe(
      true,
    );
    expect(svg).toContain("<title>A &lt;small&gt; plot</title>");
    expect(svg).toContain('<rect x="0" y="0" width="200" height="100" fill="#ffffff"/>');
    expect(svg).toContain('<rect x="10" y="10" width="50" height="20" rx="2" fill="#4f46e5"/>');
    expect(svg).toContain('<line x1="0" y1="50" x2="200" y2="50" fill="none" stroke="#cfd0d8" stroke-width="1" stroke-dasharray="3 2"/>');
    expect(svg).toContain(
      '<text x="5" y="60" font-size="11" fill="#1d1f24" text-anchor="end" transform="rotate(-45 5 60)">a &lt; b &amp; c</text>',
    );
    expect(svg).toContain("<title>amount: 1.5</title>");
    expect(svg).toContain('<circle cx="100" cy="80" r="3" fill="#ff0051"/>');
    expect(svg).toContain('<polygon points="0,0 10,0 5,8" fill="#b42318"/>');
    // The invisible hit area is left out: the background and one painted rect.
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("finds the nearest shape with a hit under the pointer, groups lending theirs", () => {
    expect(hitTest(scene, 101, 80)?.hit).toEqual({ row: 4, column: 0 });
    expect(hitTest(scene, 105, 80)?.hit).toEqual({ row: 5, column: 0 });
    expect(hitTest(scene, 150, 2)?.hit).toEqual({ column: 9 });
    expect(hitTest(scene, 4, 3)?.hit).toEqual({ column: 2 });
    // Lines and texts are not targets; empty space has none.
    expect(hitTest(scene, 150, 50)).toBeNull();
    expect(hitTest(scene, 150, 95)).toBeNull();
  });

  it("draws on a canvas: background, shapes, and neighbouring dots alike in one fill", () => {
    const calls: string[] = [];
    const ctx = new Proxy({ canvas: { width: 400, height: 200 } } as Record<string, unknown>, {
      get: (target, key: string) => (key in target ? target[key] : (...args: unknown[]) => calls.push(`${key}(${args.length})`)),
      set: (target, key: string, value) => {
        calls.push(`${key}=${String(value)}`);
        target[key] = value;
        return true;
      },
    }) as unknown as CanvasRenderingContext2D;
    drawScene(ctx, scene, 2, true);
    expect(calls).toContain("setTransform(6)");
    expect(calls.indexOf("fillStyle=#ffffff")).toBeLessThan(calls.indexOf("fillStyle=#4f46e5"));
    expect(calls).toContain("fillText(3)");
    expect(calls).toContain("rotate(1)");
    // The two red dots: two arcs, one fill.
    const red = calls.indexOf("fillStyle=#ff0051");
    expect(calls.slice(red - 5, red).filter((c) => c === "arc(5)")).toHaveLength(2);
    expect(calls.filter((c) => c === "fillStyle=#ff0051")).toHaveLength(1);
  });

  it("cannot make a PNG without a 2D canvas (jsdom), and says so", async () => {
    await expect(sceneToPng(scene)).rejects.toBeInstanceOf(CanvasUnavailable);
  });

  it("makes PNG bytes at twice the size where a canvas draws", async () => {
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function (this: HTMLCanvasElement) {
      return new Proxy({ canvas: this }, { get: (t, k) => (k in t ? t[k as "canvas"] : () => {}), set: () => true }) as never;
    });
    const sizes: number[] = [];
    const toBlob = vi.spyOn(HTMLCanvasElement.prototype, "toBlob").mockImplementation(function (
      this: HTMLCanvasElement,
      done: BlobCallback,
    ) {
      sizes.push(this.width, this.height);
      done(new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }));
    });
    try {
      expect([...(await sceneToPng(scene))]).toEqual([137, 80, 78, 71]);
      expect(sizes).toEqual([400, 200]);
    } finally {
      getContext.mockRestore();
      toBlob.mockRestore();
    }
  });

  it("picks round ticks", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.27, 0.41, 6)).toEqual([-0.2, 0, 0.2, 0.4]);
    expect(niceTicks(-0.27, 0.41, 10)).toEqual([-0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});
