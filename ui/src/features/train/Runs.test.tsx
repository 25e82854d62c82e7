import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { DatasetInfo, ModelInfo, RunSummary } from "../../lib/api";
import { newModel } from "../../test/appFixtures";
import { big, iris, rowsAt, rowsOf } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Args, type Handler } from "../../test/invoke";
import { binaryCurves, multiclassConfusion, regressionResiduals, runDetail, runSummary, trialSummary } from "../../test/runsFixtures";
import { openTrainPanel, pick } from "../../test/trainPanel";

const fast = runSummary({
  id: "r-fast",
  model: "events-linear-1",
  family: "linear",
  test: 0.91,
  validation: 0.93,
  p50Ms: 0.01,
  modelBytes: 2048,
  params: { l2: "1", seed: "0" },
});
const good = runSummary({
  id: "r-good",
  model: "events-gbdt-1",
  test: 0.95,
  validation: 0.92,
  p50Ms: 0.2,
  params: { learning_rate: "0.1", num_leaves: "31", seed: "0" },
});
const trial = trialSummary("r-trial", 7, 0.996, 0.004);
const failed = runSummary({
  id: "r-failed",
  status: "failed",
  error: "parameter num_leaves: expected an integer ≥ 2",
  train: null,
  test: null,
  validation: null,
  p50Ms: null,
  modelBytes: null,
  model: null,
  finishedAt: null,
});
const slow = runSummary({ id: "r-slow", model: "events-mlp-1", family: "mlp", test: 0.93, validation: 0.94, p50Ms: 0.5 });
const irisRun = runSummary({ id: "r-iris", dataset: "iris@2", model: "iris-gbdt-1", task: "multiclass", metric: "accuracy", target: "species" });
const regression = runSummary({ id: "r-reg", model: "events-reg-1", task: "regression", metric: "rmse", higherIsBetter: false, test: 1.5 });
const irisModel: ModelInfo = {
  ...newModel,
  id: "m-iris",
  name: "iris-gbdt-1",
  summary: { ...newModel.summary, task: "multiclass", classes: ["setosa", "versicolor", "virginica"] },
};
const irisV1: DatasetInfo = { ...iris, id: "v-iris-1", version: 1, createdAt: "2025-01-01T10:00:00Z" };

/**
 * The fake backend: `runs` (filtered by dataset name like the backend), their details (with the
 * summary as listed), and `models`; `overrides` replace commands.
 */
function backend(runs: RunSummary[], models: ModelInfo[] = [], overrides: Record<string, Handler> = {}) {
  const listed = (a: Args) => (a.dataset === null ? runs : runs.filter((r) => r.dataset.split("@")[0] === a.dataset));
  const details: Record<string, ReturnType<typeof runDetail>> = {
    "r-fast": runDetail(fast, binaryCurves(0.91), 4),
    "r-good": runDetail(good, binaryCurves(0.95), 6),
    "r-slow": runDetail(slow, binaryCurves(0.93), 3),
    "r-trial": runDetail(trial, null),
    "r-iris": runDetail(irisRun, multiclassConfusion),
    "r-reg": runDetail(regression, regressionResiduals),
  };
  return mockBackend(
    {
      ...openProjectHandlers([big, iris]),
      list_models: () => models,
      list_runs: listed,
      run_detail: (a) => {
        const detail = details[String(a.run)];
        return detail && { ...detail, summary: runs.find((r) => r.id === detail.summary.id) ?? detail.summary };
      },
    },
    overrides,
  );
}

/**
 * `label_run` as the backend answers it for `runs`: the star as asked (null: as it was), the tags
 * trimmed, blanks dropped, each once and sorted; a tag over 40 characters refused, naming it.
 */
function labelRun(runs: RunSummary[]): Handler {
  const current = new Map(runs.map((r) => [r.id, r]));
  return (a) => {
    const run = current.get(String(a.run))!;
    const tags = (a.tags as string[] | null)?.map((tag) => tag.trim()).filter((tag) => tag !== "") ?? null;
    const long = tags?.find((tag) => tag.length > 40);
    if (long !== undefined) throw { code: "invalid_input", message: `tag "${long}" is longer than 40 characters` };
    const labelled = { ...run, starred: (a.starred as boolean | null) ?? run.starred, tags: tags === null ? run.tags : [...new Set(tags)].sort() };
    current.set(run.id, labelled);
    return labelled;
  };
}

