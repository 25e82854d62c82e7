// Opening the Train panel in the panel tests, and filling its forms.
import { expect } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../App";
import { I18nProvider } from "../i18n";

/** Renders the app, opens the Train panel and waits for its dataset list (two datasets); returns the Train form. */
export async function openTrainPanel() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId("panel-train"));
  const form = await screen.findByTestId("train-form");
  // The dataset list has arrived once the dataset select offers it.
  await waitFor(() => expect(within(form).getByTestId("train-dataset").querySelectorAll("option")).toHaveLength(2));
  return form;
}

/** Sets the value of the control `testId` inside `container`. */
export function pick(container: HTMLElement, testId: string, value: string) {
  fireEvent.change(within(container).getByTestId(testId), { target: { value } });
}
