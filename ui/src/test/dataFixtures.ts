// Fake backend data for the Data panel tests.
import type { Cell, ColumnInfo, DatasetInfo, DatasetProfile, FittedStep, PrepOutcome, RecipePreview, RowWindow } from "../lib/api";

export const iris: DatasetInfo = {
  id: "v-iris-2",
  datasetId: "d-iris",
  name: "iris",
  version: 2,
  parentId: null,
  rows: 150,
  columns: [
    { name: "sepal_length", type: "float" },
    { name: "species", type: "categorical" },
    { name: "email", type: "text" },
  ],
  sourcePath: "/data/iris.csv",
  sourceFormat: "csv",
  blobSize: 4_321,
  createdAt: "2025-01-03T10:00:00Z",
  author: "ada",
};

export const big: DatasetInfo = {
  id: "v-big-1",
  datasetId: "d-big",
  name: "events",
  version: 1,
  parentId: null,
  rows: 1_000_000,
  columns: [
    { name: "id", type: "integer" },
    { name: "amount", type: "float" },
    { name: "at", type: "datetime" },
    { name: "ok", type: "boolean" },
  ],
  sourcePath: "/data/events.csv",
  sourceFormat: "csv",
  blobSize: 18_500_000,
  createdAt: "2025-01-04T10:00:00Z",
  author: "ada",
};

const SPECIES = ["setosa", "versicolor", "virginica"];

/** Row `i` (0-based) of `dataset`: iris-like for any version of iris, events-like (`id` = i + 1) for any other. */
function rowAt(dataset: DatasetInfo, i: number): Cell[] {
  if (dataset.datasetId === iris.datasetId) return [i === 2 ? null : Math.round((4.3 + ((i * 37) % 36) / 10) * 10) / 10, SPECIES[i % 3]!, `user${i}@example.org`];
  return [i + 1, i % 7 === 0 ? null : Math.round(((i * 7919) % 100_000) * 1.37) / 100, `2024-0${(i % 9) + 1}-1${i % 10}T08:00:00Z`, i % 2 === 0];
}

/** Rows `offset..offset + limit` of `dataset`, as `dataset_rows` answers. */
export function rowsOf(dataset: DatasetInfo, offset: number, limit: number): RowWindow {
  const end = Math.min(dataset.rows, offset + limit);
  const rows: Cell[][] = [];
  for (let i = offset; i < end; i += 1) rows.push(rowAt(dataset, i));
  return { columns: dataset.columns, offset, totalRows: dataset.rows, rows };
}

/** The rows numbered `numbers` of `dataset`, in that order, as `dataset_rows_at` answers. */
export function rowsAt(dataset: DatasetInfo, numbers: readonly number[]): RowWindow {
  return { columns: dataset.columns, offset: numbers[0] ?? 0, totalRows: dataset.rows, rows: numbers.map((i) => rowAt(dataset, i)) };
}

export const irisProfile: DatasetProfile = {
  rows: 150,
  columns: [
    {
      name: "sepal_length",
      type: "float",
      count: 149,
      nulls: 1,
      distinct: 35,
      numeric: {
        min: 4.3,
        max: 7.9,
        mean: 5.843,
        std: 0.828,
        quantiles: [4.4, 4.6, 4.8, 5.1, 5.8, 6.4, 6.9, 7.25, 7.7],
        histogram: {
          edges: [4.3, 4.75, 5.2, 5.65, 6.1, 6.55, 7.0, 7.45, 7.9],
          counts: [11, 30, 24, 26, 28, 18, 6, 6],
        },
      },
      topValues: [],
      flags: [],
      personalDataReason: null,
    },
    {
      name: "species",
      type: "categorical",
      count: 150,
      nulls: 0,
      distinct: 3,
      numeric: null,
      topValues: [
        { value: "setosa", count: 50 },
        { value: "versicolor", count: 50 },
        { value: "virginica", count: 50 },
      ],
      flags: [],
      personalDataReason: null,
    },
    {
      name: "email",
      type: "text",
      count: 150,
      nulls: 0,
      distinct: 150,
      numeric: null,
      topValues: [
        { value: "user0@example.org", count: 1 },
        { value: "user1@example.org", count: 1 },
      ],
      flags: ["likely_identifier", "likely_personal_data"],
      personalDataReason: "values look like email addresses",
    },
  ],
};

/** A `preview_recipe` answer: the prepared sample's `columns` and first `rows`, `totalRows` of them left of `sampleRows`. */
export function recipePreview(
  columns: ColumnInfo[],
  rows: Cell[][],
  { sampleRows, totalRows = sampleRows, columnsBefore, fitted }: { sampleRows: number; totalRows?: number; columnsBefore: number; fitted: FittedStep[] },
): RecipePreview {
  return { window: { columns, offset: 0, totalRows, rows }, sampleRows, columnsBefore, fitted };
}

/** Iris with sepal_length's missing values filled (median 5.8) and species one-hot encoded, as preview_recipe answers. */
export const irisPrepared: RecipePreview = recipePreview(
  [
    { name: "sepal_length", type: "float" },
    { name: "species=setosa", type: "float" },
    { name: "species=versicolor", type: "float" },
    { name: "species=virginica", type: "float" },
    { name: "email", type: "text" },
  ],
  [
    [4.3, 1, 0, 0, "user0@example.org"],
    [5, 0, 1, 0, "user1@example.org"],
    [5.8, 0, 0, 1, null],
  ],
  {
    sampleRows: 150,
    columnsBefore: 3,
    fitted: [
      { op: "impute", column: "sepal_length", strategy: "median", fitted: 5.8 },
      { op: "one_hot", column: "species", max_categories: 50, fitted: ["setosa", "versicolor", "virginica"] },
    ],
  },
);

/** Version 3 of iris, prepared from version 2 (`iris`) by a recipe. */
export const irisV3: DatasetInfo = {
  ...iris,
  id: "v-iris-3",
  version: 3,
  parentId: iris.id,
  columns: irisPrepared.window.columns,
  sourcePath: null,
  sourceFormat: "recipe",
  blobSize: 5_120,
  createdAt: "2025-01-06T10:00:00Z",
};

/** What prep_dataset answers after storing `irisV3`. */
export function irisPrepOutcome(fittedOnTrainSplit: boolean): PrepOutcome {
  return { dataset: irisV3, recipe: irisPrepared.fitted, fittedOnTrainSplit };
}
