import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import type { Channel } from "@tauri-apps/api/core";
import type { DatasetInfo, ImportProgress, ImportSummary, SplitInfo } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { deferred, sendOnChannel as sendProgress } from "../../test/appFixtures";
import { big, iris, irisProfile, rowsOf } from "../../test/dataFixtures";
import { called, mockDataBackend, type Handler } from "../../test/invoke";

function backend(overrides: Record<string, Handler> = {}, opts: { datasets?: DatasetInfo[]; events?: boolean } = {}) {
  return mockDataBackend({ close_project: () => null, dataset_profile: () => irisProfile, cancel_job: () => false }, overrides, opts);
}

function renderApp() {
  return render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
}

async function importViaForm(path: string, name = "") {
  const form = await screen.findByRole("form", { name: "Import a file" });
  fireEvent.change(within(form).getByLabelText("File"), { target: { value: path } });
  if (name) fireEvent.change(within(form).getByLabelText("Name (optional)"), { target: { value: name } });
  fireEvent.click(within(form).getByRole("button", { name: "Import" }));
}

describe("Data panel", () => {
  it("lists the datasets from list_datasets with version, shape and size", async () => {
    backend();
    renderApp();
    const list = await screen.findByTestId("dataset-list");
    const items = within(list).getAllByTestId("dataset-item");
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain("iris");
    expect(items[0]!.textContent).toContain("v2");
    expect(items[0]!.textContent).toContain("150 × 3");
    expect(items[0]!.textContent).toContain("4.2 KB");
    expect(items[1]!.textContent).toContain("1,000,000 × 4");
    expect(items[1]!.textContent).toContain("17.6 MB");
  });

  it("selecting a dataset fetches its first row window and shows the rows and the row count", async () => {
    const { calls } = backend();
    renderApp();
    const items = await screen.findAllByTestId("dataset-item");
    fireEvent.click(items[1]!);
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("1,000,000 rows"));
    const rowCalls = calls.filter((c) => c.cmd === "dataset_rows" && c.args.dataset === big.id);
    expect(rowCalls[0]?.args).toEqual({ dataset: big.id, offset: 0, limit: 500 });
    const table = screen.getByTestId("data-table");
    await waitFor(() => expect(within(table).getAllByTestId("data-row").length).toBeGreaterThan(0));
    const rows = within(table).getAllByTestId("data-row");
    // Only the visible rows (+ overscan) are in the DOM, never the whole table.
    expect(rows.length).toBeLessThan(60);
    const first = within(rows[0]!).getAllByRole("gridcell");
    expect(first.map((c) => c.textContent)).toEqual(["1", "—", "2024-01-10T08:00:00Z", "true"]);
    expect(first[1]!.className).toContain("dt-null");
    expect(first[0]!.className).toContain("dt-num");
    // Sticky header: name and type badge.
    const headers = within(table).getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["#", "idint", "amountfloat", "atdate", "okbool"]);
    expect(items[1]!.getAttribute("aria-current")).toBe("true");
  });

  it("shows an image folder's thumbnails as pictures in the table", async () => {
    const pets: DatasetInfo = {
      ...iris,
      id: "v-pets-1",
      datasetId: "d-pets",
      name: "pets",
      version: 1,
      rows: 1,
      sourceFormat: "images",
      columns: [
        { name: "path", type: "text" },
        { name: "label", type: "categorical" },
        { name: "thumbnail", type: "text" },
      ],
    };
    const png = "data:image/png;base64,iVBORw0KGgo=";
    backend(
      { dataset_rows: () => ({ columns: pets.columns, offset: 0, totalRows: 1, rows: [["/pets/cat/a.png", "cat", png]] }) },
      { datasets: [pets] },
    );
    renderApp();
    fireEvent.click((await screen.findAllByTestId("dataset-item"))[0]!);
    const image = await screen.findByTestId("dt-thumbnail");
    expect(image.getAttribute("src")).toBe(png);
    const cells = within(screen.getAllByTestId("data-row")[0]!).getAllByRole("gridcell");
    expect(cells.map((c) => c.textContent)).toEqual(["/pets/cat/a.png", "cat", ""]);
  });

  it("shows the profile with a histogram bar per bin and a personal-data warning", async () => {
    const { calls } = backend();
    renderApp();
    const panel = await screen.findByTestId("profile-panel");
    const histogram = await within(panel).findByTestId("histogram");
    expect(histogram.querySelectorAll("rect")).toHaveLength(8);
    const badge = within(panel).getByTestId("personal-data-badge");
    expect(badge.textContent).toContain("Personal data?");
    expect(badge.getAttribute("title")).toContain("values look like email addresses");
    expect(within(panel).getAllByTestId("top-value").map((v) => v.textContent)).toEqual([
      "setosa33.3%",
      "versicolor33.3%",
      "virginica33.3%",
      "user0@example.org0.67%",
      "user1@example.org0.67%",
    ]);
    expect(calls.filter((c) => c.cmd === "dataset_profile")).toHaveLength(1);
    expect(calls.find((c) => c.cmd === "dataset_profile")?.args).toEqual({ dataset: iris.id });
  });

  it("shows an import error in place", async () => {
    backend({
      import_dataset: () => {
        throw { code: "invalid_input", message: "x.csv, line 3: expected 4 fields, found 5" };
      },
    });
    renderApp();
    await importViaForm("/data/x.csv");
    const error = await screen.findByTestId("import-error");
    expect(error.textContent).toContain("Could not import x.csv");
    expect(error.textContent).toContain("x.csv, line 3: expected 4 fields, found 5");
    expect(error.getAttribute("title")).toContain("invalid_input");
  });

  it("streams progress, then shows the summary and selects the new dataset", async () => {
    const done = deferred<ImportSummary>();
    let channel: Channel<ImportProgress> | null = null;
    const churn: DatasetInfo = { ...iris, id: "v-churn-1", datasetId: "d-churn", name: "churn", version: 1, rows: 7043, sourcePath: "/data/churn.csv" };
    const fake = backend({
      import_dataset: (a) => {
        channel = a.onProgress as Channel<ImportProgress>;
        return done.promise;
      },
    });
    renderApp();
    await screen.findByTestId("dataset-list");
    await importViaForm("/data/churn.csv", "churn");
    await screen.findByTestId("import-progress");
    expect(fake.calls.find((c) => c.cmd === "import_dataset")?.args).toMatchObject({ path: "/data/churn.csv", name: "churn" });
    act(() => sendProgress(channel!, 0, { done: 512 * 1024, total: 2 * 1024 * 1024, rows: 1800 }));
    const progress = screen.getByTestId("import-progress");
    expect(progress.textContent).toContain("512 KB of 2 MB");
    expect(progress.textContent).toContain("1,800 rows");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");
    expect((screen.getByTestId("import-submit") as HTMLButtonElement).disabled).toBe(true);

    fake.setDatasets([churn, iris, big]);
    await act(async () => {
      done.resolve({
        dataset: churn,
        skippedRows: 2,
        warnings: [{ kind: "ragged_rows_skipped", count: 2, firstLine: 17, column: null, message: "Rows with the wrong number of fields were skipped." }],
        dialect: "UTF-8, ',' delimited, header",
      });
    });
    const summary = await screen.findByTestId("import-summary");
    expect(summary.textContent).toContain("Imported churn v1");
    expect(summary.textContent).toContain("7,043 rows × 3 columns");
    expect(summary.textContent).toContain("2 rows skipped");
    expect(summary.textContent).toContain("Read as: UTF-8, ',' delimited, header");
    expect(within(summary).getAllByTestId("import-warning")[0]!.textContent).toContain("×2");
    await waitFor(() => expect(screen.getAllByTestId("dataset-item")).toHaveLength(3));
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("7,043 rows"));
    expect(screen.getAllByTestId("dataset-item")[0]!.getAttribute("aria-current")).toBe("true");
  });

  it("cancelling calls cancel_job and says nothing was stored", async () => {
    const done = deferred<ImportSummary>();
    const { calls } = backend({
      import_dataset: () => done.promise,
      cancel_job: () => {
        done.reject({ code: "cancelled", message: "cancelled" });
        return true;
      },
    });
    renderApp();
    await importViaForm("/data/huge.csv");
    fireEvent.click(await screen.findByTestId("import-cancel"));
    const line = await screen.findByTestId("import-cancelled");
    expect(line.textContent).toContain("Import of huge.csv cancelled, nothing was stored.");
    expect(calls.some((c) => c.cmd === "cancel_job")).toBe(true);
    expect(screen.queryByTestId("import-error")).toBeNull();
  });

  it("Browse… asks for a data file and imports the chosen one at once with the typed name, as a drop does", async () => {
    const done = deferred<ImportSummary>();
    const { calls } = backend({ pick_path: () => "/data/churn.csv", import_dataset: () => done.promise });
    renderApp();
    await screen.findByTestId("dataset-list");
    fireEvent.change(screen.getByTestId("import-name"), { target: { value: " churn " } });
    fireEvent.click(screen.getByTestId("import-browse"));
    await screen.findByTestId("import-progress");
    expect(called(calls, "pick_path")).toEqual([{ kind: "data_file", title: "Choose a data file to import" }]);
    expect((screen.getByTestId("import-path") as HTMLInputElement).value).toBe("/data/churn.csv");
    expect(called(calls, "import_dataset")[0]).toMatchObject({ path: "/data/churn.csv", name: "churn" });
    expect((screen.getByTestId("import-name") as HTMLInputElement).value).toBe("");
    // No second dialog while the import runs.
    expect((screen.getByTestId("import-browse") as HTMLButtonElement).disabled).toBe(true);
  });

  it("a dismissed Browse… dialog changes nothing; a failed one says why", async () => {
    let fail = false;
    const { calls } = backend({
      pick_path: () => {
        if (fail) throw { code: "internal", message: "no file dialog here" };
        return null;
      },
    });
    renderApp();
    await screen.findByTestId("dataset-list");
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/data/typed.csv" } });
    fireEvent.click(screen.getByTestId("import-browse"));
    await waitFor(() => expect(called(calls, "pick_path")).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId("import-browse") as HTMLButtonElement).disabled).toBe(false));
    expect((screen.getByTestId("import-path") as HTMLInputElement).value).toBe("/data/typed.csv");
    expect(called(calls, "import_dataset")).toEqual([]);
    expect(screen.queryByTestId("import-progress")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();

    fail = true;
    fireEvent.click(screen.getByTestId("import-browse"));
    expect((await screen.findByRole("alert")).textContent).toContain("no file dialog here");
    expect((screen.getByTestId("import-path") as HTMLInputElement).value).toBe("/data/typed.csv");
  });

  it("a .csv dropped on the window imports it; other files get a hint", async () => {
    const done = deferred<ImportSummary>();
    const { calls } = backend({ import_dataset: () => done.promise }, { events: true });
    renderApp();
    await screen.findByTestId("dataset-list");
    fireEvent.click(screen.getByRole("button", { name: "Notes" }));
    await waitFor(async () => {
      await emit("dropped-files", { paths: ["/tmp/slides.pptx"] });
      expect(screen.getByTestId("drop-notice").textContent).toContain("ModelDesk imports CSV, TSV, JSON, NDJSON, Parquet and spreadsheet files, and ONNX models and model bundles (.mdbundle), for now");
    });
    expect(calls.some((c) => c.cmd === "import_dataset")).toBe(false);
    await emit("dropped-files", { paths: ["/tmp/sales.TSV"] });
    await screen.findByTestId("import-progress");
    expect(calls.find((c) => c.cmd === "import_dataset")?.args).toMatchObject({ path: "/tmp/sales.TSV", name: null, settings: null });
    // The Data panel is shown for the import.
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Data");
    await emit("dropped-files", { paths: ["/tmp/more.csv"] });
    await waitFor(() => expect(screen.getByTestId("drop-notice").textContent).toContain("An import is already running"));
  });
});

