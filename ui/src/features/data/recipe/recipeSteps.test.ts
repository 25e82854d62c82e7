import { describe, expect, it } from "vitest";
import type { ColumnInfo, Step } from "../../../lib/api";
import { irisPrepared } from "../../../test/dataFixtures";
import {
  columnChoices,
  columnsAfter,
  draftToStep,
  failedStep,
  filterValue,
  moveItem,
  newDraft,
  planRecipe,
  withColumn,
  type StepDraft,
} from "./recipeSteps";

const columns: ColumnInfo[] = [
  { name: "age", type: "integer" },
  { name: "hue", type: "float" },
  { name: "city", type: "categorical" },
  { name: "review", type: "text" },
  { name: "at", type: "datetime" },
  { name: "ok", type: "boolean" },
];

function draft(op: StepDraft["op"], patch: Partial<StepDraft> = {}): StepDraft {
  return { ...newDraft(op, 1, columns), ...patch };
}

const names = (list: ColumnInfo[]) => list.map((c) => c.name);

describe("newDraft", () => {
  it("picks the first column of a type the step works on, and defaults that fit it", () => {
    expect(draft("scale").column).toBe("age");
    expect(draft("one_hot").column).toBe("city");
    expect(draft("date_parts").column).toBe("at");
    expect(draft("tf_idf").column).toBe("city");
    expect(draft("impute").strategy).toBe("median");
    expect(newDraft("impute", 1, columns.slice(2)).strategy).toBe("mode");
    expect(draft("cast").castTo).toBe("categorical");
    expect(draft("drop_columns").column).toBe("");
    expect(newDraft("scale", 1, [{ name: "city", type: "categorical" }]).column).toBe("");
  });

  it("a mean fill becomes a mode fill when a label column is picked", () => {
    const mean = draft("impute", { strategy: "mean" });
    expect(withColumn(mean, "city", columns).strategy).toBe("mode");
    expect(withColumn(mean, "hue", columns).strategy).toBe("mean");
  });
});

describe("columnChoices", () => {
  it("suggests the step's types first; strict steps offer nothing else", () => {
    expect(names(columnChoices("scale", columns).preferred)).toEqual(["age", "hue"]);
    expect(columnChoices("scale", columns).other).toEqual([]);
    const oneHot = columnChoices("one_hot", columns);
    expect(names(oneHot.preferred)).toEqual(["city", "ok"]);
    expect(names(oneHot.other)).toEqual(["age", "hue", "review", "at"]);
    expect(names(columnChoices("rename", columns).preferred)).toHaveLength(6);
  });
});

describe("draftToStep", () => {
  const step = (d: StepDraft) => draftToStep(d, columns);

  it("builds each op's JSON, leaving out what the backend defaults", () => {
    expect(step(draft("impute"))).toEqual({ ok: true, step: { op: "impute", column: "age", strategy: "median" } });
    expect(step(draft("one_hot"))).toEqual({ ok: true, step: { op: "one_hot", column: "city" } });
    expect(step(draft("one_hot", { limit: "10" }))).toEqual({ ok: true, step: { op: "one_hot", column: "city", max_categories: 10 } });
    expect(step(draft("tf_idf", { column: "review", limit: " 200 " }))).toEqual({
      ok: true,
      step: { op: "tf_idf", column: "review", max_features: 200 },
    });
    expect(step(draft("ordinal"))).toEqual({ ok: true, step: { op: "ordinal", column: "city" } });
    expect(step(draft("scale", { method: "min_max" }))).toEqual({ ok: true, step: { op: "scale", column: "age", method: "min_max" } });
    expect(step(draft("clip_outliers"))).toEqual({ ok: true, step: { op: "clip_outliers", column: "age", k: 1.5 } });
    expect(step(draft("rename", { column: "hue", to: " colour " }))).toEqual({ ok: true, step: { op: "rename", from: "hue", to: "colour" } });
    expect(step(draft("drop_columns", { columns: ["ok", "at"] }))).toEqual({ ok: true, step: { op: "drop_columns", columns: ["ok", "at"] } });
    expect(step(draft("drop_duplicates"))).toEqual({ ok: true, step: { op: "drop_duplicates", columns: [] } });
    expect(step(draft("cast", { column: "age", castTo: "float" }))).toEqual({ ok: true, step: { op: "cast", column: "age", to: "float" } });
    expect(step(draft("date_parts", { parts: ["hour", "year"] }))).toEqual({ ok: true, step: { op: "date_parts", column: "at", parts: ["year", "hour"] } });
    expect(step(draft("word_count", { column: "review" }))).toEqual({ ok: true, step: { op: "word_count", column: "review" } });
    expect(step(draft("filter_rows", { column: "age", compare: "is_missing", value: "3" }))).toEqual({
      ok: true,
      step: { op: "filter_rows", column: "age", compare: "is_missing" },
    });
  });

  it("types a filter value by its column", () => {
    expect(step(draft("filter_rows", { column: "age", compare: "ge", value: " 18 " }))).toEqual({
      ok: true,
      step: { op: "filter_rows", column: "age", compare: "ge", value: 18 },
    });
    expect(step(draft("filter_rows", { column: "city", compare: "eq", value: "Oslo" }))).toEqual({
      ok: true,
      step: { op: "filter_rows", column: "city", compare: "eq", value: "Oslo" },
    });
    expect(filterValue("true", "boolean")).toBe(true);
    expect(filterValue("12", "categorical")).toBe("12");
    expect(filterValue("1e3", "float")).toBe(1000);
    expect(filterValue("n/a", "float")).toBe("n/a");
    expect(filterValue("7", undefined)).toBe("7");
  });

  it("says what an incomplete step lacks", () => {
    expect(step(draft("scale", { column: "" }))).toEqual({ ok: false, problem: "data.recipe.invalid.column" });
    expect(step(draft("drop_columns"))).toEqual({ ok: false, problem: "data.recipe.invalid.columns" });
    expect(step(draft("rename", { to: "  " }))).toEqual({ ok: false, problem: "data.recipe.invalid.newName" });
    expect(step(draft("one_hot", { limit: "0" }))).toEqual({ ok: false, problem: "data.recipe.invalid.limit" });
    expect(step(draft("tf_idf", { limit: "2.5" }))).toEqual({ ok: false, problem: "data.recipe.invalid.limit" });
    expect(step(draft("clip_outliers", { k: "-1" }))).toEqual({ ok: false, problem: "data.recipe.invalid.k" });
    expect(step(draft("clip_outliers", { k: "" }))).toEqual({ ok: false, problem: "data.recipe.invalid.k" });
    expect(step(draft("filter_rows", { compare: "eq", value: "" }))).toEqual({ ok: false, problem: "data.recipe.invalid.value" });
    expect(step(draft("date_parts", { parts: [] }))).toEqual({ ok: false, problem: "data.recipe.invalid.parts" });
  });
});

