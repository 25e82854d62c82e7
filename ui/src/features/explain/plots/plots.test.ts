import { describe, expect, it } from "vitest";
import { binaryView, englishData, interactionView, multiclassView, SWARM_COLOURS, swarmView } from "../../../test/explainFixtures";
import { beeswarmLayout, beeswarmScene, SWARM_H } from "./beeswarm";
import { defaultColour, dependenceLayout, dependenceScene } from "./dependence";
import { featureKinds, formatDateTime } from "./features";
import { forceLayout, forceScene } from "./force";
import { importanceScene } from "./importance";
import { heatmapLayout, heatmapScene, MAX_INTERACTION_COLUMNS } from "./interactions";
import { categoryColour, colourOf, colourScale, LIGHT_PALETTE, MISSING_COLOUR, valueColour } from "../../../components/plots/palette";
import { shapes, type Scene } from "../../../components/plots/scene";
import { sceneToSvg } from "../../../components/plots/svg";
import { waterfallScene } from "./waterfall";

const palette = LIGHT_PALETTE;

/** Red and blue of a `#rrggbb`. */
function redBlue(colour: string): [number, number] {
  const v = Number.parseInt(colour.slice(1), 16);
  return [(v >> 16) & 255, v & 255];
}

function texts(scene: Scene): string[] {
  return shapes(scene).flatMap((s) => (s.kind === "text" ? [s.text] : []));
}

describe("raw values", () => {
  it("reads kinds from the categories and the dataset's column types, and writes values as they were", () => {
    const data = englishData(swarmView(12));
    expect(featureKinds(data.view, { flag: "boolean", joined: "datetime" })).toEqual(["number", "category", "boolean", "datetime"]);
    expect([data.text(0, 7), data.text(0, null), data.text(1, 2), data.text(2, 1), data.text(3, Date.UTC(2024, 0, 3))]).toEqual([
      "7",
      "missing",
      "red",
      "true",
      "2024-01-03",
    ]);
    expect(formatDateTime(Date.UTC(2025, 0, 3, 12, 30))).toBe("2025-01-03 12:30");
    expect(formatDateTime(Date.UTC(2025, 0, 3, 12, 30, 5))).toBe("2025-01-03 12:30:05");
  });

  it("colours values low (blue) to high (red) between the 5th and 95th percentiles, labels by index, missing grey", () => {
    const scale = colourScale([...Array.from({ length: 100 }, (_, i) => i), null, 10_000]);
    expect(scale).toMatchObject({ kind: "value" });
    const [lowRed, lowBlue] = redBlue(colourOf(scale, 0));
    const [highRed, highBlue] = redBlue(colourOf(scale, 90));
    expect(highRed).toBeGreaterThan(lowRed);
    expect(highBlue).toBeLessThan(lowBlue);
    // The outlier is clipped to the top colour, not stretching the scale.
    expect(colourOf(scale, 10_000)).toBe(valueColour(1));
    expect(colourOf(scale, null)).toBe(MISSING_COLOUR);
    const labels = colourScale([0, 1, 2], SWARM_COLOURS);
    expect([0, 1, 2].map((i) => colourOf(labels, i))).toEqual([categoryColour(0), categoryColour(1), categoryColour(2)]);
    expect(new Set([0, 1, 2].map((i) => colourOf(labels, i))).size).toBe(3);
  });
});

