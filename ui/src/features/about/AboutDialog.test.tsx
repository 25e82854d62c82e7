import { afterEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Diagnostics } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { deferred } from "../../test/appFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";

const report = "ModelDesk 0.1.0 (linux x86_64)\nONNX Runtime 1.31.1 from /opt/ort/libonnxruntime.so\n";

/** What `diagnostics` answers with a project open and ONNX Runtime loaded. */
const diagnostics: Diagnostics = {
  report: {
    appVersion: "0.1.0",
    platform: "linux x86_64",
    runtime: {
      loaded: true,
      ortVersion: "1.31.1",
      providers: ["CUDAExecutionProvider", "CPUExecutionProvider"],
      activeProvider: "CPU",
      provider: { requested: "auto", active: "cpu", fallbackReason: null },
      libraryPath: "/opt/ort/libonnxruntime.so",
      source: "ORT_DYLIB_PATH",
      error: null,
    },
    store: {
      path: "/home/me/churn",
      ok: true,
      name: "Churn",
      schemaVersion: 7,
      journalMode: "wal",
      blobCount: 1234,
      error: null,
    },
    folders: { config: "/home/me/.config/modeldesk", data: "/home/me/.local/share/modeldesk", logs: "/home/me/.local/state/modeldesk/logs" },
    details: [
      { label: "Tauri", value: "2.5.0" },
      { label: "WebView", value: "WebKitGTK 2.46" },
    ],
  },
  text: report,
};

/** Diagnostics with ONNX Runtime missing and no project open. */
const bare: Diagnostics = {
  report: {
    ...diagnostics.report,
    runtime: {
      loaded: false,
      ortVersion: null,
      providers: [],
      activeProvider: null,
      provider: null,
      libraryPath: null,
      source: null,
      error: "libonnxruntime.so not found; set ORT_DYLIB_PATH",
    },
    store: null,
    details: [],
  },
  text: report,
};

function backend(overrides: Record<string, Handler> = {}) {
  return mockBackend({ ...openProjectHandlers([]), current_project: () => null, diagnostics: () => diagnostics }, overrides);
}

async function openAbout() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  const opener = await screen.findByRole("button", { name: "About ModelDesk 0.1.0" });
  opener.focus();
  fireEvent.click(opener);
  const dialog = screen.getByRole("dialog", { name: "About ModelDesk" });
  return { opener, dialog };
}

/** The [label, value] pairs of one section of the dialog. */
function facts(dialog: HTMLElement, testId: string): [string, string][] {
  return [...within(dialog).getByTestId(testId).querySelectorAll("dl > div")].map((row) => [
    row.querySelector("dt")!.textContent!,
    row.querySelector("dd")!.textContent!,
  ]);
}

/** Gives the page a Clipboard API whose writeText does what `write` does. */
function stubClipboard(write: (text: string) => Promise<void>) {
  const writeText = vi.fn(write);
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  return writeText;
}

/** Gives the page `document.execCommand`, answering `result`. */
function stubExecCommand(result: boolean) {
  const execCommand = vi.fn(() => result);
  Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
  return execCommand;
}