describe("columnsAfter", () => {
  const after = (step: Step, fitted?: Parameters<typeof columnsAfter>[2]) => columnsAfter(columns, step, fitted);

  it("follows the column steps", () => {
    expect(names(after({ op: "drop_columns", columns: ["hue", "ok"] }).columns)).toEqual(["age", "city", "review", "at"]);
    expect(names(after({ op: "rename", from: "hue", to: "colour" }).columns)).toContain("colour");
    expect(after({ op: "scale", column: "age", method: "standard" }).columns[0]).toEqual({ name: "age", type: "float" });
    expect(after({ op: "ordinal", column: "city" }).columns[2]).toEqual({ name: "city", type: "integer" });
    expect(after({ op: "cast", column: "age", to: "text" }).columns[0]).toEqual({ name: "age", type: "text" });
    expect(names(after({ op: "date_parts", column: "at", parts: ["year", "weekday"] }).columns)).toEqual([
      "age",
      "hue",
      "city",
      "review",
      "at.year",
      "at.weekday",
      "ok",
    ]);
    expect(names(after({ op: "word_count", column: "review" }).columns).slice(3, 5)).toEqual(["review", "review.words"]);
    expect(after({ op: "filter_rows", column: "age", compare: "not_missing" })).toEqual({ columns, open: false });
  });

  it("types an impute fill as the backend does", () => {
    const impute: Step = { op: "impute", column: "age", strategy: "mean" };
    expect(after(impute, { ...impute, fitted: 41 }).columns[0]!.type).toBe("integer");
    expect(after(impute, { ...impute, fitted: 41.5 }).columns[0]!.type).toBe("float");
    const mode: Step = { op: "impute", column: "ok", strategy: "mode" };
    expect(after(mode).columns[5]!.type).toBe("categorical");
  });

  it("names one-hot and TF-IDF columns once fitted, else says the list is open", () => {
    const oneHot: Step = { op: "one_hot", column: "city" };
    expect(after(oneHot)).toEqual({ columns: columns.filter((c) => c.name !== "city"), open: true });
    const fitted = after(oneHot, { op: "one_hot", column: "city", max_categories: 50, fitted: ["Oslo", "Rome"] });
    expect(fitted.open).toBe(false);
    expect(names(fitted.columns).slice(1, 4)).toEqual(["hue", "city=Oslo", "city=Rome"]);
    const tfIdf: Step = { op: "tf_idf", column: "review" };
    expect(after(tfIdf).open).toBe(true);
    const words = after(tfIdf, { op: "tf_idf", column: "review", max_features: 100, fitted: { vocabulary: ["good", "bad"], idf: [1, 2] } });
    expect(words.columns.filter((c) => c.name.startsWith("review:"))).toEqual([
      { name: "review:good", type: "float" },
      { name: "review:bad", type: "float" },
    ]);
  });
});