describe("beeswarm", () => {
  const data = englishData(swarmView(300));
  const layout = beeswarmLayout(data, 0);

  it("has the bar chart's columns in its order, top N", () => {
    expect(layout.columns).toEqual([0, 1, 2, 3]);
    expect(beeswarmLayout(englishData(multiclassView(25)), 1).columns).toHaveLength(20);
    expect(beeswarmLayout(data, 0, 2).columns).toEqual([0, 1]);
  });

  it("puts higher SHAP values further right, each column's dots within its row", () => {
    const income = layout.points.filter((p) => p.column === 0).sort((a, b) => a.shap - b.shap);
    expect(income).toHaveLength(300);
    for (let i = 1; i < income.length; i += 1) expect(income[i]!.x).toBeGreaterThanOrEqual(income[i - 1]!.x);
    expect(income[income.length - 1]!.x).toBeGreaterThan(income[0]!.x + 300);
    layout.columns.forEach((c, i) => {
      for (const p of layout.points.filter((q) => q.column === c)) {
        expect(Math.abs(p.y - layout.centre(i))).toBeLessThanOrEqual(SWARM_H / 2);
      }
    });
    // Crowded bins spread up and down: `colour` has 3 SHAP values for 300 rows.
    const colour = layout.points.filter((p) => p.column === 1);
    expect(new Set(colour.map((p) => Math.round(p.y))).size).toBeGreaterThan(10);
  });

  it("colours dots by the column's value (higher = redder), labels by index, missing grey", () => {
    const at = (row: number, column: number) => layout.points.find((p) => p.row === row && p.column === column)!;
    expect(redBlue(at(250, 0).fill)[0]).toBeGreaterThan(redBlue(at(20, 0).fill)[0]);
    expect(redBlue(at(250, 0).fill)[1]).toBeLessThan(redBlue(at(20, 0).fill)[1]);
    expect(at(9, 0).fill).toBe(MISSING_COLOUR);
    expect(at(4, 1).fill).toBe(categoryColour(1));
  });

  it("draws a dot per row and column that selects its row, names that open a column, an axis and a legend", () => {
    const scene = beeswarmScene(layout, data, palette);
    const dots = shapes(scene).filter((s) => s.kind === "circle" && s.hit?.row !== undefined);
    expect(dots).toHaveLength(4 * 300);
    expect(scene.items.some((i) => i.kind === "group" && i.hit?.column === 2 && i.hit.row === undefined)).toBe(true);
    expect(texts(scene)).toEqual(expect.arrayContaining(["income", "colour", "flag", "joined", "Feature value", "low", "high", "missing"]));
    expect(texts(scene).some((t) => t.startsWith("SHAP value"))).toBe(true);
  });
});

describe("dependence plot", () => {
  const data = englishData(swarmView(60));

  it("puts a labelled column on a categorical axis, each label's rows in its band", () => {
    const layout = dependenceLayout(data, 0, 1, null);
    expect(layout.axis.kind).toBe("category");
    if (layout.axis.kind !== "category") return;
    expect(layout.axis.labels).toEqual(SWARM_COLOURS);
    const { centre, band } = layout.axis;
    for (const p of layout.points) expect(Math.abs(p.x - centre(p.value))).toBeLessThanOrEqual(band * 0.3 + 1e-9);
    expect(centre(0)).toBeLessThan(centre(1));
    const scene = dependenceScene(layout, data, palette);
    expect(texts(scene)).toEqual(expect.arrayContaining(["blue", "green", "red", "colour"]));
    // A boolean reads false/true.
    const flag = dependenceLayout(data, 0, 2, null).axis;
    expect(flag.kind === "category" && flag.labels).toEqual(["false", "true"]);
  });

  it("puts a number on a linear axis (x grows with the value, y with SHAP), leaving missing values out", () => {
    const layout = dependenceLayout(data, 0, 0, defaultColour(data, 0, 0));
    expect(layout.axis.kind).toBe("linear");
    expect(layout.missing).toBe(6);
    expect(layout.points).toHaveLength(54);
    const byValue = [...layout.points].sort((a, b) => a.value - b.value);
    expect(byValue[0]!.x).toBeLessThan(byValue[byValue.length - 1]!.x);
    // SVG y grows downwards: a higher SHAP value is higher up.
    expect(byValue[0]!.y).toBeGreaterThan(byValue[byValue.length - 1]!.y);
  });

  it("is coloured by the column dependenceColor names, which the legend names", () => {
    expect(defaultColour(data, 0, 0)).toBe(1);
    const layout = dependenceLayout(data, 0, 0, 1);
    expect(layout.points.find((p) => p.row === 4)!.colour).toBe(categoryColour(1));
    const scene = dependenceScene(layout, data, palette);
    expect(texts(scene)).toEqual(expect.arrayContaining(["colour", "blue", "green", "red"]));
    expect(
      dependenceScene(dependenceLayout(data, 0, 3, 0), data, palette).items.some((i) => i.kind === "text" && i.text === "income"),
    ).toBe(true);
    // No colouring column: none named.
    expect(defaultColour(englishData(multiclassView(3)), 0, 0)).toBeNull();
  });
});

