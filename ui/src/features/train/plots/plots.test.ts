import { describe, expect, it } from "vitest";
import { LIGHT_PALETTE, categoryColour } from "../../../components/plots/palette";
import { shapes, type Scene } from "../../../components/plots/scene";
import { sceneToSvg } from "../../../components/plots/svg";
import { xyScene } from "../../../components/plots/xy";
import { makeT } from "../../../i18n";
import type { BinaryMetrics, Metrics, RegressionMetrics } from "../../../lib/api";
import { binaryCurves, curve, multiclassConfusion, partMetrics, regressionResiduals, runSummary } from "../../../test/runsFixtures";
import { paretoRuns } from "../runs";
import { confusionLayout, confusionScene } from "./confusion";
import { curvesChart, VALID_COLOUR } from "./curves";
import { confusionLabels } from "../ConfusionPlot";
import {
  calibrationChart,
  confusionPart,
  heldOut,
  partsFor,
  partsOf,
  plotsFor,
  prChart,
  residualsChart,
  rocChart,
  type PartOf,
} from "./evaluation";
import { paretoChart } from "./pareto";

const t = makeT("en");
const palette = LIGHT_PALETTE;
type Binary = Extract<Metrics, { task: "binary" }>;

function texts(scene: Scene): string[] {
  return shapes(scene).flatMap((s) => (s.kind === "text" ? [s.text] : []));
}

function polyline(scene: Scene, testId: string) {
  const line = shapes(scene).find((s) => s.kind === "polyline" && s.testId === testId);
  if (line?.kind !== "polyline") throw new Error(`no polyline ${testId}`);
  return line;
}

describe("loss curves", () => {
  it("draws one run's train loss in the accent and validation loss beside it, skipping missing values", () => {
    const chart = curvesChart([{ name: "r", points: curve(5) }], t, "en", palette, 10);
    expect(chart.xDomain).toEqual([1, 10]);
    expect(chart.series.map((s) => [s.testId, s.colour, s.label])).toEqual([
      ["curve-train", palette.accent, "Train loss"],
      ["curve-valid", VALID_COLOUR, "Validation loss"],
    ]);
    const scene = xyScene(chart, palette);
    expect(polyline(scene, "curve-train").points).toHaveLength(10);
    // The first iteration has no validation loss.
    expect(polyline(scene, "curve-valid").points).toHaveLength(8);
    expect(scene.title).toBe("Loss per iteration (iterations 1–10)");
    expect(texts(scene)).toEqual(expect.arrayContaining(["Iteration", "Loss", "Train loss", "Validation loss"]));
  });

  it("overlays several runs, a colour each, validation dashed, with the line styles in the legend", () => {
    const noValid = curve(3).map((p) => ({ ...p, validLoss: null }));
    const chart = curvesChart(
      [
        { name: "a", points: curve(4) },
        { name: "b", points: noValid },
      ],
      t,
      "en",
      palette,
    );
    expect(chart.series.map((s) => [s.testId, s.colour, s.dash ?? null, s.label ?? null])).toEqual([
      ["curve-train-0", categoryColour(0), null, "a"],
      ["curve-valid-0", categoryColour(0), [5, 3], null],
      ["curve-train-1", categoryColour(1), null, "b"],
    ]);
    expect(chart.xDomain).toEqual([1, 4]);
    expect(chart.legend?.map((e) => e.label)).toEqual(["Train loss", "Validation loss"]);
    expect(chart.title).toBe("Loss per iteration of 2 runs");
    const dashed = shapes(xyScene(chart, palette)).filter((s) => s.kind === "line" && s.dash?.length === 2 && s.stroke === palette.muted);
    expect(dashed).toHaveLength(1);
  });
});