describe("planRecipe", () => {
  const iris: ColumnInfo[] = [
    { name: "sepal_length", type: "float" },
    { name: "species", type: "categorical" },
    { name: "email", type: "text" },
  ];
  const impute: StepDraft = { ...newDraft("impute", 1, iris), column: "sepal_length" };
  const oneHot: StepDraft = { ...newDraft("one_hot", 2, iris), column: "species" };
  const drop: StepDraft = newDraft("drop_columns", 3, iris);
  const previewed: Step[] = [
    { op: "impute", column: "sepal_length", strategy: "median" },
    { op: "one_hot", column: "species" },
  ];
  const fit = { steps: previewed, fitted: irisPrepared.fitted };

  it("gives each step the columns before it; a fitted one-hot names its columns while the steps are the previewed ones", () => {
    const plan = planRecipe(iris, [impute, oneHot, drop], null);
    expect(plan.steps).toBeNull();
    expect(plan.items.map((i) => i.open)).toEqual([false, false, true]);
    expect(names(plan.items[2]!.before)).toEqual(["sepal_length", "email"]);

    const withFit = planRecipe(iris, [impute, oneHot, drop], fit);
    expect(withFit.items[2]!.open).toBe(false);
    expect(names(withFit.items[2]!.before)).toEqual(["sepal_length", "species=setosa", "species=versicolor", "species=virginica", "email"]);

    // The fill changed: the preview no longer describes the one-hot step's input.
    const changed = planRecipe(iris, [{ ...impute, strategy: "mean" }, oneHot, drop], fit);
    expect(changed.items[2]!.open).toBe(true);
  });

  it("answers the steps once every draft is complete, and the columns after them", () => {
    const plan = planRecipe(iris, [impute, { ...drop, columns: ["email"] }], null);
    expect(plan.steps).toEqual([
      { op: "impute", column: "sepal_length", strategy: "median" },
      { op: "drop_columns", columns: ["email"] },
    ]);
    expect(names(plan.after)).toEqual(["sepal_length", "species"]);
    expect(plan.open).toBe(false);
    expect(planRecipe(iris, [], null)).toEqual({ items: [], steps: [], after: iris, open: false });
  });
});

describe("helpers", () => {
  it("failedStep reads the step number of a backend error", () => {
    expect(failedStep('invalid recipe: step 2 (tf_idf): tf_idf needs a text column; "hue" is float')).toBe(2);
    expect(failedStep("step 12 (scale): no column named \"x\" at this step")).toBe(12);
    expect(failedStep("no such dataset")).toBeNull();
    expect(failedStep("step 0 (x)")).toBeNull();
  });

  it("moveItem swaps with a neighbour and ignores moves off either end", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("image_pixels", () => {
  it("sends the side when given, refuses sides past 64, and names one column per pixel", () => {
    const draft = { ...newDraft("image_pixels", 1, []), column: "path" };
    expect(draftToStep({ ...draft, limit: "" }, [])).toEqual({ ok: true, step: { op: "image_pixels", column: "path" } });
    expect(draftToStep({ ...draft, limit: "8" }, [])).toEqual({ ok: true, step: { op: "image_pixels", column: "path", size: 8 } });
    expect(draftToStep({ ...draft, limit: "65" }, [])).toEqual({ ok: false, problem: "data.recipe.invalid.size" });
    const after = columnsAfter([{ name: "path", type: "text" }, { name: "label", type: "categorical" }], { op: "image_pixels", column: "path", size: 2 });
    expect(after.columns.map((c) => c.name)).toEqual(["path.px0", "path.px1", "path.px2", "path.px3", "label"]);
    expect(columnsAfter([{ name: "path", type: "text" }], { op: "image_pixels", column: "path" }).columns).toHaveLength(256);
  });
});

describe("constant fills and quantile clipping", () => {
  it("sends a constant typed for the column and quantile bounds, refusing bad ones", () => {
    const columns = [{ name: "age", type: "integer" }, { name: "city", type: "categorical" }];
    const impute = { ...newDraft("impute", 1, columns), column: "age", strategy: "constant" as const };
    expect(draftToStep({ ...impute, value: "" }, columns)).toEqual({ ok: false, problem: "data.recipe.invalid.value" });
    expect(draftToStep({ ...impute, value: "0" }, columns)).toEqual({ ok: true, step: { op: "impute", column: "age", strategy: "constant", value: 0 } });
    expect(draftToStep({ ...impute, column: "city", value: "none" }, columns)).toEqual({
      ok: true,
      step: { op: "impute", column: "city", strategy: "constant", value: "none" },
    });
    const clip = { ...newDraft("clip_outliers", 2, columns), column: "age", clipMethod: "quantile" as const };
    expect(draftToStep(clip, columns)).toEqual({ ok: true, step: { op: "clip_outliers", column: "age", method: "quantile", quantiles: [0.01, 0.99] } });
    expect(draftToStep({ ...clip, low: "0.9", high: "0.1" }, columns)).toEqual({ ok: false, problem: "data.recipe.invalid.quantiles" });
  });
});
