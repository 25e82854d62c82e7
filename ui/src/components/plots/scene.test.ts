import { describe, expect, it, vi } from "vitest";
import { niceTicks } from "./axis";
import { CanvasUnavailable, drawScene, sceneToPng } from "./canvas";
import { legend, wrappedLegend } from "./layout";
import { LIGHT_PALETTE } from "./palette";
import { hitTest, pointsText, shapes, type Scene } from "./scene";
import { sceneToSvg } from "./svg";
import { xyFrame, xyScene, type XyChart } from "./xy";

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
    { kind: "polyline", points: [20, 90, 40, 70.123, 60, 95], stroke: "#4f46e5", strokeWidth: 2, testId: "trend" },
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
    // An open line: stroked, never filled; test ids stay on screen.
    expect(svg).toContain('<polyline points="20,90 40,70.12 60,95" fill="none" stroke="#4f46e5" stroke-width="2"/>');
    expect(svg).not.toContain("trend");
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
    // The polyline: three points, stroked, not closed (the polygon before it is).
    const line = calls.indexOf("strokeStyle=#4f46e5");
    const path = calls.slice(calls.lastIndexOf("beginPath(0)", line), line);
    expect(path.filter((c) => c === "lineTo(2)")).toHaveLength(2);
    expect(path).not.toContain("closePath(0)");
    expect(path).not.toContain("fill(0)");
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

  it("writes points as SVG text", () => {
    expect(pointsText([1, 2, 3.5, 4])).toBe("1,2 3.5,4");
    expect(pointsText([1, 2, 3], (v) => v.toFixed(1))).toBe("1.0,2.0");
  });

  it("picks round ticks", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.27, 0.41, 6)).toEqual([-0.2, 0, 0.2, 0.4]);
    expect(niceTicks(-0.27, 0.41, 10)).toEqual([-0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe("legends", () => {
  const palette = LIGHT_PALETTE;
  const entries = [
    { colour: "#111111", label: "a fairly long first entry" },
    { colour: "#222222", label: "second", dot: true },
    { colour: "#333333", label: "third, dashed", dash: [4, 2] },
  ];

  it("draws a bar, a dot or a dashed line before each label", () => {
    const items = legend(entries, 0, 20, palette);
    expect(items.map((i) => i.kind)).toEqual(["rect", "text", "circle", "text", "line", "text"]);
    expect(items[4]).toMatchObject({ kind: "line", dash: [4, 2], stroke: "#333333" });
  });

  it("wraps entries onto rows within the width", () => {
    const one = wrappedLegend(entries, 0, 20, palette, 1000);
    expect(one.rows).toBe(1);
    const wrapped = wrappedLegend(entries, 0, 20, palette, 260, 16);
    expect(wrapped.rows).toBe(2);
    const baselines = wrapped.items.flatMap((i) => (i.kind === "text" ? [i.y] : []));
    expect(baselines).toEqual([20, 20, 36]);
    expect(wrappedLegend([], 0, 20, palette, 200)).toEqual({ items: [], rows: 0 });
  });
});

describe("x–y charts", () => {
  const palette = LIGHT_PALETTE;
  const chart: XyChart = {
    title: "Chart",
    xLabel: "x",
    yLabel: "y",
    series: [
      { label: "line", colour: "#4f46e5", points: [{ x: 0, y: 1 }, { x: 10, y: 3 }, { x: 5, y: Number.NaN }], line: true, testId: "l" },
      { colour: "#b42318", points: [{ x: 4, y: 2, hit: { row: 7 }, title: "seven" }], r: 3 },
    ],
    formatX: String,
    formatY: String,
  };

  it("scales fixed domains onto the plotting area, or the points' padded extent, keeping zero in view for a zero guide", () => {
    const fixed = xyFrame({ ...chart, xDomain: [0, 10], yDomain: [0, 4] });
    expect([fixed.x(0), fixed.x(10)]).toEqual([fixed.left, fixed.right]);
    expect([fixed.y(0), fixed.y(4)]).toEqual([fixed.bottom, fixed.top]);
    const free = xyFrame(chart);
    expect(free.xDomain[0]).toBeLessThan(0);
    expect(free.xDomain[1]).toBeGreaterThan(10);
    expect(free.yDomain[0]).toBeGreaterThan(0);
    expect(xyFrame({ ...chart, reference: "zero" }).yDomain[0]).toBeLessThan(0);
  });

  it("draws lines through the finite points, dots with their hits and tooltips, axes, labels and a legend", () => {
    const scene = xyScene({ ...chart, reference: "diagonal", xDomain: [0, 4], yDomain: [0, 4] }, palette);
    const line = shapes(scene).find((s) => s.kind === "polyline");
    expect(line).toMatchObject({ testId: "l", stroke: "#4f46e5" });
    expect(line?.kind === "polyline" && line.points).toHaveLength(4);
    const frame = xyFrame({ ...chart, xDomain: [0, 4], yDomain: [0, 4] });
    expect(hitTest(scene, frame.x(4), frame.y(2))?.hit).toEqual({ row: 7 });
    expect(sceneToSvg(scene)).toContain("<title>seven</title>");
    const texts = shapes(scene).flatMap((s) => (s.kind === "text" ? [s.text] : []));
    expect(texts).toEqual(expect.arrayContaining(["x", "y", "line", "0", "4"]));
    // Only labelled series are in the legend.
    expect(texts.filter((t) => t === "line")).toHaveLength(1);
    expect(scene.title).toBe("Chart");
  });
});
