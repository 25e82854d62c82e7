import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { AppInfo, ProjectSummary, RecentProject } from "./lib/api";
import { I18nProvider } from "./i18n";
import { App } from "./App";
import { importedInspection, importedModel } from "./test/appFixtures";
import { bundledModel } from "./test/exportFixtures";
import { draftReview, me } from "./test/notesFixtures";

/** How long to wait for a lazily loaded panel: its first load took over 5 s in a CI run on a
 * busy 2-core machine. */
const LAZY_PANEL = { timeout: 15_000 };

const loadedInfo: AppInfo = {
  name: "ModelDesk",
  version: "0.1.0",
  runtime: {
    loaded: true,
    ortVersion: "1.31.1",
    providers: ["CPUExecutionProvider"],
    activeProvider: "CPU",
    provider: { requested: "auto", active: "cpu", fallbackReason: null },
    libraryPath: "/opt/ort/libonnxruntime.so",
    source: "env",
    error: null,
  },
};

const project: ProjectSummary = {
  id: "0b8f7c1e-0000-4000-8000-000000000001",
  name: "Churn",
  path: "/home/me/churn",
  createdAt: "2025-01-01T10:00:00Z",
  author: "ada",
  schemaVersion: 1,
};

const recents: RecentProject[] = [
  { name: "Churn", path: "/home/me/churn", openedAt: "2025-01-02T10:00:00Z", exists: true },
  { name: "Gone", path: "/home/me/gone", openedAt: "2024-12-01T10:00:00Z", exists: false },
];

type Handler = (cmd: string, args?: unknown) => unknown;

function backend(overrides: Record<string, Handler> = {}, events = false) {
  const calls: { cmd: string; args: unknown }[] = [];
  const base: Record<string, Handler> = {
    app_info: () => loadedInfo,
    recent_projects: () => recents,
    current_project: () => null,
    open_project: () => project,
    create_project: () => project,
    close_project: () => null,
    list_datasets: () => [],
    profile: () => me,
    list_notes: () => [],
    list_models: () => [],
    list_runs: () => [],
    model_review: (_cmd, args) => draftReview(String((args as { model: string }).model)),
  };
  mockWindows("main");
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      const handler = overrides[cmd] ?? base[cmd];
      return handler ? handler(cmd, args) : undefined;
    },
    { shouldMockEvents: events },
  );
  return calls;
}

function renderApp() {
  return render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
}

