import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type { ExplainProgress, ExplainView, ModelInfo } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { deferred, newModel, sendOnChannel as sendProgress } from "../../test/appFixtures";
import { big, iris, rowsOf } from "../../test/dataFixtures";
import { binaryView, englishData, interactionView, multiclassView } from "../../test/explainFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";
import { beeswarmLayout } from "./plots/beeswarm";
import { waterfall } from "./shap";

const mlpModel: ModelInfo = {
  id: "m-mlp",
  name: "iris-mlp-1",
  runId: "r-mlp",
  origin: "trained",
  summary: { task: "multiclass", family: "mlp", target: "species", classes: ["setosa", "versicolor", "virginica"], features: 2, dataset: "iris@2", inputs: "raw" },
  imported: null,
  bundle: null,
  onnxBytes: 8_192,
  createdAt: "2025-01-05T10:00:00Z",
  author: "ada",
};

function backend(overrides: Record<string, Handler> = {}) {
  const base: Record<string, Handler> = {
    ...openProjectHandlers([big, iris]),
    list_models: () => [newModel, mlpModel],
    explain_model: () => binaryView,
    save_export: (a) => `/home/me/churn/exports/${String(a.name)}.${String(a.extension)}`,
  };
  return { calls: mockBackend(base, overrides) };
}

async function openExplainPanel() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId("panel-explain"));
  const form = await screen.findByTestId("explain-form");
  await waitFor(() => expect(within(form).getByTestId("explain-dataset").querySelectorAll("option")).toHaveLength(2));
  return form;
}

function pick(form: HTMLElement, testId: string, value: string) {
  fireEvent.change(within(form).getByTestId(testId), { target: { value } });
}

async function explain() {
  const form = await openExplainPanel();
  fireEvent.click(within(form).getByTestId("explain-submit"));
  return screen.findByTestId("explain-result");
}

function outputValue(): number {
  return Number(screen.getByTestId("waterfall-output").getAttribute("data-value"));
}

function stepColumns(): (string | null)[] {
  return within(screen.getByTestId("waterfall"))
    .getAllByTestId("waterfall-step")
    .map((s) => s.getAttribute("data-column"));
}

