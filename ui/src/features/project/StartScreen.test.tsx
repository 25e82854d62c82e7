import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type { ProjectSummary, RecentProject, SampleProgress } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { deferred, sendOnChannel } from "../../test/appFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";

const sample: ProjectSummary = {
  id: "p-sample",
  name: "Sample: breast cancer",
  path: "/home/me/.local/share/modeldesk/sample",
  createdAt: "2026-05-01T10:00:00Z",
  author: "ada",
  schemaVersion: 1,
};

const recent: RecentProject = { name: "Churn", path: "/home/me/churn", openedAt: "2025-01-02T10:00:00Z", exists: true };

/** No project open and none opened before, unless `overrides` says otherwise. */
function backend(overrides: Record<string, Handler> = {}) {
  return mockBackend({ ...openProjectHandlers([]), current_project: () => null, list_models: () => [] }, overrides);
}

/**
 * The sample project is made only when the test says: `send` passes on progress, `done` the
 * answer. `calls` records every command.
 */
function pendingSample(overrides: Record<string, Handler> = {}) {
  const done = deferred<ProjectSummary>();
  let channel: Channel<SampleProgress> | null = null;
  let sent = 0;
  const calls = backend({
    open_sample_project: (a) => {
      channel = a.onProgress as Channel<SampleProgress>;
      return done.promise;
    },
    ...overrides,
  });
  const send = (step: string, stepsDone: number) => act(() => sendOnChannel(channel!, sent++, { step, done: stepsDone, total: 6 }));
  return { calls, done, send };
}

function renderApp() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
}

function button(testId: string): HTMLButtonElement {
  return screen.getByTestId(testId) as HTMLButtonElement;
}

describe("Start screen: the sample project", () => {
  it("welcomes a first run with the sample project, the language choice and the theme", async () => {
    backend();
    renderApp();
    const welcome = await screen.findByRole("region", { name: "Welcome to ModelDesk" });
    expect(welcome.textContent).toContain("a breast-cancer dataset with two trained models");
    expect(welcome.textContent).toContain("Light and dark follow your system setting.");
    expect(within(welcome).getByTestId("welcome-language")).toBeTruthy();
    // It comes before the create and open forms, and offers the sample project once, prominently.
    const create = screen.getByRole("form", { name: "Create project" });
    expect(welcome.compareDocumentPosition(create) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByTestId("open-sample")).toHaveLength(1);
    expect(within(welcome).getByRole("button", { name: "Open the sample project" }).className).toContain("primary");
  });

  it("the welcome's language select switches the UI, and the sample's note is written in it", async () => {
    const { calls } = pendingSample();
    renderApp();
    const welcome = await screen.findByTestId("welcome");
    fireEvent.change(within(welcome).getByTestId("welcome-language"), { target: { value: "zh-CN" } });
    expect(within(welcome).getByRole("heading").textContent).toBe("欢迎使用 ModelDesk");
    expect((screen.getByTestId("language-select") as HTMLSelectElement).value).toBe("zh-CN");
    fireEvent.click(button("open-sample"));
    await waitFor(() => expect(called(calls, "open_sample_project")).toHaveLength(1));
    expect(called(calls, "open_sample_project")[0]!.language).toBe("zh-CN");
    expect(screen.getByTestId("sample-progress-text").textContent).toBe("正在准备示例项目…");
  });

  it("names each step while the sample is made, keeps the rest disabled, then opens it", async () => {
    const { calls, done, send } = pendingSample();
    renderApp();
    await screen.findByTestId("welcome");
    fireEvent.change(screen.getByTestId("create-path"), { target: { value: "/tmp/new" } });
    expect(button("create-submit").disabled).toBe(false);

    fireEvent.click(button("open-sample"));
    const progress = await screen.findByTestId("sample-progress");
    expect(called(calls, "open_sample_project")[0]!.language).toBe("en");
    expect(screen.getByTestId("sample-progress-text").textContent).toBe("Preparing the sample project…");
    expect(screen.queryByTestId("open-sample")).toBeNull();
    expect(button("create-submit").disabled).toBe(true);

    send("import", 0);
    expect(screen.getByTestId("sample-progress-text").textContent).toBe("Importing the data…");
    expect(screen.getByTestId("sample-step-count").textContent).toBe("Step 1 of 6");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("0");
    send("gbdt", 3);
    expect(screen.getByTestId("sample-progress-text").textContent).toBe("Training boosted trees…");
    send("explain", 4);
    expect(screen.getByTestId("sample-progress-text").textContent).toBe("Explaining the trees…");
    expect(screen.getByTestId("sample-step-count").textContent).toBe("Step 5 of 6");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("67");

    await act(async () => done.resolve(sample));
    await screen.findByRole("navigation", { name: "Panels" });
    expect(screen.getByText("Sample: breast cancer")).toBeTruthy();
    expect(called(calls, "cancel_job")).toEqual([]);
  });

  it("Cancel stops the making and says nothing was kept", async () => {
    const { calls, done, send } = pendingSample();
    renderApp();
    await screen.findByTestId("welcome");
    fireEvent.click(button("open-sample"));
    await screen.findByTestId("sample-progress");
    send("linear", 2);
    expect(screen.getByTestId("sample-progress-text").textContent).toBe("Training a logistic regression…");
    fireEvent.click(button("sample-cancel"));
    await waitFor(() => expect(called(calls, "cancel_job")).toHaveLength(1));
    expect(button("sample-cancel").textContent).toBe("Cancelling…");

    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("sample-cancelled")).textContent).toBe("Cancelled; nothing was kept.");
    expect(screen.queryByTestId("sample-progress")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(button("open-sample").disabled).toBe(false);
    expect(screen.queryByRole("navigation", { name: "Panels" })).toBeNull();
  });

  it("shows why the sample could not be made in place, and it can be tried again", async () => {
    let attempts = 0;
    backend({
      open_sample_project: () => {
        attempts += 1;
        if (attempts === 1) throw { code: "io", message: "no space left on device" };
        return sample;
      },
    });
    renderApp();
    const welcome = await screen.findByTestId("welcome");
    fireEvent.click(button("open-sample"));
    const alert = await within(welcome).findByRole("alert");
    expect(alert.textContent).toContain("no space left on device");
    expect(alert.getAttribute("title")).toContain("io");

    fireEvent.click(button("open-sample"));
    await screen.findByRole("navigation", { name: "Panels" });
  });

  it("with recent projects, offers the sample with a smaller button and locks the list while it is made", async () => {
    const { done } = pendingSample({ recent_projects: () => [recent] });
    renderApp();
    const list = await screen.findByRole("region", { name: "Recent projects" });
    const churn = await within(list).findByRole("button", { name: /Churn/ });
    expect(screen.queryByTestId("welcome")).toBeNull();
    expect(screen.getAllByTestId("open-sample")).toHaveLength(1);
    expect(button("open-sample").className).not.toContain("primary");
    expect(button("open-sample").textContent).toBe("Open the sample project");

    fireEvent.click(button("open-sample"));
    await screen.findByTestId("sample-progress");
    expect((churn as HTMLButtonElement).disabled).toBe(true);
    await act(async () => done.resolve(sample));
    await screen.findByRole("navigation", { name: "Panels" });
  });
});