describe("evaluation plots", () => {
  const b = binaryCurves(0.91) as Binary;
  const parts: PartOf<BinaryMetrics>[] = [
    { part: "validation", metrics: b },
    { part: "test", metrics: { ...b, auc: 0.8, roc: [...b.roc, { x: null, y: 0.5 }] } },
  ];

  it("ROC: a line per part on the unit square, the chance diagonal, the AUC in the legend", () => {
    const chart = rocChart(parts, t, "en", palette);
    expect(chart.xDomain).toEqual([0, 1]);
    expect(chart.reference).toBe("diagonal");
    expect(chart.series.map((s) => s.label)).toEqual(["Validation (AUC 0.9100)", "Test (AUC 0.8000)"]);
    // A point without a coordinate is left out.
    expect(chart.series[1]!.points).toHaveLength(4);
    const scene = xyScene(chart, palette);
    const test = polyline(scene, "roc-test");
    expect(test.stroke).toBe(palette.accent);
    // (0, 0) at the bottom left, (1, 1) at the top right.
    expect(test.points[0]).toBeLessThan(test.points[6]!);
    expect(test.points[1]).toBeGreaterThan(test.points[7]!);
    const diagonal = shapes(scene).find((s) => s.kind === "line" && s.dash?.length === 2 && s.x1 !== s.x2 && s.y1 !== s.y2);
    expect(diagonal).toMatchObject({ x1: test.points[0], y1: test.points[1], x2: test.points[6], y2: test.points[7] });
  });

  it("PR: recall against precision with the average precision; calibration: bins with a value, each with its tooltip", () => {
    expect(prChart(parts, t, "en", palette).series.map((s) => s.label)).toEqual(["Validation (AP 0.8700)", "Test (AP 0.8700)"]);
    const calibration = calibrationChart(parts, t, "en", palette);
    expect(calibration.series[0]!.points.map((p) => [p.x, p.y])).toEqual([
      [0.1, 0.12],
      [0.5, 0.46],
      [0.9, 0.93],
    ]);
    expect(calibration.series[0]!.points[0]!.title).toBe("Validation: predicted 10 %, observed 12 % (500 rows)");
    const groups = xyScene(calibration, palette).items.filter((i) => i.kind === "group");
    expect(groups.map((g) => (g.kind === "group" ? g.title : ""))).toContain("Test: predicted 90 %, observed 93 % (200 rows)");
  });

  it("residuals: dots of one part around a dashed zero line kept in view", () => {
    const part = { part: "test" as const, metrics: regressionResiduals as RegressionMetrics };
    const chart = residualsChart(part, t, "en", palette);
    expect(chart.reference).toBe("zero");
    const scene = xyScene(chart, palette);
    expect(shapes(scene).filter((s) => s.kind === "circle")).toHaveLength(3);
    expect(scene.title).toBe("Residuals against the prediction (Test rows)");
    const positive = xyScene({ ...chart, series: [{ ...chart.series[0]!, points: [{ x: 1, y: 5 }, { x: 2, y: 6 }] }] }, palette);
    const zero = shapes(positive).find((s) => s.kind === "line" && s.dash?.length === 2);
    expect(zero).toBeDefined();
  });

  it("picks the plots by task, each only with data to draw", () => {
    expect(plotsFor(partMetrics(binaryCurves(0.9)))).toEqual(["roc", "pr", "calibration", "confusion"]);
    expect(plotsFor(partMetrics({ ...(binaryCurves(0.9) as Binary), pr: [], calibration: [], confusion: [] }))).toEqual(["roc"]);
    expect(plotsFor(partMetrics(multiclassConfusion))).toEqual(["confusion"]);
    expect(plotsFor(partMetrics(regressionResiduals))).toEqual(["residuals"]);
    expect(plotsFor(partMetrics({ ...(regressionResiduals as Extract<Metrics, { task: "regression" }>), residuals: [] }))).toEqual([]);
    expect(plotsFor(null)).toEqual([]);
  });

  it("reads the parts in order and the most held-out one", () => {
    const metrics = { ...partMetrics(multiclassConfusion), test: null };
    const parts = partsOf(metrics);
    expect(parts.map((p) => p.part)).toEqual(["train", "validation"]);
    expect(heldOut(partsFor(parts, "multiclass"))?.part).toBe("validation");
    expect(partsFor(parts, "binary")).toEqual([]);
    expect(heldOut([])).toBeNull();
  });

  it("shows the confusion matrix of the most held-out part that has one: a binary one only when 2×2", () => {
    const binary = binaryCurves(0.9) as Binary;
    // Metrics stored before binary runs had a matrix: none (missing or empty), or not 2×2.
    const old = { ...binary, confusion: [] };
    const metrics = { ...partMetrics(binary), validation: old, test: { ...binary, confusion: [[1, 2, 3]] } };
    expect(confusionPart(partsOf(metrics))).toEqual({ part: "train", metrics: { task: "binary", confusion: binary.confusion } });
    expect(confusionPart(partsOf(partMetrics(old)))).toBeNull();
    expect(confusionPart(partsOf(partMetrics(multiclassConfusion)))?.part).toBe("test");
    expect(confusionPart(partsOf(partMetrics(regressionResiduals)))).toBeNull();
  });
});