const rowIds = () =>
  within(screen.getByTestId("runs-table"))
    .getAllByRole("row")
    .map((r) => r.getAttribute("data-testid"))
    .filter((id): id is string => id?.startsWith("runs-row-") ?? false)
    .map((id) => id.slice("runs-row-".length));

describe("Runs leaderboard", () => {
  it("lists the chosen dataset's runs best first, marks the best, search trials and failures, and sorts by a clicked header", async () => {
    const calls = backend([fast, good, trial, failed, slow, irisRun]);
    await openTrainPanel();
    await screen.findByTestId("runs-table");
    expect(called(calls, "list_runs")).toContainEqual({ dataset: "events" });
    // Best by test score: best first, runs without a test score last (newest first).
    expect(rowIds()).toEqual(["r-good", "r-slow", "r-fast", "r-trial", "r-failed"]);
    expect(within(screen.getByTestId("runs-row-r-good")).getByTestId("runs-best")).toBeTruthy();
    expect(screen.getByTestId("runs-metric-r-good").textContent).toBe("0.9500");
    // A search trial: named by its number, scored by cross-validation.
    const trialRow = screen.getByTestId("runs-row-r-trial");
    expect(trialRow.textContent).toContain("Trial 7");
    expect(within(trialRow).getByTestId("runs-trial-r-trial").textContent).toBe("search");
    expect(screen.getByTestId("runs-metric-r-trial").textContent).toBe("0.9960 ± 0.0040");
    expect(screen.getByTestId("runs-row-r-failed").textContent).toContain("failed");
    expect(screen.getByTestId("runs-error-r-failed").textContent).toBe("parameter num_leaves: expected an integer ≥ 2");
    const cells = within(screen.getByTestId("runs-row-r-fast"))
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(["events-linear-1", "Linear model", "AUC ↑", "0.9100", "0.9300", "—", "0.9500", "0.01 ms", "2 KB", "2 s", "finished"]);

    fireEvent.click(screen.getByTestId("runs-sort-latency"));
    expect(rowIds()).toEqual(["r-fast", "r-good", "r-slow", "r-trial", "r-failed"]);
    expect(screen.getByTestId("runs-sort-latency").closest("th")!.getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(screen.getByTestId("runs-sort-latency"));
    expect(rowIds()).toEqual(["r-slow", "r-good", "r-fast", "r-trial", "r-failed"]);
    fireEvent.click(screen.getByTestId("runs-sort-family"));
    expect(rowIds()).toEqual(["r-good", "r-trial", "r-failed", "r-fast", "r-slow"]);
    fireEvent.click(screen.getByTestId("runs-sort-validation"));
    expect(rowIds()).toEqual(["r-slow", "r-fast", "r-good", "r-trial", "r-failed"]);
    // The best run by test is still marked while sorted otherwise.
    expect(within(screen.getByTestId("runs-row-r-good")).getByTestId("runs-best")).toBeTruthy();
  });

  it("'best by' reorders best first and moves the mark: cross-validated score, latency", async () => {
    backend([fast, good, trial, failed, slow]);
    await openTrainPanel();
    await screen.findByTestId("runs-table");
    pick(document.body, "runs-best-by", "cv");
    expect(rowIds()[0]).toBe("r-trial");
    expect(within(screen.getByTestId("runs-row-r-trial")).getByTestId("runs-best")).toBeTruthy();
    pick(document.body, "runs-best-by", "latency");
    expect(rowIds()).toEqual(["r-fast", "r-good", "r-slow", "r-trial", "r-failed"]);
    expect(within(screen.getByTestId("runs-row-r-fast")).getByTestId("runs-best")).toBeTruthy();
    expect(screen.getAllByTestId("runs-best")).toHaveLength(1);
    pick(document.body, "runs-best-by", "validation");
    expect(rowIds().slice(0, 3)).toEqual(["r-slow", "r-fast", "r-good"]);
  });

  it("follows the Train form's dataset, or lists every dataset's runs", async () => {
    const calls = backend([fast, good, irisRun]);
    const form = await openTrainPanel();
    await screen.findByTestId("runs-table");
    expect(rowIds()).toEqual(["r-good", "r-fast"]);
    fireEvent.click(screen.getByTestId("runs-all"));
    await waitFor(() => expect(rowIds()).toContain("r-iris"));
    expect(called(calls, "list_runs").at(-1)).toEqual({ dataset: null });
    expect(within(screen.getByTestId("runs-row-r-iris")).getByText("iris@2")).toBeTruthy();
    fireEvent.click(screen.getByTestId("runs-all"));
    pick(form, "train-dataset", iris.id);
    await waitFor(() => expect(rowIds()).toEqual(["r-iris"]));
    expect(called(calls, "list_runs").at(-1)).toEqual({ dataset: "iris" });
  });

  it("plots quality against latency with the Pareto-optimal runs joined; a dot opens its run", async () => {
    const calls = backend([fast, good, trial, failed, slow]);
    await openTrainPanel();
    const pareto = await screen.findByTestId("runs-pareto");
    // fast (0.91 at 0.01 ms) and good (0.95 at 0.2 ms) are optimal; slow (0.93 at 0.5 ms) is not.
    expect(within(pareto).getByTestId("pareto-front").getAttribute("points")!.split(" ")).toHaveLength(2);
    expect(pareto.textContent).toContain("Pareto-optimal: 2 of 3 runs");
    expect(within(pareto).getByTestId("runs-export-svg-pareto")).toBeTruthy();
    const dot = within(pareto)
      .getAllByText("events-mlp-1: AUC 0.9300, 0.5 ms")
      .map((title) => title.closest("g")!)[0]!;
    fireEvent.click(dot);
    const detail = await screen.findByTestId("run-detail");
    expect(called(calls, "run_detail")).toEqual([{ run: "r-slow" }]);
    expect((await within(detail).findByTestId("run-detail-name")).textContent).toBe("events-mlp-1");
  });

  it("compares the ticked runs: only the parameters that differ, side by side, and their curves overlaid", async () => {
    const calls = backend([fast, good, trial, failed, slow]);
    await openTrainPanel();
    await screen.findByTestId("runs-table");
    fireEvent.click(screen.getByTestId("runs-select-r-fast"));
    expect(screen.queryByTestId("runs-compare")).toBeNull();
    fireEvent.click(screen.getByTestId("runs-select-r-good"));
    const compare = await screen.findByTestId("runs-compare");
    expect(compare.textContent).toContain("Comparing 2 runs");
    const rows = within(within(compare).getByTestId("runs-compare-params")).getAllByRole("row");
    // In the order ticked.
    expect(rows.map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ["Parameter", "events-linear-1 · Linear model", "events-gbdt-1 · Gradient-boosted trees"],
      ["l2", "1", "—"],
      ["learning_rate", "—", "0.1"],
      ["num_leaves", "—", "31"],
    ]);
    // `seed` is the same in both: not listed.
    expect(within(compare).queryByTestId("runs-compare-param-seed")).toBeNull();
    const curves = await within(compare).findByTestId("runs-compare-curves");
    expect(called(calls, "run_detail").map((a) => a.run)).toEqual(["r-fast", "r-good"]);
    expect(within(curves).getByTestId("curve-train-0").getAttribute("points")!.split(" ")).toHaveLength(4);
    expect(within(curves).getByTestId("curve-train-1").getAttribute("points")!.split(" ")).toHaveLength(6);
    expect(within(curves).getByTestId("curve-valid-1").getAttribute("stroke-dasharray")).toBe("5 3");
    expect(curves.textContent).toContain("events-linear-1");
    expect(within(curves).getByTestId("compare-export-png-curves")).toBeTruthy();

    fireEvent.click(screen.getByTestId("runs-select-r-slow"));
    await waitFor(() => expect(within(screen.getByTestId("runs-compare")).getByTestId("runs-compare-param-l2").children).toHaveLength(4));
    fireEvent.click(within(screen.getByTestId("runs-compare")).getByTestId("runs-compare-clear"));
    expect(screen.queryByTestId("runs-compare")).toBeNull();
    expect((screen.getByTestId("runs-select-r-fast") as HTMLInputElement).checked).toBe(false);
  });
});

