import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type { BundlePreview, ExplainProgress, ModelInfo, WrittenReport } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { deferred, importedModel, newModel, sendOnChannel as sendProgress } from "../../test/appFixtures";
import { bundledModel, bundlePreview, exportedBundle, writtenReport } from "../../test/exportFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";

function backend(overrides: Record<string, Handler> = {}) {
  let models: ModelInfo[] = [newModel, importedModel];
  const base: Record<string, Handler> = {
    ...openProjectHandlers([]),
    list_models: () => models,
    preview_model_bundle: () => bundlePreview,
    export_model_bundle: () => exportedBundle,
    export_report: (a): WrittenReport => ({ html: a.html ? writtenReport.html : null, pdf: a.pdf ? writtenReport.pdf : null }),
    import_model_bundle: () => {
      models = [bundledModel, ...models];
      return bundledModel;
    },
  };
  return { calls: mockBackend(base, overrides) };
}

async function openExportPanel() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId("panel-export"));
  return screen.findByTestId("bundle-form");
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function cells(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent ?? "");
}

describe("Export panel", () => {
  it("previews the newest model's bundle: card, entries, samples and the personal-data notice", async () => {
    const { calls } = backend();
    const form = await openExportPanel();
    expect((within(form).getByLabelText("Model") as HTMLSelectElement).value).toBe("m-new");
    expect((within(form).getByLabelText("License (SPDX id)") as HTMLInputElement).placeholder).toBe("unknown");
    const personal = within(form).getByLabelText("Include columns flagged as personal data in the samples") as HTMLInputElement;
    expect(personal.checked).toBe(false);
    fireEvent.click(within(form).getByTestId("bundle-preview"));

    expect((await screen.findByTestId("bundle-card")).textContent).toContain("# events-gbdt-1");
    expect(called(calls, "preview_model_bundle")).toHaveLength(1);
    const args = called(calls, "preview_model_bundle")[0]!;
    expect(args.model).toBe("m-new");
    expect(args.options).toEqual({ license: null, sampleRows: 5, includePersonalData: false, shapRows: 500, shapSampleRows: null });

    const entries = screen.getAllByTestId("bundle-entry");
    expect(entries.map(cells)).toEqual([
      ["model.onnx", "40.0 KB", "0123456789ab"],
      ["model-card.json", "2.5 KB", "fedcba987654"],
      ["shap-summary.json", "1.1 KB", "a1b2c3d4e5f6"],
    ]);
    expect(within(entries[0]!).getAllByRole("cell")[2]!.getAttribute("title")).toBe("0123456789abcdef".repeat(4));

    const samples = screen.getByTestId("bundle-samples");
    expect(within(samples).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["amount", "city", "note"]);
    expect(within(samples).getAllByRole("row").slice(1).map(cells)).toEqual([
      ["12.5", "Paris, FR", 'said "hi"'],
      ["3", "Oslo", ""],
    ]);
    expect(screen.getByTestId("bundle-withheld").textContent).toBe("Left out of the samples as likely personal data: email.");
    expect(screen.getByTestId("bundle-shap").textContent).toBe("A SHAP summary is included.");
  });

  it("sends the options as set, and shows no notice when nothing is withheld", async () => {
    const preview: BundlePreview = { ...bundlePreview, withheldColumns: [], hasShap: false, samplesCsv: "" };
    const { calls } = backend({ preview_model_bundle: () => preview });
    const form = await openExportPanel();
    fireEvent.change(within(form).getByLabelText("Model"), { target: { value: "m-onnx" } });
    type("bundle-license", " MIT ");
    type("bundle-sample-rows", "20");
    type("bundle-shap-rows", "0");
    fireEvent.click(screen.getByTestId("bundle-personal-data"));
    fireEvent.click(screen.getByTestId("bundle-preview"));
    await screen.findByTestId("bundle-card");
    expect(called(calls, "preview_model_bundle")[0]).toMatchObject({
      model: "m-onnx",
      options: { license: "MIT", sampleRows: 20, includePersonalData: true, shapRows: 0, shapSampleRows: null },
    });
    expect(screen.queryByTestId("bundle-withheld")).toBeNull();
    expect(screen.getByTestId("bundle-shap").textContent).toBe("No SHAP summary is included.");
    expect(screen.getByTestId("bundle-no-samples")).toBeTruthy();
  });

  it("refuses rows that are not whole numbers", async () => {
    const { calls } = backend();
    await openExportPanel();
    type("bundle-sample-rows", "2.5");
    expect(screen.getByTestId("bundle-invalid").textContent).toContain("Sample rows must be a whole number");
    expect((screen.getByTestId("bundle-preview") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("bundle-export") as HTMLButtonElement).disabled).toBe(true);
    type("bundle-sample-rows", "5");
    type("bundle-shap-rows", "-1");
    expect(screen.getByTestId("bundle-invalid").textContent).toContain("SHAP rows must be a whole number");
    fireEvent.click(screen.getByTestId("bundle-export"));
    expect(called(calls, "export_model_bundle")).toHaveLength(0);
  });

  it("exports the bundle and names the file written", async () => {
    const { calls } = backend();
    await openExportPanel();
    fireEvent.click(screen.getByTestId("bundle-export"));
    const done = await screen.findByTestId("bundle-exported");
    expect(done.textContent).toContain("/home/me/churn/exports/events-gbdt-1.mdbundle");
    expect(called(calls, "export_model_bundle")[0]).toMatchObject({ model: "m-new", options: { sampleRows: 5, shapRows: 500 } });
  });

  it("streams the SHAP progress, and Cancel calls cancel_job", async () => {
    const done = deferred<BundlePreview>();
    let channel: Channel<ExplainProgress> | null = null;
    const { calls } = backend({
      preview_model_bundle: (a) => {
        channel = a.onProgress as Channel<ExplainProgress>;
        return done.promise;
      },
    });
    await openExportPanel();
    fireEvent.click(screen.getByTestId("bundle-preview"));
    const progress = await screen.findByTestId("bundle-progress");
    expect(progress.textContent).toContain("Preparing the preview…");
    expect((screen.getByTestId("bundle-export") as HTMLButtonElement).disabled).toBe(true);
    act(() => sendProgress(channel!, 0, { done: 125, total: 500 }));
    expect(screen.getByTestId("bundle-progress-text").textContent).toBe("SHAP summary: explained 125 of 500 rows");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");
    fireEvent.click(screen.getByTestId("bundle-cancel"));
    await waitFor(() => expect(called(calls, "cancel_job")).toHaveLength(1));
    expect(screen.getByTestId("bundle-cancel").textContent).toBe("Cancelling…");
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("bundle-cancelled")).textContent).toBe("Preview cancelled.");
    expect(screen.queryByTestId("bundle-progress")).toBeNull();
    expect(screen.queryByTestId("bundle-card")).toBeNull();
  });

  it("shows why an export failed", async () => {
    backend({
      export_model_bundle: () => {
        throw { code: "io", message: "exports: permission denied" };
      },
    });
    await openExportPanel();
    fireEvent.click(screen.getByTestId("bundle-export"));
    const error = await screen.findByTestId("bundle-error");
    expect(error.textContent).toContain("exports: permission denied");
    expect(screen.queryByTestId("bundle-exported")).toBeNull();
  });

  it("imports a bundle by path and names the model it brought", async () => {
    const { calls } = backend();
    await openExportPanel();
    const path = screen.getByLabelText("Bundle file");
    fireEvent.change(path, { target: { value: " /tmp/events-gbdt-1.mdbundle " } });
    fireEvent.click(screen.getByTestId("bundle-import"));
    const done = await screen.findByTestId("bundle-imported");
    expect(done.textContent).toBe("Imported events-gbdt-1; it is in the Models panel.");
    expect(called(calls, "import_model_bundle")).toEqual([{ path: "/tmp/events-gbdt-1.mdbundle" }]);
    // The model list was read again: the bundle's model can be exported too.
    await waitFor(() => expect(screen.getByTestId("bundle-model").querySelectorAll("option")).toHaveLength(3));
  });

  it("shows why an import was refused", async () => {
    backend({
      import_model_bundle: () => {
        throw { code: "corrupt", message: "/tmp/bad.mdbundle: model.onnx does not match its checksum" };
      },
    });
    await openExportPanel();
    type("bundle-import-path", "/tmp/bad.mdbundle");
    fireEvent.click(screen.getByTestId("bundle-import"));
    const error = await screen.findByTestId("bundle-import-error");
    expect(error.textContent).toContain("model.onnx does not match its checksum");
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("corrupt");
    expect(screen.queryByTestId("bundle-imported")).toBeNull();
  });

  it("Browse… asks for a model file and imports the chosen bundle at once, as a drop does; a dismissed dialog changes nothing", async () => {
    let chosen: string | null = null;
    const { calls } = backend({ pick_path: () => chosen });
    await openExportPanel();
    const browse = screen.getByTestId("bundle-import-browse") as HTMLButtonElement;
    fireEvent.click(browse);
    await waitFor(() => expect(called(calls, "pick_path")).toEqual([{ kind: "model_file", title: "Choose a model bundle" }]));
    await waitFor(() => expect(browse.disabled).toBe(false));
    expect((screen.getByTestId("bundle-import-path") as HTMLInputElement).value).toBe("");
    expect(called(calls, "import_model_bundle")).toEqual([]);

    chosen = "/tmp/events-gbdt-1.mdbundle";
    fireEvent.click(browse);
    expect((await screen.findByTestId("bundle-imported")).textContent).toBe("Imported events-gbdt-1; it is in the Models panel.");
    expect((screen.getByTestId("bundle-import-path") as HTMLInputElement).value).toBe("/tmp/events-gbdt-1.mdbundle");
    expect(called(calls, "import_model_bundle")).toEqual([{ path: "/tmp/events-gbdt-1.mdbundle" }]);
  });

  it("shows why Browse… failed in the import's error slot", async () => {
    backend({
      pick_path: () => {
        throw { code: "internal", message: "no file dialog here" };
      },
    });
    await openExportPanel();
    fireEvent.click(screen.getByTestId("bundle-import-browse"));
    const error = await screen.findByTestId("bundle-import-error");
    expect(error.textContent).toContain("no file dialog here");
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("internal");
  });

  it("offers the import when the project has no models yet", async () => {
    backend({ list_models: () => [] });
    render(
      <I18nProvider locale="en">
        <App />
      </I18nProvider>,
    );
    fireEvent.click(await screen.findByTestId("panel-export"));
    expect(await screen.findByText("Nothing to export yet")).toBeTruthy();
    expect(screen.queryByTestId("bundle-form")).toBeNull();
    expect(screen.getByTestId("bundle-import-path")).toBeTruthy();
  });
});

