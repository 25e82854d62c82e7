import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type { ExplainProgress, ExplainView, ModelInfo } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { deferred, newModel, sendOnChannel as sendProgress } from "../../test/appFixtures";
import { big, iris } from "../../test/dataFixtures";
import { mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";
import { waterfall } from "./shap";

const mlpModel: ModelInfo = {
  id: "m-mlp",
  name: "iris-mlp-1",
  runId: "r-mlp",
  origin: "trained",
  summary: { task: "multiclass", family: "mlp", target: "species", classes: ["setosa", "versicolor", "virginica"], features: 2, dataset: "iris@2", inputs: "raw" },
  imported: null,
  onnxBytes: 8_192,
  createdAt: "2025-01-05T10:00:00Z",
  author: "ada",
};

/** Binary GBDT on 3 columns, 2 rows starting at dataset row 10. */
const binaryView: ExplainView = {
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
};

/** Multiclass on `n` columns, 3 rows, 3 classes; value = deterministic function of (row, class, column). */
function multiclassView(n: number): ExplainView {
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
  };
}

function backend(overrides: Record<string, Handler> = {}) {
  const base: Record<string, Handler> = {
    ...openProjectHandlers([big, iris]),
    list_models: () => [newModel, mlpModel],
    explain_model: () => binaryView,
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
});