describe("App", () => {
  it("shows the ONNX Runtime version from app_info in the status bar", async () => {
    backend();
    renderApp();
    await waitFor(() => expect(screen.getByTestId("ort-status").textContent).toContain("1.31.1"));
    expect(screen.getByTestId("ort-status").textContent).toBe("ONNX Runtime 1.31.1 · CPU");
    expect(await screen.findByText(/Version 0\.1\.0/)).toBeTruthy();
  });

  it("warns when ONNX Runtime is not loaded, with the error as title", async () => {
    backend({
      app_info: () => ({
        ...loadedInfo,
        runtime: { ...loadedInfo.runtime, loaded: false, ortVersion: null, activeProvider: null, error: "libonnxruntime.so not found; set ORT_DYLIB_PATH" },
      }),
    });
    renderApp();
    await waitFor(() => expect(screen.getByTestId("ort-status").textContent).toContain("ONNX Runtime not found"));
    const status = screen.getByTestId("ort-status");
    expect(status.getAttribute("title")).toBe("libonnxruntime.so not found; set ORT_DYLIB_PATH");
    expect(status.className).toContain("status-warning");
  });

  it("lists recent projects and opening one shows the workspace with its panels", async () => {
    const calls = backend();
    renderApp();
    const recent = await screen.findByRole("region", { name: "Recent projects" });
    const churn = await within(recent).findByRole("button", { name: /Churn/ });
    const gone = within(recent).getByRole("button", { name: /Gone/ });
    expect((gone as HTMLButtonElement).disabled).toBe(true);
    expect(gone.textContent).toContain("Missing");

    fireEvent.click(churn);

    const nav = await screen.findByRole("navigation", { name: "Panels" });
    const labels = within(nav).getAllByRole("button").map((b) => b.textContent);
    expect(labels).toEqual(["Data", "Train", "Models", "Explain", "Notes", "Export"]);
    expect(calls.find((c) => c.cmd === "open_project")?.args).toEqual({ path: "/home/me/churn" });
    expect(screen.getByText("Churn")).toBeTruthy();
    expect(await screen.findByText(/Drop a CSV, TSV, JSON, NDJSON, Parquet or spreadsheet file on the window/)).toBeTruthy();

    fireEvent.click(within(nav).getByRole("button", { name: "Notes" }));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Notes");

    fireEvent.click(screen.getByRole("button", { name: "Close project" }));
    await screen.findByRole("heading", { name: "Create project" });
    expect(calls.some((c) => c.cmd === "close_project")).toBe(true);
  });

  it("creates a project with the typed path and optional name", async () => {
    const calls = backend();
    renderApp();
    const form = await screen.findByRole("form", { name: "Create project" });
    fireEvent.change(within(form).getByLabelText("Folder"), { target: { value: " /tmp/new " } });
    fireEvent.click(within(form).getByRole("button", { name: "Create" }));
    await screen.findByRole("navigation", { name: "Panels" });
    expect(calls.find((c) => c.cmd === "create_project")?.args).toEqual({ path: "/tmp/new", name: null });
  });

  it("renders an API error inline with its message", async () => {
    backend({
      open_project: () => {
        throw { code: "not_found", message: "no ModelDesk project at /nope" };
      },
    });
    renderApp();
    const form = await screen.findByRole("form", { name: "Open project" });
    fireEvent.change(within(form).getByLabelText("Folder"), { target: { value: "/nope" } });
    fireEvent.click(within(form).getByRole("button", { name: "Open" }));
    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toContain("no ModelDesk project at /nope");
    expect(alert.getAttribute("title")).toContain("not_found");
    expect(screen.queryByRole("navigation", { name: "Panels" })).toBeNull();
  });

  it("shows a notice naming the files dropped onto the window until dismissed", async () => {
    backend({}, true);
    renderApp();
    await screen.findByRole("heading", { name: "Create project" });
    await waitFor(async () => {
      await emit("dropped-files", { paths: ["/tmp/iris.csv"] });
      expect(screen.getByTestId("drop-notice").textContent).toContain("Received iris.csv");
    });
    expect(screen.getByTestId("drop-notice").textContent).toContain("Open or create a project first.");
    await emit("dropped-files", { paths: ["/tmp/a.csv", "C:\\data\\b.parquet"] });
    await waitFor(() =>
      expect(screen.getByTestId("drop-notice").textContent).toContain("Received a.csv, b.parquet"),
    );
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("drop-notice")).toBeNull();
  });

  it("imports a dropped .onnx file as a model and shows it in the Models panel", async () => {
    let models: unknown[] = [];
    const calls = backend(
      {
        current_project: () => project,
        import_model: () => {
          models = [importedModel];
          return importedModel;
        },
        list_models: () => models,
        inspect_model: () => importedInspection,
        runtime_settings: () => ({ provider: "auto", intraThreads: 0, interThreads: 0, optimization: "all" }),
      },
      true,
    );
    renderApp();
    await screen.findByRole("navigation", { name: "Panels" });
    const imported = () => calls.filter((c) => c.cmd === "import_model");
    await waitFor(async () => {
      if (imported().length === 0) await emit("dropped-files", { paths: ["/tmp/iris.onnx", "/tmp/slides.pptx"] });
      expect(imported()).toHaveLength(1);
    });
    expect(imported()[0]?.args).toEqual({ path: "/tmp/iris.onnx", name: null });
    expect(calls.some((c) => c.cmd === "import_dataset")).toBe(false);
    // The Models panel is shown, with the new model selected and inspected.
    // Generous timeouts: on a loaded 2-core CI machine the switch can take over a second.
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Models"), LAZY_PANEL);
    expect((await screen.findByTestId("model-detail-name", {}, LAZY_PANEL)).textContent).toBe("iris");
    await screen.findByTestId("model-inspect");
    // The file that was not imported is named, with why.
    expect(screen.getByTestId("drop-notice").textContent).toContain("Received slides.pptx");
    expect(screen.getByTestId("drop-notice").textContent).toContain("and ONNX models");
  });

  it("imports a dropped .mdbundle file as a model and notes its bundle in the Models panel", async () => {
    let models: unknown[] = [];
    const calls = backend(
      {
        current_project: () => project,
        import_model_bundle: () => {
          models = [bundledModel];
          return bundledModel;
        },
        list_models: () => models,
        inspect_model: () => ({ ...importedInspection, model: bundledModel }),
        runtime_settings: () => ({ provider: "auto", intraThreads: 0, interThreads: 0, optimization: "all" }),
      },
      true,
    );
    renderApp();
    await screen.findByRole("navigation", { name: "Panels" });
    const imported = () => calls.filter((c) => c.cmd === "import_model_bundle");
    await waitFor(async () => {
      if (imported().length === 0) await emit("dropped-files", { paths: ["/tmp/events-gbdt-1.MDBUNDLE"] });
      expect(imported()).toHaveLength(1);
    });
    expect(imported()[0]?.args).toEqual({ path: "/tmp/events-gbdt-1.MDBUNDLE" });
    expect(calls.some((c) => c.cmd === "import_model" || c.cmd === "import_dataset")).toBe(false);
    // Generous timeouts, as for the .onnx drop.
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Models"), LAZY_PANEL);
    expect((await screen.findByTestId("model-detail-name", {}, LAZY_PANEL)).textContent).toBe("events-gbdt-1");
    expect(screen.getByTestId("model-bundle").textContent).toBe("From bundle events-gbdt-1.mdbundle · review: Approved · test AUC 0.9123");
    expect(screen.getByTestId("model-import-done").textContent).toContain("Imported events-gbdt-1");
    expect(screen.queryByTestId("drop-notice")).toBeNull();
  });

  it("shows why a dropped .onnx file was refused in the Models panel", async () => {
    const calls = backend(
      {
        current_project: () => project,
        import_model: () => {
          throw { code: "invalid_input", message: "/tmp/broken.onnx: failed to parse the ONNX protobuf" };
        },
        list_models: () => [],
        runtime_settings: () => ({ provider: "auto", intraThreads: 0, interThreads: 0, optimization: "all" }),
      },
      true,
    );
    renderApp();
    await screen.findByRole("navigation", { name: "Panels" });
    await waitFor(async () => {
      if (!calls.some((c) => c.cmd === "import_model")) await emit("dropped-files", { paths: ["/tmp/broken.onnx"] });
      expect(calls.some((c) => c.cmd === "import_model")).toBe(true);
    });
    const error = await screen.findByTestId("model-import-error", {}, LAZY_PANEL);
    expect(error.textContent).toContain("Could not import broken.onnx");
    expect(error.textContent).toContain("failed to parse the ONNX protobuf");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Models");
    expect(screen.queryByTestId("drop-notice")).toBeNull();
  });

  it("warns in the status bar when sessions fall back to another provider, with the reason as title", async () => {
    backend({
      app_info: () => ({
        ...loadedInfo,
        runtime: {
          ...loadedInfo.runtime,
          provider: { requested: "directml", active: "cpu", fallbackReason: "DirectML is only available on Windows" },
        },
      }),
    });
    renderApp();
    const hint = await screen.findByTestId("provider-fallback");
    expect(hint.textContent).toBe("DirectML not available");
    expect(hint.getAttribute("title")).toBe("DirectML is only available on Windows");
    expect(hint.className).toContain("status-warning");
    expect(screen.getByTestId("ort-status").textContent).toBe("ONNX Runtime 1.31.1 · CPU");
  });

  it("switches the language from the start screen and keeps it in the workspace, without reloading", async () => {
    const calls = backend();
    renderApp();
    const recent = await screen.findByRole("region", { name: "Recent projects" });
    await within(recent).findByRole("button", { name: /Churn/ });
    expect(screen.getByRole("heading", { name: "Create project" })).toBeTruthy();

    fireEvent.change(screen.getByRole("combobox", { name: "Language" }), { target: { value: "zh-CN" } });

    expect(await screen.findByRole("heading", { name: "新建项目" })).toBeTruthy();
    const recentZh = screen.getByRole("region", { name: "最近的项目" });
    expect(within(recentZh).getByRole("button", { name: /Gone/ }).textContent).toContain("已丢失");
    // The date of the recent project follows the language.
    expect(within(recentZh).getByRole("button", { name: /Churn/ }).textContent).toContain("2025年1月2日");
    expect(screen.getByTestId("ort-status").textContent).toBe("ONNX Runtime 1.31.1 · CPU");
    // A language switch re-renders; it does not ask the backend again.
    expect(calls.filter((c) => c.cmd === "app_info")).toHaveLength(1);
    expect(calls.filter((c) => c.cmd === "current_project")).toHaveLength(1);

    fireEvent.click(within(recentZh).getByRole("button", { name: /Churn/ }));
    const nav = await screen.findByRole("navigation", { name: "面板" });
    expect(within(nav).getAllByRole("button").map((b) => b.textContent)).toEqual(["数据", "训练", "模型", "解释", "备注", "导出"]);
    expect((screen.getByRole("combobox", { name: "语言" }) as HTMLSelectElement).value).toBe("zh-CN");

    fireEvent.change(screen.getByRole("combobox", { name: "语言" }), { target: { value: "en" } });
    expect(within(await screen.findByRole("navigation", { name: "Panels" })).getAllByRole("button")[0]!.textContent).toBe("Data");
  });

  it("degrades gracefully without a Tauri backend", async () => {
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    renderApp();
    await waitFor(() => expect(screen.getByTestId("ort-status").textContent).toContain("ONNX Runtime not found"));
    expect(screen.getByTestId("ort-status").textContent).toContain("Backend unavailable");
    expect(await screen.findByRole("heading", { name: "Create project" })).toBeTruthy();
    expect((await screen.findByRole("region", { name: "Recent projects" })).textContent).toContain(
      "backend is not available",
    );
    warn.mockRestore();
  });
});
