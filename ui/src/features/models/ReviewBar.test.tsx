import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReviewInfo, SessionOptions } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { importedInspection, importedModel } from "../../test/appFixtures";
import { iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Handler } from "../../test/invoke";
import { draftReview, inReview } from "../../test/notesFixtures";
import { parseReviewers } from "./ReviewBar";

const settings: SessionOptions = { provider: "auto", intraThreads: 0, interThreads: 0, optimization: "all" };

/** One imported model (`iris`, id `m-onnx`) whose review `model_review` answers with `review`. */
function backend(review: ReviewInfo, overrides: Record<string, Handler> = {}) {
  return mockBackend(
    {
      ...openProjectHandlers([iris]),
      list_models: () => [importedModel],
      inspect_model: () => importedInspection,
      runtime_settings: () => settings,
      model_review: () => review,
    },
    overrides,
  );
}

/** Opens the Models panel and waits for the review bar to have the review. */
async function openReviewBar() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId("panel-models"));
  const bar = await screen.findByTestId("review-bar");
  await within(bar).findByTestId("review-state");
  return bar;
}

function actions(bar: HTMLElement): string[] {
  return within(bar)
    .getAllByRole("button")
    .map((b) => b.textContent ?? "");
}

describe("Review bar", () => {
  it("a draft offers Request review, which sends the reviewers and comment and shows the review in progress", async () => {
    const calls = backend(draftReview("iris"), { review_model: () => inReview("iris") });
    const bar = await openReviewBar();
    expect(called(calls, "model_review")).toEqual([{ model: "m-onnx" }]);
    expect(within(bar).getByTestId("review-state").textContent).toBe("Draft");
    expect(actions(bar)).toEqual(["Request review"]);
    expect(within(bar).queryByTestId("review-log")).toBeNull();

    fireEvent.change(within(bar).getByLabelText("Reviewers"), { target: { value: "bo, @chen ," } });
    fireEvent.change(within(bar).getByLabelText("Comment"), { target: { value: " for the May release " } });
    fireEvent.click(within(bar).getByTestId("review-request"));

    await waitFor(() => expect(within(bar).getByTestId("review-state").textContent).toBe("In review"));
    expect(called(calls, "review_model")).toEqual([
      { model: "m-onnx", action: "request", reviewers: ["bo", "chen"], comment: "for the May release" },
    ]);
    expect(within(bar).getByTestId("review-state").className).toContain("accent");
    expect(within(bar).getByTestId("review-requested").textContent).toBe("Requested by ada");
    expect(within(bar).getByTestId("review-reviewers").textContent).toBe("Reviewers: bo, chen");
    expect(actions(bar)).toEqual(["Approve", "Request changes", "Withdraw"]);
    expect((within(bar).getByLabelText("Comment") as HTMLInputElement).value).toBe("");
    const log = within(bar).getByTestId("review-log");
    expect(log.querySelector("summary")?.textContent).toBe("History (1)");
    expect(within(log).getByTestId("review-event").textContent).toContain("ada: requested a review → In review");
    expect(within(log).getByTestId("review-event").textContent).toContain("for the May release");
  });

  it("in review: Request changes needs a comment, and sends it with action reject", async () => {
    const changes: ReviewInfo = { ...inReview("iris"), state: "changes_requested", decision: "changes requested by bo on 2026-05-02: recalibrate" };
    const calls = backend(inReview("iris"), { review_model: () => changes });
    const bar = await openReviewBar();
    const reject = within(bar).getByTestId("review-reject") as HTMLButtonElement;
    expect(reject.disabled).toBe(true);
    expect(bar.textContent).toContain("Requesting changes needs a comment.");

    fireEvent.change(within(bar).getByLabelText("Comment"), { target: { value: "recalibrate" } });
    expect(reject.disabled).toBe(false);
    fireEvent.click(reject);
    await waitFor(() => expect(within(bar).getByTestId("review-state").textContent).toBe("Changes requested"));
    expect(called(calls, "review_model")).toEqual([{ model: "m-onnx", action: "reject", reviewers: [], comment: "recalibrate" }]);
    expect(within(bar).getByTestId("review-decision").textContent).toBe("changes requested by bo on 2026-05-02: recalibrate");
    expect(actions(bar)).toEqual(["Request a new review"]);
  });

  it("shows the backend's refusal in place and keeps the state", async () => {
    const calls = backend(inReview("iris"), {
      review_model: () => {
        throw { code: "invalid_input", message: "review: cannot approve a review that is in review: the person who asked for the review cannot decide it" };
      },
    });
    const bar = await openReviewBar();
    fireEvent.click(within(bar).getByTestId("review-approve"));
    const error = await within(bar).findByTestId("review-error");
    expect(within(error).getByRole("alert").textContent).toContain("the person who asked for the review cannot decide it");
    expect(called(calls, "review_model")).toEqual([{ model: "m-onnx", action: "approve", reviewers: [], comment: "" }]);
    expect(within(bar).getByTestId("review-state").textContent).toBe("In review");

    fireEvent.click(within(bar).getByTestId("review-withdraw"));
    await waitFor(() => expect(called(calls, "review_model")).toHaveLength(2));
    expect(called(calls, "review_model")[1]).toEqual({ model: "m-onnx", action: "withdraw", reviewers: [], comment: "" });
  });

  it("an approved model shows its decision and can be sent for review again", async () => {
    const approved: ReviewInfo = { ...inReview("iris"), state: "approved", decision: "approved by bo on 2026-05-02: metrics hold" };
    backend(approved);
    const bar = await openReviewBar();
    expect(within(bar).getByTestId("review-state").textContent).toBe("Approved");
    expect(within(bar).getByTestId("review-state").className).toContain("ok");
    expect(within(bar).getByTestId("review-decision").textContent).toBe("approved by bo on 2026-05-02: metrics hold");
    expect(actions(bar)).toEqual(["Request a new review"]);
  });

  it("reads reviewers as comma-separated names", () => {
    expect(parseReviewers(" bo, @chen ,, ")).toEqual(["bo", "chen"]);
    expect(parseReviewers("")).toEqual([]);
  });
});
