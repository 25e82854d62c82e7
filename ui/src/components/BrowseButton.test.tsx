import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { I18nProvider } from "../i18n";
import { ApiFailure } from "../lib/api";
import { deferred } from "../test/appFixtures";
import { called, mockBackend } from "../test/invoke";
import { BrowseButton } from "./BrowseButton";

function renderButton(props: { disabled?: boolean } = {}) {
  const onPick = vi.fn();
  const onError = vi.fn();
  render(
    <I18nProvider locale="zh-CN">
      <BrowseButton kind="folder" title="选择项目文件夹" onPick={onPick} onError={onError} testId="browse" {...props} />
    </I18nProvider>,
  );
  return { onPick, onError, button: screen.getByTestId("browse") as HTMLButtonElement };
}

describe("BrowseButton", () => {
  it("sends its kind and title, is disabled while the dialog is open, and hands on the chosen path", async () => {
    const answer = deferred<string | null>();
    const calls = mockBackend({ pick_path: () => answer.promise });
    const { onPick, onError, button } = renderButton();
    expect(button.textContent).toBe("浏览…");
    expect(button.title).toBe("选择项目文件夹");

    fireEvent.click(button);
    await waitFor(() => expect(called(calls, "pick_path")).toEqual([{ kind: "folder", title: "选择项目文件夹" }]));
    expect(button.disabled).toBe(true);
    expect(onError).toHaveBeenCalledWith(null);

    await act(async () => answer.resolve("/home/me/churn"));
    expect(onPick).toHaveBeenCalledWith("/home/me/churn");
    expect(button.disabled).toBe(false);
  });

  it("a dismissed dialog (null) hands on nothing", async () => {
    const calls = mockBackend({ pick_path: () => null });
    const { onPick, onError, button } = renderButton();
    fireEvent.click(button);
    await waitFor(() => expect(called(calls, "pick_path")).toHaveLength(1));
    await waitFor(() => expect(button.disabled).toBe(false));
    expect(onPick).not.toHaveBeenCalled();
    expect(onError.mock.calls).toEqual([[null]]);
  });

  it("reports a failed call through onError", async () => {
    mockBackend({
      pick_path: () => {
        throw { code: "internal", message: "no dialog on this system" };
      },
    });
    const { onPick, onError, button } = renderButton();
    fireEvent.click(button);
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(2));
    const failure = onError.mock.calls[1]![0] as ApiFailure;
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ code: "internal", message: "no dialog on this system" });
    expect(onPick).not.toHaveBeenCalled();
    expect(button.disabled).toBe(false);
  });

  it("is disabled while its form is busy", () => {
    const calls = mockBackend({ pick_path: () => "/x" });
    const { button } = renderButton({ disabled: true });
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(called(calls, "pick_path")).toEqual([]);
  });
});