describe("confusion matrix", () => {
  const matrix = (multiclassConfusion as Extract<Metrics, { task: "multiclass" }>).confusion;

  it("shades each cell by its share of the actual class, labels classes by index without names", () => {
    const layout = confusionLayout(matrix);
    expect(layout.labels).toEqual(["0", "1", "2"]);
    expect(layout.cells).toHaveLength(9);
    const cell = (a: number, p: number) => layout.cells.find((c) => c.actual === a && c.predicted === p)!;
    expect(cell(0, 0).share).toBe(1);
    expect(cell(1, 1).share).toBeCloseTo(0.8);
    expect(cell(2, 1)).toMatchObject({ count: 2, share: 0.2 });
    // Row by row, column by column, square cells.
    expect(cell(1, 2).x - cell(1, 1).x).toBe(layout.cell);
    expect(cell(2, 1).y - cell(1, 1).y).toBe(layout.cell);
    // An empty class has no shares.
    expect(confusionLayout([[0, 0], [3, 1]]).cells.slice(0, 2).map((c) => c.share)).toEqual([0, 0]);
  });

  it("draws a cell per pair with the count and a tooltip, the diagonal outlined", () => {
    const scene = confusionScene(confusionLayout(matrix, ["setosa", "versicolor", "virginica"]), t, "en", palette, "Test");
    const cells = scene.items.filter((i) => i.kind === "group" && i.testId === "confusion-cell");
    expect(cells).toHaveLength(9);
    expect(cells[5]!.kind === "group" && cells[5]!.title).toBe("Actual versicolor, predicted virginica: 1 (10 % of versicolor)");
    expect(texts(scene)).toEqual(expect.arrayContaining(["Predicted", "Actual", "setosa", "10", "8"]));
    const outlined = shapes(scene).filter((s) => s.kind === "rect" && s.strokeWidth === 1.5);
    expect(outlined).toHaveLength(3);
    expect(scene.title).toBe("Confusion matrix of 3 classes (Test rows)");
    expect(sceneToSvg(scene)).toContain("<title>Actual setosa, predicted setosa: 10 (100 % of setosa)</title>");
  });

  it("on screen a cell with rows is a hit (actual as row, predicted as column) whose tooltip says a click shows them", () => {
    const layout = confusionLayout(matrix, ["setosa", "versicolor", "virginica"]);
    const cells = confusionScene(layout, t, "en", palette, "Test", true).items.filter((i) => i.kind === "group" && i.testId === "confusion-cell");
    expect(cells[7]).toMatchObject({
      hit: { row: 2, column: 1 },
      title: "Actual virginica, predicted versicolor: 2 (20 % of virginica)\nClick to show these rows in the Data panel.",
    });
    // An empty cell has nothing to show.
    expect(cells[1]).toMatchObject({ title: "Actual setosa, predicted versicolor: 0 (0 % of setosa)" });
    expect(cells[1]).not.toHaveProperty("hit");
    // Exports have no hits.
    expect(shapes(confusionScene(layout, t, "en", palette, "Test")).some((s) => s.hit !== undefined)).toBe(false);
  });

  it("names the classes as the model does; a binary model without names reads negative and positive", () => {
    expect(confusionLabels(["no", "yes"], 2, "binary", t)).toEqual(["no", "yes"]);
    expect(confusionLabels([], 2, "binary", t)).toEqual(["negative", "positive"]);
    expect(confusionLabels(["a"], 3, "multiclass", t)).toEqual(["a"]);
    expect(confusionLayout(matrix, confusionLabels(["a"], 3, "multiclass", t)).labels).toEqual(["a", "1", "2"]);
  });

  it("keeps many classes' cells at least 10 units wide", () => {
    const big = Array.from({ length: 80 }, (_, i) => Array.from({ length: 80 }, (_, j) => (i === j ? 5 : 0)));
    const layout = confusionLayout(big);
    expect(layout.cell).toBe(10);
    expect(confusionScene(layout, t, "en", palette, "Test").width).toBeGreaterThan(800);
  });
});

describe("Pareto plot", () => {
  it("joins the Pareto-optimal runs fastest first, the others as faint dots, every dot a hit on its run", () => {
    const { points } = paretoRuns([
      runSummary({ id: "slow", test: 0.97, p50Ms: 0.5 }),
      runSummary({ id: "worse", test: 0.85, p50Ms: 0.3 }),
      runSummary({ id: "fast", test: 0.9, p50Ms: 0.01 }),
    ]);
    const chart = paretoChart(points, "AUC", (p) => p.run.id, t, "en", palette);
    const [others, front] = chart.series;
    expect(others!.points.map((p) => p.hit)).toEqual([{ row: 1 }]);
    expect(front!.points.map((p) => [p.x, p.hit])).toEqual([
      [0.01, { row: 2 }],
      [0.5, { row: 0 }],
    ]);
    expect(front!.points[0]!.title).toBe("fast: AUC 0.9000, 0.01 ms");
    const scene = xyScene(chart, palette);
    expect(polyline(scene, "pareto-front").points).toHaveLength(4);
    expect(shapes(scene).filter((s) => s.kind === "circle" && s.hit !== undefined)).toHaveLength(3);
    expect(scene.title).toBe("AUC against p50 latency");
  });
});