describe("Export panel: report", () => {
  const ALL_SECTIONS = ["summary", "data", "training", "metrics", "explanations", "card", "notes"];

  function writeButton() {
    return screen.getByTestId("report-write") as HTMLButtonElement;
  }

  it("writes the chosen model's report with the defaults and names the files with their sizes", async () => {
    const { calls } = backend();
    await openExportPanel();
    const form = screen.getByTestId("report-form");
    for (const label of ["Summary", "Training data", "Training curve", "Metrics", "Explanations (SHAP)", "Model card", "Notes and review", "HTML", "PDF"]) {
      expect((within(form).getByLabelText(label) as HTMLInputElement).checked, label).toBe(true);
    }
    expect((within(form).getByLabelText("Theme") as HTMLSelectElement).value).toBe("auto");
    expect((within(form).getByLabelText("Waterfall rows") as HTMLInputElement).value).toBe("0");
    expect(within(form).getByText("The HTML file is self-contained and opens offline; the PDF is A4.")).toBeTruthy();

    fireEvent.click(writeButton());
    const written = await screen.findByTestId("report-written");
    expect(called(calls, "export_report")).toHaveLength(1);
    expect(called(calls, "export_report")[0]).toMatchObject({
      model: "m-new",
      options: { sections: ALL_SECTIONS, theme: "auto", rows: [0] },
      html: true,
      pdf: true,
    });
    expect(written.textContent).toBe(
      "Wrote /home/me/churn/exports/events-gbdt-1-report.html (118 KB) and /home/me/churn/exports/events-gbdt-1-report.pdf (205 KB).",
    );
    // The bundle side is untouched.
    expect(screen.queryByTestId("bundle-exported")).toBeNull();
    expect(called(calls, "export_model_bundle")).toHaveLength(0);
  });

  it("sends exactly the sections, theme, rows and formats chosen, for the model chosen above", async () => {
    const { calls } = backend();
    await openExportPanel();
    fireEvent.change(screen.getByLabelText("Model"), { target: { value: "m-onnx" } });
    fireEvent.click(screen.getByLabelText("Training curve"));
    fireEvent.click(screen.getByLabelText("Notes and review"));
    fireEvent.click(screen.getByLabelText("PDF"));
    fireEvent.change(screen.getByLabelText("Theme"), { target: { value: "dark" } });
    type("report-rows", " 3, 0,3 ,12");
    fireEvent.click(writeButton());
    const written = await screen.findByTestId("report-written");
    expect(called(calls, "export_report")).toEqual([
      {
        model: "m-onnx",
        options: { sections: ["summary", "data", "metrics", "explanations", "card"], theme: "dark", rows: [3, 0, 12] },
        html: true,
        pdf: false,
        onProgress: expect.anything(),
      },
    ]);
    expect(written.textContent).toBe("Wrote /home/me/churn/exports/events-gbdt-1-report.html (118 KB).");
  });

  it("refuses rows that are not non-negative whole numbers, no section and no format", async () => {
    const { calls } = backend();
    await openExportPanel();
    for (const rows of ["1,x", "-1", "1.5", "1,,2"]) {
      type("report-rows", rows);
      expect(screen.getByTestId("report-invalid").textContent, rows).toBe(
        "Waterfall rows must be whole numbers, 0 or more, separated by commas.",
      );
      expect(writeButton().disabled, rows).toBe(true);
    }
    fireEvent.click(writeButton());
    expect(called(calls, "export_report")).toHaveLength(0);
    type("report-rows", "");
    expect(screen.queryByTestId("report-invalid")).toBeNull();
    expect(writeButton().disabled).toBe(false);

    for (const section of ALL_SECTIONS) fireEvent.click(screen.getByTestId(`report-section-${section}`));
    expect(screen.getByTestId("report-invalid").textContent).toBe("Choose at least one section.");
    expect(writeButton().disabled).toBe(true);
    fireEvent.click(screen.getByTestId("report-section-card"));
    expect(writeButton().disabled).toBe(false);

    fireEvent.click(screen.getByLabelText("HTML"));
    fireEvent.click(screen.getByLabelText("PDF"));
    expect(screen.getByTestId("report-invalid").textContent).toBe("Choose HTML, PDF or both.");
    expect(writeButton().disabled).toBe(true);
  });

  it("shows why the report failed", async () => {
    backend({
      export_report: () => {
        throw { code: "io", message: "exports: disk full" };
      },
    });
    await openExportPanel();
    fireEvent.click(writeButton());
    const error = await screen.findByTestId("report-error");
    expect(error.textContent).toContain("exports: disk full");
    expect(within(error).getByRole("alert").getAttribute("title")).toContain("io");
    expect(screen.queryByTestId("report-written")).toBeNull();
    expect(screen.queryByTestId("bundle-error")).toBeNull();
    expect(writeButton().disabled).toBe(false);
  });

  it("streams progress while writing, blocks the bundle buttons, and Cancel calls cancel_job", async () => {
    const done = deferred<WrittenReport>();
    let channel: Channel<ExplainProgress> | null = null;
    const { calls } = backend({
      export_report: (a) => {
        channel = a.onProgress as Channel<ExplainProgress>;
        return done.promise;
      },
    });
    await openExportPanel();
    fireEvent.click(writeButton());
    const progress = await screen.findByTestId("report-progress");
    expect(progress.textContent).toContain("Writing the report…");
    expect(writeButton().disabled).toBe(true);
    expect((screen.getByTestId("bundle-export") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId("bundle-progress")).toBeNull();
    act(() => sendProgress(channel!, 0, { done: 50, total: 200 }));
    expect(screen.getByTestId("report-progress-text").textContent).toBe("SHAP summary: explained 50 of 200 rows");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");

    fireEvent.click(screen.getByTestId("report-cancel"));
    await waitFor(() => expect(called(calls, "cancel_job")).toHaveLength(1));
    expect(screen.getByTestId("report-cancel").textContent).toBe("Cancelling…");
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("report-cancelled")).textContent).toBe("Report cancelled, nothing was written.");
    expect(screen.queryByTestId("report-progress")).toBeNull();
    expect(screen.queryByTestId("report-written")).toBeNull();
    expect(writeButton().disabled).toBe(false);
  });

  it("drops the outcome when the report options change", async () => {
    backend();
    await openExportPanel();
    fireEvent.click(writeButton());
    await screen.findByTestId("report-written");
    // Bundle options do not describe the report: it stays.
    type("bundle-license", "MIT");
    expect(screen.getByTestId("report-written")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Theme"), { target: { value: "light" } });
    expect(screen.queryByTestId("report-written")).toBeNull();
  });
});
