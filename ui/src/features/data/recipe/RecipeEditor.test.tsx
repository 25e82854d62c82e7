import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { PrepOutcome, RecipePreview, StepOp } from "../../../lib/api";
import { I18nProvider } from "../../../i18n";
import { App } from "../../../App";
import { deferred } from "../../../test/appFixtures";
import { big, iris, irisPrepared, irisPrepOutcome, irisV3, recipePreview } from "../../../test/dataFixtures";
import { called, mockDataBackend, type Handler } from "../../../test/invoke";

/** Long enough for the preview's debounce (400 ms) and the answer. */
const WAIT = { timeout: 3000 };

function backend(overrides: Record<string, Handler> = {}) {
  return mockDataBackend({ preview_recipe: () => irisPrepared }, overrides, { known: [irisV3] });
}

function renderApp() {
  return render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
}

async function addStep(op: StepOp) {
  fireEvent.change(await screen.findByTestId("recipe-op"), { target: { value: op } });
  fireEvent.click(screen.getByTestId("recipe-add"));
}

function step(n: number): HTMLElement {
  return screen.getAllByTestId("recipe-step")[n - 1]!;
}

/** The steps of the latest preview_recipe call, once it asked for `count` of them. */
async function lastPreviewSteps(calls: ReturnType<typeof backend>["calls"], count?: number): Promise<unknown[]> {
  let steps: unknown[] = [];
  await waitFor(() => {
    const asked = called(calls, "preview_recipe");
    expect(asked.length).toBeGreaterThan(0);
    steps = asked.at(-1)!.steps as unknown[];
    if (count !== undefined) expect(steps).toHaveLength(count);
  }, WAIT);
  return steps;
}