describe("Explain panel", () => {
  it("sends the request the form describes: newest model, its dataset, rows start..start+rows", async () => {
    const { calls } = backend();
    const form = await openExplainPanel();
    expect((within(form).getByTestId("explain-model") as HTMLSelectElement).value).toBe("m-new");
    expect((within(form).getByTestId("explain-dataset") as HTMLSelectElement).value).toBe("events@1");
    expect((within(form).getByTestId("explain-first-row") as HTMLInputElement).value).toBe("0");
    expect((within(form).getByTestId("explain-rows") as HTMLInputElement).value).toBe("500");
    fireEvent.click(within(form).getByTestId("explain-submit"));
    await screen.findByTestId("explain-result");
    const first = calls.find((c) => c.cmd === "explain_model")!.args;
    expect({ model: first.model, dataset: first.dataset, start: first.start, end: first.end }).toEqual({
      model: "m-new",
      dataset: "events@1",
      start: 0,
      end: 500,
    });

    const submit = within(form).getByTestId("explain-submit") as HTMLButtonElement;
    pick(form, "explain-rows", "0");
    expect(submit.disabled).toBe(true);
    expect(within(form).getByTestId("explain-invalid").textContent).toContain("Rows");
    pick(form, "explain-rows", "50");
    pick(form, "explain-first-row", "100");
    pick(form, "explain-dataset", "iris@2");
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "explain_model")).toHaveLength(2));
    const second = calls.filter((c) => c.cmd === "explain_model")[1]!.args;
    expect([second.model, second.dataset, second.start, second.end]).toEqual(["m-new", "iris@2", 100, 150]);

    // Another model brings its own dataset back.
    pick(form, "explain-model", "m-mlp");
    expect((within(form).getByTestId("explain-dataset") as HTMLSelectElement).value).toBe("iris@2");
  });

  it("draws one importance bar per column, at most 20", async () => {
    let view = binaryView;
    backend({ explain_model: () => view });
    const result = await explain();
    expect(within(result).getByTestId("importance-chart").querySelectorAll("rect")).toHaveLength(3);
    expect(within(result).getByTestId("importance-chart").textContent).toContain("amount");

    view = multiclassView(25);
    fireEvent.click(screen.getByTestId("explain-submit"));
    await waitFor(() => expect(screen.getByTestId("importance-chart").querySelectorAll("rect")).toHaveLength(20));
    expect(screen.getByTestId("importance-chart").textContent).toContain("f0");
    expect(screen.getByTestId("importance-chart").textContent).not.toContain("f20");
  });

  it("the waterfall of row 0 starts at the base, goes largest |value| first and ends at base + Σ values", async () => {
    backend();
    const result = await explain();
    const summary = within(result).getByTestId("explain-summary").textContent!;
    expect(summary).toContain("log-odds");
    expect(summary).toContain("tree SHAP");
    expect(summary).not.toContain("background");
    expect(summary).toContain("rows 10–11");
    expect(summary).toContain("1.20e-5");

    const chart = screen.getByTestId("waterfall");
    expect(Number(within(chart).getByTestId("waterfall-base").getAttribute("data-value"))).toBe(-1.25);
    expect(stepColumns()).toEqual(["amount", "at", "id"]);
    expect(outputValue()).toBeCloseTo(-1.25 + 0.1 - 0.5 + 0.25, 12);
    expect(within(chart).getByTestId("waterfall-output").textContent).toContain("-1.4");
    const steps = within(chart).getAllByTestId("waterfall-step");
    expect(steps[0]!.textContent).toContain("−0.5");
    expect(steps[0]!.querySelector("rect")!.getAttribute("class")).toBe("waterfall-neg");
    expect(steps[1]!.textContent).toContain("+0.25");
    expect(steps[1]!.querySelector("rect")!.getAttribute("class")).toBe("waterfall-pos");
    // One row of binary output: no class picker.
    expect(screen.queryByTestId("explain-output")).toBeNull();
  });

  it("switching row (buttons or number) and class updates the waterfall", async () => {
    let view = binaryView;
    backend({ explain_model: () => view });
    await explain();
    const prev = screen.getByTestId("explain-row-prev") as HTMLButtonElement;
    const next = screen.getByTestId("explain-row-next") as HTMLButtonElement;
    expect(prev.disabled).toBe(true);
    fireEvent.click(next);
    expect((screen.getByTestId("explain-row") as HTMLInputElement).value).toBe("11");
    expect(next.disabled).toBe(true);
    expect(stepColumns()).toEqual(["amount", "id", "at"]);
    expect(outputValue()).toBeCloseTo(-1.25 - 0.2 + 0.75 + 0.05, 12);
    expect(screen.getByTestId("waterfall").textContent).toContain("+0.75");
    fireEvent.change(screen.getByTestId("explain-row"), { target: { value: "10" } });
    expect(outputValue()).toBeCloseTo(-1.25 + 0.1 - 0.5 + 0.25, 12);
    // Out of range: the chart keeps the last valid row.
    fireEvent.change(screen.getByTestId("explain-row"), { target: { value: "99" } });
    expect(outputValue()).toBeCloseTo(-1.4, 12);

    // Multiclass with 14 columns: 12 columns, then the other 2 summed; the class picker switches output.
    view = multiclassView(14);
    fireEvent.click(screen.getByTestId("explain-submit"));
    const output = (await screen.findByTestId("explain-output")) as HTMLSelectElement;
    expect([...output.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["setosa", "versicolor", "virginica"]);
    const expected = (row: number, k: number) => {
      const w = waterfall(view, row, k);
      const sum = view.values.slice((row * 3 + k) * 14, (row * 3 + k + 1) * 14).reduce<number>((a, b) => a + (b ?? 0), 0);
      return { w, total: view.base[k]! + sum };
    };
    expect(stepColumns()).toHaveLength(13);
    expect(stepColumns()[12]).toBe("");
    expect(screen.getByTestId("waterfall").textContent).toContain("2 other columns");
    expect(outputValue()).toBeCloseTo(expected(0, 0).total, 12);
    fireEvent.change(output, { target: { value: "2" } });
    expect(outputValue()).toBeCloseTo(expected(0, 2).total, 12);
    fireEvent.click(screen.getByTestId("explain-row-next"));
    expect(outputValue()).toBeCloseTo(expected(1, 2).total, 12);
    expect(stepColumns()).toEqual(expected(1, 2).w.steps.map((s) => s.column ?? ""));
  });

  it("streams progress, and Cancel calls cancel_job", async () => {
    const done = deferred<ExplainView>();
    let channel: Channel<ExplainProgress> | null = null;
    const { calls } = backend({
      explain_model: (a) => {
        channel = a.onProgress as Channel<ExplainProgress>;
        return done.promise;
      },
    });
    const form = await openExplainPanel();
    fireEvent.click(within(form).getByTestId("explain-submit"));
    const progress = await screen.findByTestId("explain-progress");
    expect(progress.textContent).toContain("Preparing the rows…");
    expect((within(form).getByTestId("explain-submit") as HTMLButtonElement).disabled).toBe(true);
    act(() => sendProgress(channel!, 0, { done: 125, total: 500 }));
    expect(screen.getByTestId("explain-progress-text").textContent).toBe("Explained 125 of 500 rows");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");
    fireEvent.click(screen.getByTestId("explain-cancel"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "cancel_job")).toHaveLength(1));
    expect(screen.getByTestId("explain-cancel").textContent).toBe("Cancelling…");
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("explain-cancelled")).textContent).toContain("cancelled");
    expect(screen.queryByTestId("explain-progress")).toBeNull();
    expect(screen.queryByTestId("explain-error")).toBeNull();
  });

  it("shows the backend's error in place (an MLP cannot be explained)", async () => {
    backend({
      explain_model: (a) => {
        if (a.model === "m-mlp") throw { code: "invalid_input", message: "model iris-mlp-1 is an MLP; only GBDT and linear models can be explained" };
        return binaryView;
      },
    });
    const form = await openExplainPanel();
    pick(form, "explain-model", "m-mlp");
    fireEvent.click(within(form).getByTestId("explain-submit"));
    const error = await screen.findByTestId("explain-error");
    expect(error.textContent).toContain("only GBDT and linear models can be explained");
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("invalid_input");
    expect(screen.queryByTestId("explain-result")).toBeNull();
    expect((within(form).getByTestId("explain-submit") as HTMLButtonElement).disabled).toBe(false);
  });

  it("sends the method, background rows and interactions the form sets", async () => {
    const { calls } = backend();
    const form = await openExplainPanel();
    const options = () => called(calls, "explain_model").at(-1)!.options;
    const submit = within(form).getByTestId("explain-submit") as HTMLButtonElement;
    expect((within(form).getByTestId("explain-method") as HTMLSelectElement).value).toBe("auto");
    expect(within(form).getByTestId("explain-method-help").textContent).toContain("TreeSHAP or Linear SHAP");
    // Background rows only for the methods that sample one.
    expect(within(form).queryByTestId("explain-background")).toBeNull();
    fireEvent.click(submit);
    await screen.findByTestId("explain-result");
    expect(options()).toEqual({ method: "auto", background: null, interactions: false });

    pick(form, "explain-method", "permutation");
    expect(within(form).getByTestId("explain-method-help").textContent).toContain("random orders");
    expect((within(form).getByTestId("explain-background") as HTMLInputElement).value).toBe("100");
    pick(form, "explain-background", "0");
    expect(submit.disabled).toBe(true);
    expect(within(form).getByTestId("explain-invalid").textContent).toContain("Background rows");
    pick(form, "explain-background", "250");
    fireEvent.click(submit);
    await waitFor(() => expect(called(calls, "explain_model")).toHaveLength(2));
    expect(options()).toEqual({ method: "permutation", background: 250, interactions: false });

    // Interaction values: boosted trees trained here, through TreeSHAP.
    const toggle = within(form).getByTestId("explain-interactions-toggle") as HTMLInputElement;
    fireEvent.click(toggle);
    expect(toggle.disabled).toBe(true);
    pick(form, "explain-method", "tree");
    expect(toggle.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(called(calls, "explain_model")).toHaveLength(3));
    expect(options()).toEqual({ method: "tree", background: null, interactions: true });

    pick(form, "explain-model", "m-mlp");
    expect(within(form).queryByTestId("explain-interactions-toggle")).toBeNull();
    pick(form, "explain-method", "kernel");
    fireEvent.click(submit);
    await waitFor(() => expect(called(calls, "explain_model")).toHaveLength(4));
    expect(called(calls, "explain_model")[3]).toMatchObject({ model: "m-mlp", options: { method: "kernel", background: 250, interactions: false } });
  });

  it("shows how the values were made, and the row's force plot with raw values", async () => {
    backend({ explain_model: () => ({ ...binaryView, stored: true, method: "permutation", background: 100, outputSpace: "probability" }) });
    const result = await explain();
    const summary = within(result).getByTestId("explain-summary").textContent!;
    expect(summary).toContain("permutation SHAP");
    expect(summary).toContain("background of 100 rows");
    expect(summary).toContain("output in probability");
    expect(within(result).getByTestId("explain-stored").textContent).toBe("Reopened from the project");

    const force = within(result).getByTestId("explain-force");
    const segments = within(force).getAllByTestId("force-segment");
    expect(segments.map((s) => s.getAttribute("data-column"))).toEqual(["at", "id", "amount"]);
    expect(segments.map((s) => s.querySelector("title")!.textContent)).toEqual(["at = 2025-01-02: +0.25", "id = 10: +0.1", "amount = 12.5: −0.5"]);
    fireEvent.click(screen.getByTestId("explain-row-next"));
    expect(within(force).getAllByTestId("force-segment")[0]!.querySelector("title")!.textContent).toBe("amount = missing: +0.75");
    expect(force.textContent).toContain("f(x) = -0.65");
  });

  it("shows the explanation kept for the form's request at once, without computing", async () => {
    const { calls } = backend({ stored_explanation: () => ({ ...binaryView, stored: true }) });
    render(
      <I18nProvider locale="en">
        <App />
      </I18nProvider>,
    );
    fireEvent.click(await screen.findByTestId("panel-explain"));
    const result = await screen.findByTestId("explain-result");
    expect(within(result).getByTestId("explain-stored").textContent).toBe("Reopened from the project");
    expect(within(result).getByTestId("explain-summary").textContent).toContain("events-gbdt-1");
    // The request the Explain button would send.
    expect(called(calls, "stored_explanation")).toEqual([
      { model: "m-new", dataset: "events@1", start: 0, end: 500, options: { method: "auto", background: null, interactions: false } },
    ]);
    expect(called(calls, "explain_model")).toEqual([]);
    // Shown as a finished explanation, with the dataset's column types (`at` is a date-time).
    const segments = within(within(result).getByTestId("explain-force")).getAllByTestId("force-segment");
    expect(segments[0]!.querySelector("title")!.textContent).toBe("at = 2025-01-02: +0.25");
    expect(screen.queryByText("Choose a model and rows, then press Explain.")).toBeNull();
    expect((screen.getByTestId("explain-submit") as HTMLButtonElement).disabled).toBe(false);
  });

  it("keeps the idle text when nothing is kept for the request", async () => {
    const { calls } = backend({ stored_explanation: () => null });
    await openExplainPanel();
    await waitFor(() => expect(called(calls, "stored_explanation")).toHaveLength(1));
    // Let the lookup's answer arrive.
    await act(async () => {});
    expect(screen.getByText("Choose a model and rows, then press Explain.")).toBeTruthy();
    expect(screen.queryByTestId("explain-result")).toBeNull();
    expect(called(calls, "explain_model")).toEqual([]);
  });

  it("a kept explanation found after Explain was pressed does not replace the new one", async () => {
    const kept = deferred<ExplainView | null>();
    backend({ stored_explanation: () => kept.promise });
    const result = await explain();
    expect(within(result).queryByTestId("explain-stored")).toBeNull();
    await act(async () => kept.resolve({ ...binaryView, stored: true }));
    expect(within(screen.getByTestId("explain-result")).queryByTestId("explain-stored")).toBeNull();
  });

  it("a bar, a beeswarm name or a heat-map cell opens the dependence plot; a dot selects its row", async () => {
    backend({ explain_model: () => interactionView });
    const result = await explain();
    expect(screen.queryByTestId("explain-dependence")).toBeNull();
    // The bar of `at`: coloured by its strongest interaction (dependenceColor → amount).
    fireEvent.click(within(result).getByTestId("importance-chart").querySelectorAll("rect")[1]!);
    const dependence = await screen.findByTestId("explain-dependence");
    expect(dependence.querySelector(".section-title")!.textContent).toBe("Dependence of at");
    const colour = within(dependence).getByTestId("explain-dependence-colour") as HTMLSelectElement;
    expect(colour.value).toBe("auto");
    expect(colour.selectedOptions[0]!.textContent).toBe("Strongest interaction (amount)");
    fireEvent.click(within(dependence).getByTestId("explain-dependence-close"));
    expect(screen.queryByTestId("explain-dependence")).toBeNull();

    // The heat-map's amount × at cell: amount's plot coloured by at.
    const heatmap = screen.getByTestId("explain-interactions");
    const cell = within(heatmap)
      .getAllByTestId("interaction-cell")
      .find((c) => c.getAttribute("data-i") === "1" && c.getAttribute("data-j") === "2")!;
    expect(cell.querySelector("title")!.textContent).toBe("amount × at: 0.09");
    fireEvent.click(cell);
    expect(screen.getByTestId("explain-dependence").querySelector(".section-title")!.textContent).toBe("Dependence of amount");
    expect((screen.getByTestId("explain-dependence-colour") as HTMLSelectElement).value).toBe("2");
    expect((within(heatmap).getByTestId("explain-interactions-main") as HTMLInputElement).checked).toBe(true);

    // The beeswarm (a canvas, no 2D context here): its dots and names are found by position.
    const layout = beeswarmLayout(englishData(interactionView, { at: "datetime" }), 0);
    const canvas = screen.getByTestId("explain-beeswarm-canvas");
    const dot = layout.points.find((p) => p.row === 1 && p.column === 1)!;
    fireEvent.mouseMove(canvas, { clientX: dot.x, clientY: dot.y });
    expect(screen.getByTestId("explain-beeswarm-tooltip").textContent).toBe("Row 11 · amount = missing · SHAP +0.75");
    fireEvent.click(canvas, { clientX: dot.x, clientY: dot.y });
    expect((screen.getByTestId("explain-row") as HTMLInputElement).value).toBe("11");
    expect(outputValue()).toBeCloseTo(-1.25 - 0.2 + 0.75 + 0.05, 12);
    fireEvent.click(canvas, { clientX: 40, clientY: layout.centre(2) });
    expect(screen.getByTestId("explain-dependence").querySelector(".section-title")!.textContent).toBe("Dependence of id");
  });

  it("saves a plot as SVG or PNG in the project's exports and says where", async () => {
    const { calls } = backend();
    await explain();
    fireEvent.click(screen.getByTestId("explain-export-svg-importance"));
    const status = await screen.findByTestId("explain-export-status");
    await waitFor(() => expect(status.textContent).toBe("Saved to /home/me/churn/exports/importance-events-gbdt-1.svg"));
    const saved = called(calls, "save_export")[0]!;
    expect([saved.name, saved.extension]).toEqual(["importance-events-gbdt-1", "svg"]);
    const svg = new TextDecoder().decode(new Uint8Array(saved.bytes as number[]));
    expect(svg).toContain("<svg xmlns");
    expect(svg).toContain(">amount</text>");

    // No 2D canvas: the PNG cannot be drawn, and nothing is saved.
    fireEvent.click(screen.getByTestId("explain-export-png-beeswarm"));
    await waitFor(() => expect(screen.getByTestId("explain-export-status").textContent).toContain("cannot draw PNG"));
    expect(within(screen.getByTestId("explain-beeswarm")).getByTestId("explain-export-status")).toBeTruthy();
    expect(called(calls, "save_export")).toHaveLength(1);

    const getContext = vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function (this: HTMLCanvasElement) {
      return new Proxy({ canvas: this }, { get: (t, k) => (k in t ? t[k as "canvas"] : () => {}), set: () => true }) as never;
    });
    const toBlob = vi.spyOn(HTMLCanvasElement.prototype, "toBlob").mockImplementation((done: BlobCallback) => done(new Blob([new Uint8Array([137, 80, 78, 71])])));
    try {
      fireEvent.click(screen.getByTestId("explain-export-png-force"));
      await waitFor(() => expect(called(calls, "save_export")).toHaveLength(2));
      expect(called(calls, "save_export")[1]).toEqual({ name: "force-events-gbdt-1", extension: "png", bytes: [137, 80, 78, 71] });
      await waitFor(() =>
        expect(within(screen.getByTestId("explain-force")).getByTestId("explain-export-status").textContent).toBe(
          "Saved to /home/me/churn/exports/force-events-gbdt-1.png",
        ),
      );
    } finally {
      getContext.mockRestore();
      toBlob.mockRestore();
    }

    // A refusal from the backend shows in place.
    backend({ save_export: () => { throw { code: "invalid_input", message: "no project is open" }; } });
    fireEvent.click(screen.getByTestId("explain-export-svg-waterfall"));
    await waitFor(() => expect(screen.getByTestId("explain-export-status").textContent).toContain("no project is open"));
    for (const plot of ["importance", "beeswarm", "waterfall", "force"]) {
      expect(screen.getByTestId(`explain-export-png-${plot}`)).toBeTruthy();
      expect(screen.getByTestId(`explain-export-svg-${plot}`)).toBeTruthy();
    }
  });
});