describe("force plot", () => {
  const data = englishData(binaryView, { at: "datetime" });

  it("stacks the columns from the base value to the output", () => {
    for (const row of [0, 1]) {
      const f = forceLayout(data, row, 0);
      const values = binaryView.values.slice(row * 3, row * 3 + 3);
      expect(f.output).toBeCloseTo(-1.25 + values.reduce<number>((a, b) => a + (b ?? 0), 0), 12);
      const pos = f.positive.reduce((s, g) => s + (g.to - g.from), 0);
      const neg = f.negative.reduce((s, g) => s + (g.to - g.from), 0);
      expect(pos - neg).toBeCloseTo(f.output - f.base, 12);
      // Raising columns end at the output, lowering ones start there, largest nearest.
      expect(f.positive[0]!.to).toBe(f.output);
      expect(f.negative[0]!.from).toBe(f.output);
      expect(f.positive[f.positive.length - 1]!.from).toBeCloseTo(f.output - pos, 12);
      expect(f.negative[f.negative.length - 1]!.to).toBeCloseTo(f.base + pos, 12);
      for (const s of [...f.positive, ...f.negative]) expect(s.to).toBeGreaterThan(s.from);
    }
    expect(forceLayout(data, 0, 0).positive.map((s) => s.column)).toEqual([2, 0]);
    expect(forceLayout(data, 0, 0).negative.map((s) => s.column)).toEqual([1]);
  });

  it("labels segments with the column's raw value, red raising and blue lowering", () => {
    const scene = forceScene(forceLayout(data, 1, 0), data, 1, palette);
    const groups = scene.items.filter((i) => i.kind === "group");
    expect(groups.map((g) => g.kind === "group" && g.title)).toEqual([
      "amount = missing: +0.75",
      "at = 2025-01-03 12:30: +0.05",
      "id = 11: −0.2",
    ]);
    const polygons = shapes(scene).filter((s) => s.kind === "polygon");
    expect(polygons.map((p) => p.fill)).toEqual([palette.positive, palette.positive, palette.negative]);
    expect(texts(scene)).toEqual(expect.arrayContaining(["f(x) = -0.65", "base value -1.25"]));
    expect(texts(scene).some((t) => t.startsWith("amount = missing"))).toBe(true);
  });
});

describe("interaction heat-map", () => {
  it("takes the most important columns (at most 20), hiding main effects or outlining them", () => {
    const data = englishData(interactionView, {});
    const hidden = heatmapLayout(data, true);
    expect(hidden.columns).toEqual([1, 2, 0]);
    expect(hidden.cells).toHaveLength(9);
    expect(hidden.max).toBe(0.09);
    expect(hidden.cells.filter((c) => c.hidden).map((c) => c.i)).toEqual([1, 2, 0]);
    const shown = heatmapLayout(data, false);
    expect(shown.max).toBe(0.6);
    expect(shown.cells.some((c) => c.hidden)).toBe(false);
    const scene = heatmapScene(shown, data, palette);
    const diagonal = scene.items.find((i) => i.kind === "group" && i.hit?.column === 1 && i.hit.colour === 1);
    expect(diagonal?.kind === "group" && diagonal.items[0]).toMatchObject({ kind: "rect", stroke: palette.text });
    const pair = scene.items.find((i) => i.kind === "group" && i.hit?.column === 1 && i.hit.colour === 2);
    expect(pair?.kind === "group" && pair.title).toBe("amount × at: 0.09");

    const wide = multiclassView(25);
    const many = heatmapLayout(englishData({ ...wide, interactions: Array.from({ length: 625 }, (_, i) => i % 7) }, {}), true);
    expect(many.columns).toHaveLength(MAX_INTERACTION_COLUMNS);
    expect(many.columns).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe("export scenes", () => {
  it("every plot writes as SVG with its texts and shapes", () => {
    const data = englishData(binaryView, { at: "datetime" });
    const bars = sceneToSvg(importanceScene(data, palette));
    expect(bars.match(/<rect /g)).toHaveLength(4);
    expect(bars).toContain(">amount</text>");
    const waterfall = sceneToSvg(waterfallScene(data, 0, 0, palette));
    expect(waterfall).toContain(">Base value</text>");
    expect(waterfall).toContain(">Model output</text>");
    expect(waterfall).toContain(`fill="${palette.positive}"`);
    const force = sceneToSvg(forceScene(forceLayout(data, 0, 0), data, 0, palette));
    expect(force).toContain("<polygon ");
    expect(force).toContain("at = 2025-01-02");
  });
});