describe("Start screen: Browse…", () => {
  function input(testId: string): HTMLInputElement {
    return screen.getByTestId(testId) as HTMLInputElement;
  }

  it("fills the create and open folders with the chosen folder and opens nothing", async () => {
    let chosen = "/home/me/projects/churn";
    const calls = backend({ pick_path: () => chosen });
    renderApp();
    await screen.findByTestId("welcome");
    fireEvent.click(button("create-browse"));
    await waitFor(() => expect(input("create-path").value).toBe("/home/me/projects/churn"));
    chosen = "/home/me/projects/fraud";
    fireEvent.click(button("open-browse"));
    await waitFor(() => expect(input("open-path").value).toBe("/home/me/projects/fraud"));
    expect(called(calls, "pick_path")).toEqual([
      { kind: "folder", title: "Choose a folder for the new project" },
      { kind: "folder", title: "Choose a project folder" },
    ]);
    expect(called(calls, "create_project")).toEqual([]);
    expect(called(calls, "open_project")).toEqual([]);
    expect(button("create-submit").disabled).toBe(false);
  });

  it("a dismissed dialog keeps the typed folder; the title follows the UI's language", async () => {
    const calls = backend({ pick_path: () => null });
    renderApp();
    const welcome = await screen.findByTestId("welcome");
    fireEvent.change(within(welcome).getByTestId("welcome-language"), { target: { value: "zh-CN" } });
    fireEvent.change(input("open-path"), { target: { value: "/typed" } });
    fireEvent.click(button("open-browse"));
    await waitFor(() => expect(called(calls, "pick_path")).toEqual([{ kind: "folder", title: "选择项目文件夹" }]));
    await waitFor(() => expect(button("open-browse").disabled).toBe(false));
    expect(input("open-path").value).toBe("/typed");
    expect(button("open-browse").textContent).toBe("浏览…");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows why the dialog failed in its form, and is disabled while the sample project is made", async () => {
    const { done } = pendingSample({
      pick_path: () => {
        throw { code: "internal", message: "no file dialog here" };
      },
    });
    renderApp();
    await screen.findByTestId("welcome");
    fireEvent.click(button("create-browse"));
    const form = screen.getByRole("form", { name: "Create project" });
    expect((await within(form).findByRole("alert")).textContent).toContain("no file dialog here");
    expect(input("create-path").value).toBe("");

    fireEvent.click(button("open-sample"));
    await screen.findByTestId("sample-progress");
    expect(button("create-browse").disabled).toBe(true);
    expect(button("open-browse").disabled).toBe(true);
    await act(async () => done.resolve(sample));
  });
});