describe("About dialog", () => {
  afterEach(() => {
    // jsdom has neither; a test that stubbed one takes it away again.
    delete (navigator as { clipboard?: unknown }).clipboard;
    delete (document as { execCommand?: unknown }).execCommand;
  });

  it("opens from the status bar's version with the diagnostics, and Escape closes it", async () => {
    const calls = backend();
    const { opener, dialog } = await openAbout();
    expect(opener.getAttribute("data-testid")).toBe("about-open");
    expect(opener.textContent).toBe("ModelDesk 0.1.0");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    // Close has the focus in an effect after the dialog appears.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Close" })));

    await within(dialog).findByTestId("about-app");
    expect(called(calls, "diagnostics")).toHaveLength(1);
    expect(facts(dialog, "about-app")).toEqual([
      ["Version", "0.1.0"],
      ["Platform", "linux x86_64"],
    ]);
    expect(facts(dialog, "about-runtime")).toEqual([
      ["Version", "1.31.1"],
      ["Running on", "CPU"],
      ["Providers", "CUDAExecutionProvider, CPUExecutionProvider"],
      ["Library", "/opt/ort/libonnxruntime.so"],
      ["Found via", "ORT_DYLIB_PATH"],
    ]);
    expect(facts(dialog, "about-store")).toEqual([
      ["Project", "Churn"],
      ["Folder", "/home/me/churn"],
      ["Schema version", "7"],
      ["Journal mode", "wal"],
      ["Blobs", "1,234"],
      ["Health", "OK"],
    ]);
    expect(facts(dialog, "about-details")).toEqual([
      ["Tauri", "2.5.0"],
      ["WebView", "WebKitGTK 2.46"],
    ]);
    expect(facts(dialog, "about-folders")).toEqual([
      ["Settings", "/home/me/.config/modeldesk"],
      ["Data", "/home/me/.local/share/modeldesk"],
      ["Logs", "/home/me/.local/state/modeldesk/logs"],
    ]);
    // The plain-text report, collapsed until asked for.
    const text = within(dialog).getByTestId("diagnostics-text") as HTMLTextAreaElement;
    expect(text.value).toBe(report);
    expect(text.readOnly).toBe(true);
    expect(text.closest("details")!.open).toBe(false);

    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("shows why ONNX Runtime is not loaded, says no project is open, and Close closes it", async () => {
    backend({ diagnostics: () => bare });
    const { dialog } = await openAbout();
    await within(dialog).findByTestId("about-runtime");
    expect(facts(dialog, "about-runtime")).toEqual([
      ["Status", "Not loaded"],
      ["Problem", "libonnxruntime.so not found; set ORT_DYLIB_PATH"],
    ]);
    expect(within(dialog).getByTestId("about-store").textContent).toContain("No project open");
    expect(within(dialog).queryByTestId("about-details")).toBeNull();
    fireEvent.click(within(dialog).getByTestId("about-close"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("names the store's problem when its check failed", async () => {
    const broken = { ...diagnostics.report.store!, ok: false, error: "database disk image is malformed" };
    backend({ diagnostics: () => ({ ...diagnostics, report: { ...diagnostics.report, store: broken } }) });
    const { dialog } = await openAbout();
    await within(dialog).findByTestId("about-store");
    expect(facts(dialog, "about-store").at(-1)).toEqual(["Health", "database disk image is malformed"]);
  });

  it("says it is collecting, then shows the backend's error in place", async () => {
    const answer = deferred<Diagnostics>();
    backend({ diagnostics: () => answer.promise });
    const { dialog } = await openAbout();
    expect(within(dialog).getByRole("status").textContent).toBe("Collecting diagnostics…");
    await act(async () => answer.reject({ code: "io", message: "cannot read /home/me/.config/modeldesk" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("cannot read /home/me/.config/modeldesk");
    expect(within(dialog).queryByTestId("copy-diagnostics")).toBeNull();
  });

  it("copies the report with the Clipboard API and says Copied for a moment", async () => {
    backend();
    const writeText = stubClipboard(async () => {});
    const execCommand = stubExecCommand(true);
    const { dialog } = await openAbout();
    fireEvent.click(await within(dialog).findByTestId("copy-diagnostics"));
    await waitFor(() => expect(within(dialog).getByTestId("copy-status").textContent).toBe("Copied"));
    expect(writeText).toHaveBeenCalledWith(report);
    expect(execCommand).not.toHaveBeenCalled();
    await waitFor(() => expect(within(dialog).getByTestId("copy-status").textContent).toBe(""), { timeout: 3_000 });
  });

  it("falls back to a hidden textarea and execCommand when the Clipboard API refuses", async () => {
    backend();
    const writeText = stubClipboard(async () => {
      throw new DOMException("Document is not focused.", "NotAllowedError");
    });
    let copied: string | null = null;
    const execCommand = stubExecCommand(true);
    execCommand.mockImplementation(() => {
      // What the browser would copy: the selection in the focused textarea.
      const area = document.activeElement as HTMLTextAreaElement;
      copied = area.value.slice(area.selectionStart, area.selectionEnd);
      return true;
    });
    const { dialog } = await openAbout();
    const copy = await within(dialog).findByTestId("copy-diagnostics");
    copy.focus();
    fireEvent.click(copy);
    await waitFor(() => expect(within(dialog).getByTestId("copy-status").textContent).toBe("Copied"));
    expect(writeText).toHaveBeenCalledTimes(1);
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(copied).toBe(report);
    // The helper textarea is gone and the focus is back on the button.
    expect(document.querySelectorAll("textarea")).toHaveLength(1);
    expect(document.activeElement).toBe(copy);
  });

  it("when copying fails both ways, says so and shows the report selected", async () => {
    backend();
    stubExecCommand(false);
    const { dialog } = await openAbout();
    fireEvent.click(await within(dialog).findByTestId("copy-diagnostics"));
    await waitFor(() => expect(within(dialog).getByTestId("copy-status").textContent).toBe("Could not copy. Select the report below and copy it yourself."));
    const text = within(dialog).getByTestId("diagnostics-text") as HTMLTextAreaElement;
    expect(text.closest("details")!.open).toBe(true);
    expect(document.activeElement).toBe(text);
    expect([text.selectionStart, text.selectionEnd]).toEqual([0, report.length]);
  });
});