describe("Run detail", () => {
  it("picks the plots by task: ROC, PR, calibration and a 2×2 confusion matrix for a binary run, with metric cards per part and the curve", async () => {
    backend([fast, good]);
    await openTrainPanel();
    fireEvent.click(await screen.findByTestId("runs-open-r-good"));
    const detail = await screen.findByTestId("run-detail");
    await within(detail).findByTestId("run-roc");
    expect(within(detail).getByTestId("run-pr")).toBeTruthy();
    expect(within(detail).getByTestId("run-calibration")).toBeTruthy();
    // No model lists the classes: negative first, then positive.
    const confusion = within(detail).getByTestId("run-confusion");
    expect(within(confusion).getAllByTestId("confusion-cell").map((c) => c.getAttribute("data-count"))).toEqual(["119", "18", "8", "72"]);
    expect(within(confusion).getByRole("group", { name: "Confusion matrix of 2 classes (Test rows)" })).toBeTruthy();
    expect(within(confusion).getAllByRole("button", { name: /^Actual .*Click to show these rows/s })).toHaveLength(4);
    expect(within(confusion).getByText(/^Actual negative, predicted positive: 18/)).toBeTruthy();
    expect(within(detail).queryByTestId("run-residuals")).toBeNull();
    expect(within(within(detail).getByTestId("run-roc")).getByTestId("roc-test")).toBeTruthy();
    expect(within(detail).getByTestId("run-metrics-test").textContent).toContain("AUC0.9500");
    expect(within(detail).getByTestId("run-metrics-latency").textContent).toContain("0.05 ms");
    expect(within(detail).getByTestId("run-detail-params").textContent).toContain("num_leaves31");
    expect(within(within(detail).getByTestId("run-curve")).getByTestId("curve-train").getAttribute("points")!.split(" ")).toHaveLength(6);
    expect(within(detail).getByTestId("run-export-svg-roc")).toBeTruthy();
    expect(screen.getByTestId("runs-row-r-good").getAttribute("aria-selected")).toBe("true");
    // The same run again closes it.
    fireEvent.click(screen.getByTestId("runs-open-r-good"));
    expect(screen.queryByTestId("run-detail")).toBeNull();
  });

  it("shows a multiclass run's confusion matrix (classes named by its model) and a regressor's residuals", async () => {
    backend([irisRun, regression], [irisModel]);
    const form = await openTrainPanel();
    fireEvent.click(screen.getByTestId("runs-all"));
    fireEvent.click(await screen.findByTestId("runs-open-r-iris"));
    const confusion = await screen.findByTestId("run-confusion");
    expect(within(confusion).getAllByTestId("confusion-cell")).toHaveLength(9);
    expect(within(confusion).getByText("Actual versicolor, predicted virginica: 1 (10 % of versicolor) Click to show these rows in the Data panel.")).toBeTruthy();
    // A cell with no rows has nothing to show.
    expect(within(confusion).getByText("Actual setosa, predicted versicolor: 0 (0 % of setosa)")).toBeTruthy();
    const detail = screen.getByTestId("run-detail");
    expect(within(detail).queryByTestId("run-roc")).toBeNull();
    expect(within(detail).queryByTestId("run-residuals")).toBeNull();

    fireEvent.click(screen.getByTestId("runs-open-r-reg"));
    const residuals = await screen.findByTestId("run-residuals");
    expect(residuals.querySelectorAll("circle")).toHaveLength(3);
    expect(screen.queryByTestId("run-confusion")).toBeNull();
    expect(screen.queryByTestId("run-calibration")).toBeNull();
    fireEvent.click(within(screen.getByTestId("run-detail")).getByTestId("run-detail-close"));
    expect(screen.queryByTestId("run-detail")).toBeNull();
    expect(form).toBeTruthy();
  });

  it("a search trial has no model to plot: its parameters and score only", async () => {
    backend([trial]);
    await openTrainPanel();
    fireEvent.click(await screen.findByTestId("runs-open-r-trial"));
    const detail = await screen.findByTestId("run-detail");
    expect((await within(detail).findByTestId("run-detail-name")).textContent).toBe("Trial 7");
    expect(detail.textContent).toContain("no model to plot");
    expect(within(detail).queryByTestId("run-metrics")).toBeNull();
    expect(detail.querySelector("figure")).toBeNull();
  });
});