describe("Explain a row from the Data table", () => {
  const irisV1 = { ...iris, id: "v-iris-1", version: 1 };

  /** The backend with table rows, explaining whatever rows it is asked for; opens `dataset` in the Data panel. */
  async function openDataset(dataset: typeof iris, overrides: Record<string, Handler> = {}) {
    const { calls } = backend({
      dataset_rows: (a) => rowsOf([iris, irisV1, big].find((d) => d.id === a.dataset)!, a.offset as number, a.limit as number),
      explain_model: (a) => ({ ...binaryView, firstRow: a.start as number }),
      ...overrides,
    });
    render(
      <I18nProvider locale="en">
        <App />
      </I18nProvider>,
    );
    const items = await screen.findAllByTestId("dataset-item");
    fireEvent.click(items.find((item) => item.textContent!.includes(dataset.name))!);
    return calls;
  }

  function formValue(testId: string): string {
    return (within(screen.getByTestId("explain-form")).getByTestId(testId) as HTMLInputElement | HTMLSelectElement).value;
  }

  it("the row's Explain action opens the Explain panel on that row and asks for a model", async () => {
    const calls = await openDataset(iris);
    // A button named after the row number the table shows (1-based), so keyboard and screen readers reach it.
    const action = await screen.findByRole("button", { name: "Explain row 6" });
    expect(action.getAttribute("data-testid")).toBe("data-row-explain-5");
    fireEvent.click(action);

    expect(screen.getByTestId("panel-explain").getAttribute("aria-current")).toBe("page");
    await screen.findByTestId("explain-form");
    expect(formValue("explain-dataset")).toBe("iris@2");
    expect(formValue("explain-first-row")).toBe("5");
    expect(formValue("explain-rows")).toBe("500");
    // Two models and none chosen yet: the one trained on iris is offered, and the choice is left to the user.
    expect(formValue("explain-model")).toBe("m-mlp");
    expect(document.activeElement).toBe(screen.getByTestId("explain-model"));
    expect(called(calls, "explain_model")).toHaveLength(0);
    expect(screen.queryByTestId("explain-result")).toBeNull();

    // Choosing another model keeps the row's dataset.
    pick(screen.getByTestId("explain-form"), "explain-model", "m-new");
    expect(formValue("explain-dataset")).toBe("iris@2");
  });

  it("with a model chosen for the dataset it explains the row at once and selects it in the row browser", async () => {
    const calls = await openDataset(iris);
    // Choose the iris model and 20 rows in the Explain panel, then come back to the table.
    fireEvent.click(screen.getByTestId("panel-explain"));
    const form = await screen.findByTestId("explain-form");
    pick(form, "explain-model", "m-mlp");
    pick(form, "explain-rows", "20");
    fireEvent.click(screen.getByTestId("panel-data"));

    fireEvent.click(await screen.findByTestId("data-row-explain-7"));
    await screen.findByTestId("explain-result");
    expect(called(calls, "explain_model").map((a) => [a.model, a.dataset, a.start, a.end])).toEqual([["m-mlp", "iris@2", 7, 27]]);
    expect(formValue("explain-first-row")).toBe("7");
    expect(formValue("explain-rows")).toBe("20");
    expect((screen.getByTestId("explain-row") as HTMLInputElement).value).toBe("7");
    expect((screen.getByTestId("explain-row-prev") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("Row 7")).toBeTruthy();
  });

  it("with a single model it explains the row of the version the table shows", async () => {
    const calls = await openDataset(iris, { list_models: () => [mlpModel], dataset_versions: () => [iris, irisV1] });
    fireEvent.change(await screen.findByTestId("version-select"), { target: { value: irisV1.id } });
    expect(screen.getByRole("heading", { level: 2, name: "iris" }).parentElement!.textContent).toContain("v1");

    fireEvent.click(await screen.findByTestId("data-row-explain-3"));
    await screen.findByTestId("explain-result");
    expect(called(calls, "explain_model").map((a) => [a.model, a.dataset, a.start, a.end])).toEqual([["m-mlp", "iris@1", 3, 503]]);
    // The asked row is explained at once: no kept explanation is looked up.
    expect(called(calls, "stored_explanation")).toEqual([]);
    expect(formValue("explain-dataset")).toBe("iris@1");
    expect((screen.getByTestId("explain-row") as HTMLInputElement).value).toBe("3");
  });
});