describe("Import options", () => {
  function setOption(testId: string, value: string | boolean) {
    const input = screen.getByTestId(testId) as HTMLInputElement;
    if (typeof value === "boolean") fireEvent.click(input);
    else fireEvent.change(input, { target: { value } });
  }

  it("are folded away, and untouched they send null settings", async () => {
    const done = deferred<ImportSummary>();
    const { calls } = backend({ import_dataset: () => done.promise });
    renderApp();
    await screen.findByTestId("dataset-list");
    expect((screen.getByTestId("import-options") as HTMLDetailsElement).open).toBe(false);
    await importViaForm("/data/churn.csv");
    await screen.findByTestId("import-progress");
    expect(called(calls, "import_dataset")[0]).toMatchObject({ path: "/data/churn.csv", name: null, settings: null });
  });

  it("send only what was set: tab delimiter, no header, encoding, missing markers, decimal comma", async () => {
    const done = deferred<ImportSummary>();
    const { calls } = backend({ import_dataset: () => done.promise });
    renderApp();
    await screen.findByTestId("dataset-list");
    setOption("import-delimiter", "tab");
    setOption("import-header", "no");
    setOption("import-encoding", "latin1");
    setOption("import-missing", " NA, -,, n/a ");
    setOption("import-decimal-comma", true);
    expect(screen.getByTestId("import-options").querySelector("summary")!.textContent).toContain("5 set");
    await importViaForm("/data/sales.tsv");
    await screen.findByTestId("import-progress");
    expect(called(calls, "import_dataset")[0]!.settings).toEqual({
      delimiter: "tab",
      hasHeader: false,
      encoding: "latin1",
      missing: ["NA", "-", "n/a"],
      decimalComma: true,
    });
  });

  it("parse column types into a record and send strict and the sheet, for Browse… picks too", async () => {
    const done = deferred<ImportSummary>();
    const { calls } = backend({ pick_path: () => "/data/book.xlsx", import_dataset: () => done.promise });
    renderApp();
    await screen.findByTestId("dataset-list");
    setOption("import-types", "zip = text, age=Integer, ");
    setOption("import-sheet", " Q3 ");
    setOption("import-strict", true);
    fireEvent.click(screen.getByTestId("import-browse"));
    await screen.findByTestId("import-progress");
    expect(called(calls, "import_dataset")[0]).toMatchObject({
      path: "/data/book.xlsx",
      settings: { types: { zip: "text", age: "integer" }, sheet: "Q3", strict: true },
    });
    expect(Object.keys(called(calls, "import_dataset")[0]!.settings as object).sort()).toEqual(["sheet", "strict", "types"]);
  });

  it("a malformed column types entry blocks Import with its message", async () => {
    const { calls } = backend({ pick_path: () => "/data/churn.csv" });
    renderApp();
    await screen.findByTestId("dataset-list");
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/data/churn.csv" } });
    setOption("import-types", "zip=text, age");
    expect(screen.getByTestId("import-options-invalid").textContent).toBe("Column types: “age” is not column=type.");
    expect((screen.getByTestId("import-submit") as HTMLButtonElement).disabled).toBe(true);
    setOption("import-types", "zip=text, age=number");
    expect(screen.getByTestId("import-options-invalid").textContent).toContain("“age=number” has an unknown type; use one of integer, float, boolean, categorical, text, datetime");
    fireEvent.submit(screen.getByRole("form", { name: "Import a file" }));
    fireEvent.click(screen.getByTestId("import-browse"));
    await waitFor(() => expect(called(calls, "pick_path")).toHaveLength(1));
    expect(called(calls, "import_dataset")).toEqual([]);
    setOption("import-types", "zip=text, age=integer");
    expect(screen.queryByTestId("import-options-invalid")).toBeNull();
    expect((screen.getByTestId("import-submit") as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows the backend's invalid_input rejection of a setting in place", async () => {
    const { calls } = backend({
      import_dataset: () => {
        throw { code: "invalid_input", message: "encoding: unknown encoding \"latin1\" for this file" };
      },
    });
    renderApp();
    await screen.findByTestId("dataset-list");
    setOption("import-encoding", "latin1");
    await importViaForm("/data/x.csv");
    const error = await screen.findByTestId("import-error");
    expect(error.textContent).toContain("Could not import x.csv");
    expect(error.textContent).toContain('encoding: unknown encoding "latin1" for this file');
    expect(error.getAttribute("title")).toContain("invalid_input");
    expect(called(calls, "import_dataset")[0]!.settings).toEqual({ encoding: "latin1" });
    // The options stay as they were, to correct and retry.
    expect((screen.getByTestId("import-encoding") as HTMLSelectElement).value).toBe("latin1");
  });
});

const irisSplit: SplitInfo = {
  id: "s-1",
  datasetVersionId: iris.id,
  strategy: "random",
  column: null,
  validation: 0.2,
  test: 0.1,
  seed: 7,
  folds: 5,
  trainRows: 105,
  validationRows: 30,
  testRows: 15,
  createdAt: "2025-01-05T10:00:00Z",
};

describe("Versions", () => {
  it("shows the lineage of a prepared version and switching to v1 loads v1's rows", async () => {
    const v1: DatasetInfo = { ...iris, id: "v-iris-1", version: 1, parentId: null, createdAt: "2025-01-01T10:00:00Z" };
    const v2: DatasetInfo = { ...iris, id: "v-iris-2", version: 2, parentId: v1.id, sourcePath: null, sourceFormat: "recipe" };
    const { calls } = backend({
      dataset_versions: () => [v1, v2],
      dataset_rows: (a) => rowsOf(a.dataset === v1.id ? v1 : v2, a.offset as number, a.limit as number),
    }, { datasets: [v2] });
    renderApp();
    const select = (await screen.findByTestId("version-select")) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["v1", "v2 · from v1 (recipe)"]);
    expect(select.value).toBe(v2.id);
    expect(screen.getByTestId("lineage").textContent).toContain("from v1");
    expect(calls.find((c) => c.cmd === "dataset_versions")?.args.dataset).toBe(v2.id);

    fireEvent.change(select, { target: { value: v1.id } });
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "dataset_rows").map((c) => c.args.dataset)).toContain(v1.id),
    );
    expect(screen.getByTestId("lineage").textContent).toBe("Imported from /data/iris.csv");
  });
});