/** The cell of the open run's confusion matrix for `actual` and `predicted` (class indices). */
async function confusionCell(actual: number, predicted: number) {
  const cells = within(await screen.findByTestId("run-confusion")).getAllByTestId("confusion-cell");
  return cells.find((c) => c.getAttribute("data-actual") === String(actual) && c.getAttribute("data-predicted") === String(predicted))!;
}

/** The row numbers the Data table's gutter shows. */
const gutterNumbers = () => within(screen.getByTestId("data-table")).getAllByRole("rowheader").map((h) => h.textContent);

describe("Confusion-matrix cell → its rows", () => {
  // A run id as the backend makes them (the banner shortens it).
  const uuidRun = { ...irisRun, id: "0193a5b2-7c1d-7e00-8000-00000000abcd", dataset: "iris@1" };

  it("a click finds the cell's rows and shows only those in the Data panel, on the run's dataset version; Show all rows goes back", async () => {
    const calls = backend([uuidRun], [irisModel], {
      run_detail: () => runDetail(uuidRun, multiclassConfusion),
      confusion_rows: () => ({ dataset: "iris@1", actual: "virginica", predicted: "versicolor", rows: [41, 77] }),
      dataset_versions: () => [irisV1, iris],
      dataset_rows_at: (a) => rowsAt(irisV1, a.rows as number[]),
      dataset_rows: (a) => rowsOf(a.dataset === irisV1.id ? irisV1 : iris, a.offset as number, a.limit as number),
    });
    await openTrainPanel();
    fireEvent.click(screen.getByTestId("runs-all"));
    fireEvent.click(await screen.findByTestId(`runs-open-${uuidRun.id}`));
    const cell = await confusionCell(2, 1);
    expect(cell.getAttribute("role")).toBe("button");
    expect(cell.getAttribute("aria-label")).toBe("Actual virginica, predicted versicolor: 2 (20 % of virginica)\nClick to show these rows in the Data panel.");
    fireEvent.click(cell);

    // The Data panel opens on iris v1 (the list shows v2) with the banner and only those rows.
    const banner = await screen.findByTestId("row-filter");
    expect(called(calls, "confusion_rows")).toEqual([{ run: uuidRun.id, part: "test", actual: 2, predicted: 1 }]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Data");
    expect(banner.textContent).toContain("2 test rows: actual “virginica”, predicted “versicolor” (run 0193…abcd)");
    const item = screen.getAllByTestId("dataset-item").find((i) => i.textContent!.includes("iris"))!;
    expect(item.getAttribute("aria-current")).toBe("true");
    await waitFor(() => expect((screen.getByTestId("version-select") as HTMLSelectElement).value).toBe(irisV1.id));
    await waitFor(() => expect(within(screen.getByTestId("data-table")).getAllByTestId("data-row")).toHaveLength(2));
    expect(screen.getByTestId("row-count").textContent).toBe("2 of 150 rows");
    // Each row under its number in the dataset (1-based, as the full table shows it).
    expect(gutterNumbers()).toEqual(["42", "78"]);
    const rows = within(screen.getByTestId("data-table")).getAllByTestId("data-row");
    expect(within(rows[0]!).getAllByRole("gridcell").map((c) => c.textContent)).toEqual(["4.8", "virginica", "user41@example.org"]);
    expect(within(rows[1]!).getAllByRole("gridcell")[2]!.textContent).toBe("user77@example.org");
    expect(called(calls, "dataset_rows_at")).toEqual([{ dataset: irisV1.id, rows: [41, 77] }]);
    // No window of all of iris's rows was asked for (the Data panel opened with the other dataset first may have been).
    const irisRows = () => called(calls, "dataset_rows").filter((a) => a.dataset === irisV1.id || a.dataset === iris.id);
    expect(irisRows()).toEqual([]);

    fireEvent.click(within(banner).getByTestId("row-filter-clear"));
    expect(screen.queryByTestId("row-filter")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("150 rows"));
    expect((screen.getByTestId("version-select") as HTMLSelectElement).value).toBe(irisV1.id);
    expect(irisRows()[0]).toEqual({ dataset: irisV1.id, offset: 0, limit: 500 });
    await waitFor(() => expect(gutterNumbers().slice(0, 2)).toEqual(["1", "2"]));
  });

  it("Enter on a cell asks too; a refusal shows in place and the Train panel stays", async () => {
    const calls = backend([irisRun], [irisModel], {
      confusion_rows: () => {
        throw { code: "not_found", message: "run r-iris has no test rows recorded" };
      },
    });
    await openTrainPanel();
    fireEvent.click(screen.getByTestId("runs-all"));
    fireEvent.click(await screen.findByTestId("runs-open-r-iris"));
    const cell = await confusionCell(1, 1);
    expect(cell.getAttribute("tabindex")).toBe("0");
    fireEvent.keyDown(cell, { key: "Enter" });
    const error = await screen.findByTestId("confusion-rows-error");
    expect(within(error).getByRole("alert").textContent).toBe("run r-iris has no test rows recorded");
    expect(called(calls, "confusion_rows")).toEqual([{ run: "r-iris", part: "test", actual: 1, predicted: 1 }]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Train");
    expect(screen.queryByTestId("row-filter")).toBeNull();
    // An empty cell is not a button.
    expect((await confusionCell(0, 1)).getAttribute("role")).toBeNull();
  });
});

describe("Stars and tags", () => {
  const starredFast = { ...fast, starred: true, tags: ["baseline"] };
  const taggedGood = { ...good, tags: ["baseline", "candidate"] };

  it("a star toggles through the backend and the row shows it as answered", async () => {
    const calls = backend([fast, good], [], { label_run: labelRun([fast, good]) });
    await openTrainPanel();
    const star = await screen.findByTestId("runs-star-r-fast");
    expect(star.getAttribute("aria-pressed")).toBe("false");
    expect(star.getAttribute("aria-label")).toBe("Star events-linear-1");
    fireEvent.click(star);
    await waitFor(() => expect(screen.getByTestId("runs-star-r-fast").getAttribute("aria-pressed")).toBe("true"));
    expect(called(calls, "label_run")).toEqual([{ run: "r-fast", starred: true, tags: null }]);
    expect(screen.getByTestId("runs-star-r-good").getAttribute("aria-pressed")).toBe("false");
    // Starred only: the row just starred is the one left.
    fireEvent.click(screen.getByTestId("runs-starred-only"));
    expect(rowIds()).toEqual(["r-fast"]);

    fireEvent.click(screen.getByTestId("runs-star-r-fast"));
    await waitFor(() => expect(screen.getByTestId("runs-filtered-empty").textContent).toBe("No runs match the filters."));
    expect(called(calls, "label_run").at(-1)).toEqual({ run: "r-fast", starred: false, tags: null });
    expect(screen.queryByTestId("runs-table")).toBeNull();
  });

  it("shows tags as chips and filters by star and by a tag in use", async () => {
    backend([starredFast, taggedGood, slow]);
    await openTrainPanel();
    await screen.findByTestId("runs-table");
    expect(rowIds()).toEqual(["r-good", "r-slow", "r-fast"]);
    expect(screen.getByTestId("runs-tags-r-good").textContent).toBe("#baseline#candidate");
    expect(screen.getByTestId("runs-tags-r-fast").textContent).toBe("#baseline");
    expect(screen.queryByTestId("runs-tags-r-slow")).toBeNull();
    // The run's cell names it: the star is an icon, the chips stand apart.
    expect(within(screen.getByTestId("runs-row-r-fast")).getByTestId("runs-open-r-fast").textContent).toBe("events-linear-1");
    expect(screen.getByTestId("runs-star-r-fast").getAttribute("aria-pressed")).toBe("true");

    const filter = screen.getByTestId("runs-tag-filter") as HTMLSelectElement;
    expect([...filter.options].map((o) => o.textContent)).toEqual(["All tags", "baseline", "candidate"]);
    expect(filter.value).toBe("");
    fireEvent.click(screen.getByTestId("runs-starred-only"));
    expect(rowIds()).toEqual(["r-fast"]);
    fireEvent.click(screen.getByTestId("runs-starred-only"));
    pick(document.body, "runs-tag-filter", "baseline");
    expect(rowIds()).toEqual(["r-good", "r-fast"]);
    pick(document.body, "runs-tag-filter", "candidate");
    expect(rowIds()).toEqual(["r-good"]);
    // Both at once: no starred run is a candidate.
    fireEvent.click(screen.getByTestId("runs-starred-only"));
    expect(screen.queryByTestId("runs-table")).toBeNull();
    expect(screen.getByTestId("runs-filtered-empty")).toBeTruthy();
    fireEvent.click(screen.getByTestId("runs-starred-only"));
    pick(document.body, "runs-tag-filter", "");
    expect(rowIds()).toEqual(["r-good", "r-slow", "r-fast"]);
  });

  it("saves the tags typed in the run detail and shows them as chips, in the detail and its row", async () => {
    const calls = backend([fast, slow], [], { label_run: labelRun([fast, slow]) });
    await openTrainPanel();
    expect((screen.getByTestId("runs-tag-filter") as HTMLSelectElement).disabled).toBe(true);
    fireEvent.click(await screen.findByTestId("runs-open-r-slow"));
    const detail = await screen.findByTestId("run-detail");
    const input = (await within(detail).findByTestId("run-tags-input")) as HTMLInputElement;
    expect(input.value).toBe("");
    fireEvent.change(input, { target: { value: " prod, candidate,, prod " } });
    fireEvent.click(within(detail).getByTestId("run-tags-save"));
    await waitFor(() => expect(screen.getByTestId("runs-tags-r-slow").textContent).toBe("#candidate#prod"));
    expect(called(calls, "label_run")).toEqual([{ run: "r-slow", starred: null, tags: ["prod", "candidate", "prod"] }]);
    expect(within(detail).getByTestId("run-detail-tags").textContent).toBe("#candidate#prod");
    // The field shows the tags as the backend keeps them.
    expect(input.value).toBe("candidate, prod");
    expect([...(screen.getByTestId("runs-tag-filter") as HTMLSelectElement).options].map((o) => o.value)).toEqual(["", "candidate", "prod"]);
    pick(document.body, "runs-tag-filter", "prod");
    expect(rowIds()).toEqual(["r-slow"]);

    // Cleared: no tags left, and a filter on one no run carries any more lets every run through.
    fireEvent.change(input, { target: { value: "" } });
    fireEvent.click(within(detail).getByTestId("run-tags-save"));
    await waitFor(() => expect(screen.queryByTestId("runs-tags-r-slow")).toBeNull());
    expect(called(calls, "label_run").at(-1)).toEqual({ run: "r-slow", starred: null, tags: [] });
    expect(within(detail).queryByTestId("run-detail-tags")).toBeNull();
    expect(rowIds()).toEqual(["r-slow", "r-fast"]);
    expect((screen.getByTestId("runs-tag-filter") as HTMLSelectElement).value).toBe("");
  });

  it("a refused tag shows the backend's reason in place and changes nothing", async () => {
    const calls = backend([taggedGood], [], { label_run: labelRun([taggedGood]) });
    await openTrainPanel();
    fireEvent.click(await screen.findByTestId("runs-open-r-good"));
    const detail = await screen.findByTestId("run-detail");
    const input = (await within(detail).findByTestId("run-tags-input")) as HTMLInputElement;
    expect(input.value).toBe("baseline, candidate");
    const long = "a-tag-that-goes-on-far-longer-than-forty-characters";
    fireEvent.change(input, { target: { value: `baseline, ${long}` } });
    fireEvent.click(within(detail).getByTestId("run-tags-save"));
    const alert = await within(within(detail).getByTestId("run-tags")).findByRole("alert");
    expect(alert.textContent).toBe(`tag "${long}" is longer than 40 characters`);
    expect(called(calls, "label_run")).toEqual([{ run: "r-good", starred: null, tags: ["baseline", long] }]);
    expect(input.value).toBe(`baseline, ${long}`);
    expect(within(detail).getByTestId("run-detail-tags").textContent).toBe("#baseline#candidate");
    expect(screen.getByTestId("runs-tags-r-good").textContent).toBe("#baseline#candidate");

    // Fixed and saved again: the error goes.
    fireEvent.change(input, { target: { value: "baseline, short" } });
    fireEvent.click(within(detail).getByTestId("run-tags-save"));
    await waitFor(() => expect(screen.getByTestId("runs-tags-r-good").textContent).toBe("#baseline#short"));
    expect(within(detail).queryByRole("alert")).toBeNull();
  });
});
