// Fake explanations shared by the Explain panel tests and the plot geometry tests.
import { makeT } from "../i18n";
import type { ExplainView } from "../lib/api";
import { plotData, type ColumnTypes, type PlotData } from "../features/explain/plots/features";

/** Binary GBDT on 3 columns of `events@1` (id, amount, at), 2 rows starting at dataset row 10. */
export const binaryView: ExplainView = {
  columns: ["id", "amount", "at"],
  outputs: ["true"],
  rows: 2,
  firstRow: 10,
  values: [0.1, -0.5, 0.25, /* row 11 */ -0.2, 0.75, 0.05],
  base: [-1.25],
  outputSpace: "log-odds",
  importance: [
    { feature: "amount", meanAbsShap: 0.625 },
    { feature: "at", meanAbsShap: 0.15 },
    { feature: "id", meanAbsShap: 0.15 },
  ],
  maxAdditivityError: 0.000012,
  method: "tree",
  background: null,
  // Row 11 has no amount; `at` is a date-time (ms since 1970).
  featureValues: [10, 12.5, Date.UTC(2025, 0, 2), /* row 11 */ 11, null, Date.UTC(2025, 0, 3, 12, 30)],
  categories: [[], [], []],
  dependenceColor: [1, 0, 1],
  interactions: null,
  stored: false,
};

/** `binaryView` with interaction values (amount × at strongest off the diagonal). */
export const interactionView: ExplainView = {
  ...binaryView,
  // prettier-ignore
  interactions: [
    0.05, 0.01, 0.02,
    0.01, 0.6, 0.09,
    0.02, 0.09, 0.12,
  ],
  dependenceColor: [2, 2, 1],
};

/** Multiclass on `n` columns, 3 rows, 3 classes; value = deterministic function of (row, class, column). */
export function multiclassView(n: number): ExplainView {
  const columns = Array.from({ length: n }, (_, c) => `f${c}`);
  const outputs = ["setosa", "versicolor", "virginica"];
  const values: number[] = [];
  for (let r = 0; r < 3; r += 1)
    for (let k = 0; k < 3; k += 1)
      for (let c = 0; c < n; c += 1) values.push(((c + 1) * (k + 1) * (r % 2 === 0 ? 1 : -1)) / 100 + (c % 3 === 0 ? -0.03 : 0));
  return {
    columns,
    outputs,
    rows: 3,
    firstRow: 0,
    values,
    base: [0.5, -0.25, 1],
    outputSpace: "logits",
    importance: columns.map((feature, c) => ({ feature, meanAbsShap: (n - c) / 10 })),
    maxAdditivityError: 0,
    method: "tree",
    background: null,
    featureValues: Array.from({ length: 3 * n }, (_, i) => i),
    categories: columns.map(() => []),
    dependenceColor: Array.from({ length: 3 * n }, () => null),
    interactions: null,
    stored: false,
  };
}

export const SWARM_COLOURS = ["blue", "green", "red"];
export const swarmTypes: ColumnTypes = { income: "float", colour: "categorical", flag: "boolean", joined: "datetime" };

/**
 * `rows` rows of a regression on income (numeric; every 10th missing; SHAP rises with it), colour
 * (a label), flag (boolean) and joined (a date); income's dependence plot is coloured by colour.
 */
export function swarmView(rows: number): ExplainView {
  const values: number[] = [];
  const featureValues: (number | null)[] = [];
  for (let r = 0; r < rows; r += 1) {
    values.push((r - rows / 2) / rows, [-0.2, 0, 0.3][r % 3]! + r / rows / 100, r % 2 === 0 ? -0.1 : 0.1, 0.01);
    featureValues.push(r % 10 === 9 ? null : r, r % 3, r % 2, Date.UTC(2024, 0, 1) + r * 86_400_000);
  }
  return {
    columns: ["income", "colour", "flag", "joined"],
    outputs: ["spend"],
    rows,
    firstRow: 0,
    values,
    base: [0.5],
    outputSpace: "value",
    importance: [
      { feature: "income", meanAbsShap: 0.25 },
      { feature: "colour", meanAbsShap: 0.17 },
      { feature: "flag", meanAbsShap: 0.1 },
      { feature: "joined", meanAbsShap: 0.01 },
    ],
    maxAdditivityError: 0,
    method: "permutation",
    background: 100,
    featureValues,
    categories: [[], SWARM_COLOURS, [], []],
    dependenceColor: [1, 0, 0, 0],
    interactions: null,
    stored: false,
  };
}

/** The plots' view of `view` in English (column types as the explained dataset has them). */
export function englishData(view: ExplainView, types: ColumnTypes = swarmTypes): PlotData {
  return plotData(view, types, makeT("en"), "en");
}