describe("Split section", () => {
  it("renders the stored split from dataset_split and refetches it when the selection changes", async () => {
    const { calls } = backend({ dataset_split: (a) => (a.dataset === iris.id ? irisSplit : null) });
    renderApp();
    const summary = await screen.findByTestId("split-summary");
    expect(calls.find((c) => c.cmd === "dataset_split")?.args).toEqual({ dataset: iris.id });
    expect(within(summary).getByTestId("split-part-train").textContent).toBe("Train10570%");
    expect(within(summary).getByTestId("split-part-validation").textContent).toBe("Validation3020%");
    expect(within(summary).getByTestId("split-part-test").textContent).toBe("Test1510%");
    expect(summary.textContent).toContain("Random");
    expect(summary.textContent).toContain("Seed7");
    expect(summary.textContent).toContain("Folds5");
    expect(summary.querySelectorAll(".split-bar-part")).toHaveLength(3);
    // The form starts from the stored split.
    expect((screen.getByTestId("split-validation") as HTMLInputElement).value).toBe("20");
    expect((screen.getByTestId("split-test") as HTMLInputElement).value).toBe("10");
    expect((screen.getByTestId("split-seed") as HTMLInputElement).value).toBe("7");
    expect((screen.getByTestId("split-folds") as HTMLInputElement).value).toBe("5");

    fireEvent.click(screen.getAllByTestId("dataset-item")[1]!);
    const none = await screen.findByTestId("split-none");
    expect(none.textContent).toBe("No split yet — training will ask for one.");
    expect(screen.queryByTestId("split-summary")).toBeNull();
    expect(calls.filter((c) => c.cmd === "dataset_split").map((c) => c.args.dataset)).toEqual([iris.id, big.id]);
  });

  it("applying sends the request and shows the returned counts", async () => {
    const { calls } = backend({
      split_dataset: () => ({
        ...irisSplit,
        id: "s-2",
        strategy: "stratified",
        column: "species",
        validation: 0.15,
        test: 0.15,
        seed: 42,
        folds: null,
        trainRows: 104,
        validationRows: 23,
        testRows: 23,
      }),
    });
    renderApp();
    await screen.findByTestId("split-none");
    fireEvent.change(screen.getByTestId("split-strategy"), { target: { value: "stratified" } });
    const column = screen.getByTestId("split-column") as HTMLSelectElement;
    // Categorical columns are suggested first; the others follow.
    expect(column.value).toBe("species");
    expect([...column.querySelectorAll("optgroup")].map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.value)])).toEqual([
      ["Suggested", ["species"]],
      ["Other columns", ["sepal_length", "email"]],
    ]);
    fireEvent.click(screen.getByTestId("split-apply"));
    const summary = await screen.findByTestId("split-summary");
    expect(calls.find((c) => c.cmd === "split_dataset")?.args).toEqual({
      dataset: iris.id,
      request: { strategy: "stratified", column: "species", validation: 0.15, test: 0.15, seed: 42, folds: null },
    });
    expect(summary.textContent).toContain("104");
    expect(summary.textContent).toContain("23");
    expect(within(summary).getByTestId("split-part-train").textContent).toBe("Train10469.3%");
    expect(summary.textContent).toContain("Stratified");
    expect(summary.textContent).toContain("species");
    expect(screen.queryByTestId("split-none")).toBeNull();
    expect(screen.queryByTestId("split-error")).toBeNull();
  });

  it("shows a backend error in place and keeps the form", async () => {
    backend({
      split_dataset: () => {
        throw { code: "invalid_input", message: "time_ordered needs a datetime or numeric column" };
      },
    });
    renderApp();
    await screen.findByTestId("split-none");
    fireEvent.change(screen.getByTestId("split-folds"), { target: { value: "5" } });
    fireEvent.click(screen.getByTestId("split-apply"));
    const error = await screen.findByTestId("split-error");
    expect(error.textContent).toContain("time_ordered needs a datetime or numeric column");
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("invalid_input");
    expect(screen.getByTestId("split-none")).toBeTruthy();
    expect((screen.getByTestId("split-apply") as HTMLButtonElement).disabled).toBe(false);
  });

  it("hides the column select for random and offers only time-like columns for time_ordered", async () => {
    backend();
    renderApp();
    fireEvent.click((await screen.findAllByTestId("dataset-item"))[1]!);
    await screen.findByTestId("split-none");
    const strategy = screen.getByTestId("split-strategy") as HTMLSelectElement;
    expect(strategy.value).toBe("random");
    expect(screen.queryByTestId("split-column")).toBeNull();
    fireEvent.change(strategy, { target: { value: "time_ordered" } });
    const column = screen.getByTestId("split-column") as HTMLSelectElement;
    expect([...column.options].map((o) => o.value)).toEqual(["at", "id", "amount"]);
    expect(column.value).toBe("at");
    fireEvent.change(strategy, { target: { value: "random" } });
    expect(screen.queryByTestId("split-column")).toBeNull();
  });

  it("checks the numbers before sending anything", async () => {
    const { calls } = backend();
    renderApp();
    await screen.findByTestId("split-none");
    const apply = screen.getByTestId("split-apply") as HTMLButtonElement;
    fireEvent.change(screen.getByTestId("split-validation"), { target: { value: "60" } });
    fireEvent.change(screen.getByTestId("split-test"), { target: { value: "40" } });
    expect(screen.getByTestId("split-invalid").textContent).toContain("must leave rows for training");
    expect(apply.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("split-test"), { target: { value: "20" } });
    fireEvent.change(screen.getByTestId("split-folds"), { target: { value: "21" } });
    expect(screen.getByTestId("split-invalid").textContent).toContain("from 2 to 20");
    fireEvent.change(screen.getByTestId("split-folds"), { target: { value: "" } });
    expect(screen.queryByTestId("split-invalid")).toBeNull();
    fireEvent.click(apply);
    await waitFor(() => expect(calls.some((c) => c.cmd === "split_dataset")).toBe(true));
    expect(calls.find((c) => c.cmd === "split_dataset")?.args.request).toEqual({
      strategy: "random",
      column: null,
      validation: 0.6,
      test: 0.2,
      seed: 42,
      folds: null,
    });
  });
});
