import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import type { Profile } from "../../lib/api";
import { iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";

/** An open project whose user has not said who they are yet. */
function backend(overrides: Record<string, Handler> = {}) {
  return mockBackend(
    {
      ...openProjectHandlers([iris]),
      profile: () => null,
      list_notes: () => [],
      list_models: () => [],
      set_profile: (a) => a.profile as Profile,
    },
    overrides,
  );
}

function renderApp() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
}

function type(dialog: HTMLElement, label: string, value: string) {
  fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
}

describe("Profile dialog", () => {
  it("asks who you are when there is no profile, shows a refusal inline and saves the corrected profile", async () => {
    let attempts = 0;
    const calls = backend({
      set_profile: (a) => {
        attempts += 1;
        if (attempts === 1) throw { code: "invalid_input", message: "email: \"ada-at-home\" does not look like an email address" };
        return a.profile as Profile;
      },
    });
    renderApp();
    const dialog = await screen.findByRole("dialog", { name: "Who are you?" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    // The focus moves in an effect after the dialog appears.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText("Name")));
    expect((within(dialog).getByTestId("profile-save") as HTMLButtonElement).disabled).toBe(true);

    type(dialog, "Name", "  Ada  ");
    type(dialog, "Email", "ada-at-home");
    type(dialog, "Colour", "#0ea5e9");
    fireEvent.click(within(dialog).getByTestId("profile-save"));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toContain("email: \"ada-at-home\" does not look like an email address");
    expect(called(calls, "set_profile")).toEqual([{ profile: { name: "Ada", email: "ada-at-home", colour: "#0ea5e9" } }]);

    type(dialog, "Email", "ada@example.com");
    fireEvent.click(within(dialog).getByTestId("profile-save"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(called(calls, "set_profile")[1]).toEqual({ profile: { name: "Ada", email: "ada@example.com", colour: "#0ea5e9" } });

    fireEvent.click(await screen.findByTestId("panel-notes"));
    expect(screen.getByTestId("notes-profile").textContent).toBe("Profile: Ada");
  });

  it("Later puts it off; the Notes panel header opens it again, and Escape closes it", async () => {
    const calls = backend();
    renderApp();
    const dialog = await screen.findByRole("dialog", { name: "Who are you?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Later" }));
    expect(screen.queryByRole("dialog")).toBeNull();

    fireEvent.click(await screen.findByTestId("panel-notes"));
    const button = screen.getByTestId("notes-profile");
    expect(button.textContent).toBe("Set up your profile");
    button.focus();
    fireEvent.click(button);
    const again = screen.getByRole("dialog", { name: "Who are you?" });
    fireEvent.keyDown(within(again).getByLabelText("Name"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    // Focus goes back to the button that opened it; nothing was saved.
    expect(document.activeElement).toBe(button);
    expect(called(calls, "set_profile")).toEqual([]);
  });

  it("does not ask when a profile is saved, and the header names it", async () => {
    backend({ profile: () => ({ name: "bo", email: "", colour: "" }) });
    renderApp();
    fireEvent.click(await screen.findByTestId("panel-notes"));
    await waitFor(() => expect(screen.getByTestId("notes-profile").textContent).toBe("Profile: bo"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