describe("Prep recipe editor", () => {
  it("adding steps builds the steps sent to preview_recipe, for the selected version", async () => {
    const { calls } = backend();
    renderApp();
    expect((await screen.findByTestId("recipe-empty")).textContent).toContain("first 5,000 rows");
    expect([...(screen.getByTestId("recipe-op") as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      "Fill missing values",
      "One-hot encode",
      "Ordinal encode",
      "Scale",
      "Clip outliers",
      "Filter rows",
      "Drop duplicates",
      "Drop columns",
      "Rename",
      "Change type",
      "Date parts",
      "Word count",
      "TF-IDF words",
      "Image pixels",
    ]);
    await addStep("impute");
    await addStep("one_hot");
    // Each step starts on a column it suits: the numeric one for the median, the categorical one to encode.
    expect((within(step(1)).getByTestId("step-column") as HTMLSelectElement).value).toBe("sepal_length");
    expect((within(step(2)).getByTestId("step-column") as HTMLSelectElement).value).toBe("species");
    expect(await lastPreviewSteps(calls, 2)).toEqual([
      { op: "impute", column: "sepal_length", strategy: "median" },
      { op: "one_hot", column: "species" },
    ]);
    expect(called(calls, "preview_recipe").at(-1)).toMatchObject({ dataset: iris.id, rows: 20 });

    fireEvent.change(within(step(2)).getByTestId("step-limit"), { target: { value: "10" } });
    await addStep("filter_rows");
    fireEvent.change(within(step(3)).getByTestId("step-column"), { target: { value: "sepal_length" } });
    fireEvent.change(within(step(3)).getByTestId("step-compare"), { target: { value: "gt" } });
    // A comparison with a value waits for it.
    expect(within(step(3)).getByTestId("step-problem").textContent).toBe("Type the value to compare with.");
    expect(screen.getByTestId("recipe-incomplete")).toBeTruthy();
    expect((screen.getByTestId("recipe-apply") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(step(3)).getByTestId("step-value"), { target: { value: "5" } });
    expect(await lastPreviewSteps(calls, 3)).toEqual([
      { op: "impute", column: "sepal_length", strategy: "median" },
      { op: "one_hot", column: "species", max_categories: 10 },
      { op: "filter_rows", column: "sepal_length", compare: "gt", value: 5 },
    ]);
  });

  it("moving and removing steps changes the steps previewed", async () => {
    const { calls } = backend();
    renderApp();
    await addStep("impute");
    await addStep("scale");
    await addStep("drop_columns");
    fireEvent.change(within(step(3)).getByTestId("step-columns-add"), { target: { value: "email" } });
    expect(within(step(3)).getAllByTestId("step-column-chip").map((c) => c.textContent)).toEqual(["email"]);
    await lastPreviewSteps(calls, 3);

    fireEvent.click(within(step(3)).getByRole("button", { name: "Move step 3 up" }));
    expect((within(step(1)).getByRole("button", { name: "Move step 1 up" }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(step(3)).getByRole("button", { name: "Move step 3 down" }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(async () => {
      expect(await lastPreviewSteps(calls, 3)).toEqual([
        { op: "impute", column: "sepal_length", strategy: "median" },
        { op: "drop_columns", columns: ["email"] },
        { op: "scale", column: "sepal_length", method: "standard" },
      ]);
    }, WAIT);

    fireEvent.click(within(step(1)).getByRole("button", { name: "Remove step 1" }));
    expect(screen.getAllByTestId("recipe-step").map((s) => s.getAttribute("aria-label"))).toEqual(["Step 1: Drop columns", "Step 2: Scale"]);
    expect(await lastPreviewSteps(calls, 2)).toEqual([
      { op: "drop_columns", columns: ["email"] },
      { op: "scale", column: "sepal_length", method: "standard" },
    ]);
  });

  it("shows the preview's summary and rows, and offers the columns it made to the next step", async () => {
    backend();
    renderApp();
    await addStep("impute");
    await addStep("one_hot");
    const summary = await screen.findByTestId("recipe-summary", undefined, WAIT);
    expect(summary.textContent).toBe("150 sample rows → 150 rows · 3 → 5 columns");
    const table = screen.getByTestId("recipe-preview-table");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "sepal_lengthfloat",
      "species=setosafloat",
      "species=versicolorfloat",
      "species=virginicafloat",
      "emailtext",
    ]);
    const rows = within(table).getAllByTestId("recipe-preview-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getAllByRole("cell").map((c) => c.textContent)).toEqual(["5", "0", "1", "0", "user1@example.org"]);
    expect(within(rows[2]!).getAllByRole("cell")[4]!.className).toContain("dt-null");

    // The fitted one-hot step names its columns: a later step can pick them.
    await addStep("drop_columns");
    const add = within(step(3)).getByTestId("step-columns-add") as HTMLSelectElement;
    expect([...add.options].map((o) => o.value)).toEqual(["", "sepal_length", "species=setosa", "species=versicolor", "species=virginica", "email"]);
  });

  it("ignores a preview that answers after newer steps were asked for", async () => {
    const answers = [deferred<RecipePreview>(), deferred<RecipePreview>()];
    let asked = 0;
    const { calls } = backend({ preview_recipe: () => answers[asked++]!.promise });
    renderApp();
    await addStep("impute");
    await lastPreviewSteps(calls, 1);
    fireEvent.change(within(step(1)).getByTestId("step-strategy"), { target: { value: "mean" } });
    await waitFor(() => expect(called(calls, "preview_recipe")).toHaveLength(2), WAIT);
    expect(screen.getByTestId("recipe-updating")).toBeTruthy();

    const newer = recipePreview(iris.columns, [[5.8, "setosa", "a"]], { sampleRows: 150, totalRows: 149, columnsBefore: 3, fitted: [] });
    const older = recipePreview(iris.columns, [], { sampleRows: 150, totalRows: 7, columnsBefore: 3, fitted: [] });
    answers[1]!.resolve(newer);
    await waitFor(() => expect(screen.getByTestId("recipe-summary").textContent).toBe("150 sample rows → 149 rows · 3 → 3 columns"));
    answers[0]!.resolve(older);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId("recipe-summary").textContent).toBe("150 sample rows → 149 rows · 3 → 3 columns");
    expect(screen.queryByTestId("recipe-updating")).toBeNull();
  });

  it("shows a preview error in place and marks the step it names", async () => {
    backend({
      preview_recipe: () => {
        throw { code: "invalid_input", message: 'invalid recipe: step 2 (tf_idf): tf_idf needs a text column; "hue" is float' };
      },
    });
    renderApp();
    await addStep("impute");
    await addStep("tf_idf");
    const error = await screen.findByTestId("recipe-error", undefined, WAIT);
    expect(error.textContent).toContain('step 2 (tf_idf): tf_idf needs a text column; "hue" is float');
    expect(step(2).className).toContain("recipe-step-failed");
    expect(step(1).className).not.toContain("recipe-step-failed");
    expect((screen.getByTestId("recipe-apply") as HTMLButtonElement).disabled).toBe(true);
    // Editing the step clears the mark until the next answer.
    fireEvent.change(within(step(2)).getByTestId("step-limit"), { target: { value: "20" } });
    expect(step(2).className).not.toContain("recipe-step-failed");
  });

  it("Apply stores the new version with prep_dataset and shows it, with where it came from", async () => {
    let outcome: PrepOutcome | null = null;
    const fake = backend({
      prep_dataset: () => {
        outcome = irisPrepOutcome(true);
        fake.setDatasets([irisV3, big]);
        return outcome;
      },
    });
    const { calls } = fake;
    renderApp();
    await addStep("impute");
    await addStep("one_hot");
    await screen.findByTestId("recipe-summary", undefined, WAIT);
    fireEvent.click(screen.getByTestId("recipe-apply"));
    const made = await screen.findByTestId("recipe-made");
    expect(made.textContent).toBe("Version 3 made from version 2, fitted on the training split.");
    expect(called(calls, "prep_dataset")).toEqual([
      {
        dataset: iris.id,
        steps: [
          { op: "impute", column: "sepal_length", strategy: "median" },
          { op: "one_hot", column: "species" },
        ],
      },
    ]);
    const items = screen.getAllByTestId("dataset-item");
    expect(items[0]!.textContent).toContain("v3");
    expect(items[0]!.getAttribute("aria-current")).toBe("true");
    expect(screen.getByRole("heading", { level: 2, name: "iris" }).parentElement!.textContent).toContain("v3");
    await waitFor(() => expect(called(calls, "dataset_rows").map((a) => a.dataset)).toContain(irisV3.id));
    // The new version starts with an empty recipe of its own.
    expect(screen.getByTestId("recipe-empty")).toBeTruthy();
  });

  it("Cancel calls cancel_job and says nothing was stored", async () => {
    const done = deferred<PrepOutcome>();
    const { calls } = backend({
      prep_dataset: () => done.promise,
      cancel_job: () => {
        done.reject({ code: "cancelled", message: "cancelled" });
        return true;
      },
    });
    renderApp();
    await addStep("impute");
    await screen.findByTestId("recipe-summary", undefined, WAIT);
    fireEvent.click(screen.getByTestId("recipe-apply"));
    expect((await screen.findByTestId("recipe-progress-text")).textContent).toBe("Preparing a new version…");
    expect(screen.queryByTestId("recipe-apply")).toBeNull();
    fireEvent.click(screen.getByTestId("recipe-cancel"));
    expect((await screen.findByTestId("recipe-cancelled")).textContent).toBe("Cancelled, nothing was stored.");
    expect(called(calls, "cancel_job")).toHaveLength(1);
    expect(screen.queryByTestId("recipe-progress")).toBeNull();
    expect((screen.getByTestId("recipe-apply") as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId("recipe-made")).toBeNull();
  });

  it("a backend error from Apply shows in place and marks the step it names", async () => {
    backend({
      prep_dataset: () => {
        throw { code: "invalid_input", message: "invalid recipe: step 1 (impute): impute mean/median needs a numeric column" };
      },
    });
    renderApp();
    await addStep("impute");
    await screen.findByTestId("recipe-summary", undefined, WAIT);
    fireEvent.click(screen.getByTestId("recipe-apply"));
    const error = await screen.findByTestId("recipe-apply-error");
    expect(error.textContent).toContain("impute mean/median needs a numeric column");
    expect(step(1).className).toContain("recipe-step-failed");
  });
});
