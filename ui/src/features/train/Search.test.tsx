import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import type { RunSummary, SearchSummary, TrainOutcome, TrialInfo } from "../../lib/api";
import { binaryMetrics, deferred, sendOnChannel } from "../../test/appFixtures";
import { big, iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Call, type Handler } from "../../test/invoke";
import { runSummary, trialInfo, trialSummary } from "../../test/runsFixtures";
import { openTrainPanel, pick } from "../../test/trainPanel";
import { bestTrial, formatClock, parseSearchForm } from "./Search";

const kept: TrainOutcome = {
  runId: "r-kept",
  model: "events-gbdt-2",
  modelId: "m-kept",
  task: "binary",
  family: "gbdt",
  features: ["id", "amount", "at"],
  classes: ["false", "true"],
  rows: [700, 150, 150],
  iterations: 40,
  bestIteration: 31,
  metrics: { train: binaryMetrics(0.99), validation: binaryMetrics(0.97), test: binaryMetrics(0.965), latency: null, cv: null },
  trainMs: 900,
  totalMs: 1000,
};

/** The fake backend; `setRuns` changes what list_runs answers next. */
function backend(overrides: Record<string, Handler> = {}) {
  let runs: RunSummary[] = [runSummary({ id: "r-old", model: "events-linear-1", family: "linear", test: 0.9 })];
  const calls = mockBackend({ ...openProjectHandlers([big, iris]), list_models: () => [], list_runs: () => runs }, overrides);
  return {
    calls,
    setRuns: (r: RunSummary[]) => {
      runs = r;
    },
  };
}

/** The leaderboard's list_runs calls (on the `events` dataset; the run queue lists every dataset's once). */
function leaderboardCalls(calls: Call[]) {
  return called(calls, "list_runs").filter((a) => a.dataset === "events");
}

/** Opens the panel, picks the target `ok` (binary) and returns the search form. */
async function openSearch() {
  const form = await openTrainPanel();
  pick(form, "train-target", "ok");
  return screen.getByTestId("search-form");
}

describe("Find a good model", () => {
  it("streams the trials into a live list with the time left, then shows the kept model and refreshes the runs", async () => {
    const done = deferred<SearchSummary>();
    let channel: Channel<TrialInfo> | null = null;
    const fake = backend({
      search_models: (a) => {
        channel = a.onTrial as Channel<TrialInfo>;
        return done.promise;
      },
    });
    const search = await openSearch();
    await screen.findByTestId("runs-table");
    expect((within(search).getByTestId("search-minutes") as HTMLInputElement).value).toBe("1");
    pick(search, "search-minutes", "0.5");
    fireEvent.click(within(search).getByTestId("search-family-mlp"));
    fireEvent.click(within(search).getByTestId("search-start"));

    await waitFor(() => expect(called(fake.calls, "search_models")).toHaveLength(1));
    expect(called(fake.calls, "search_models")[0]!.request).toEqual({
      dataset: big.id,
      target: "ok",
      task: "auto",
      minutes: 0.5,
      families: ["gbdt", "linear"],
      folds: null,
      seed: null,
      maxTrials: null,
      name: null,
    });
    const progress = await screen.findByTestId("search-progress");
    expect(progress.textContent).toMatch(/^Trials: 0 · 0:\d\d elapsed · 0:\d\d left/);
    // One search at a time; Train still queues runs meanwhile.
    expect((screen.getByTestId("search-start") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("train-submit") as HTMLButtonElement).disabled).toBe(false);

    act(() => {
      sendOnChannel(channel!, 0, trialInfo(1, 0.95));
      sendOnChannel(channel!, 1, trialInfo(2, 0.7, { family: "linear", pruned: true, runId: null, std: null }));
      sendOnChannel(channel!, 2, trialInfo(3, 0.97, { family: "linear" }));
    });
    const trials = screen.getByTestId("search-trials");
    expect(within(trials).getAllByRole("listitem").map((li) => li.getAttribute("data-testid"))).toEqual([
      "search-trial-3",
      "search-trial-2",
      "search-trial-1",
    ]);
    expect(within(trials).getByTestId("search-trial-2").textContent).toContain("pruned");
    expect(within(trials).getByTestId("search-trial-3").textContent).toContain("Linear modelAUC 0.9700 ± 0.0040");
    expect(within(trials).getByTestId("search-trial-3").textContent).toContain("best");
    expect(screen.getByTestId("search-best").textContent).toBe("Best so far: AUC 0.9700 ± 0.0040");
    expect(screen.getByTestId("search-progress-text").textContent).toMatch(/^Trials: 3 · /);

    fake.setRuns([
      runSummary({ id: "r-kept", model: "events-gbdt-2", test: 0.965 }),
      trialSummary("trial-3", 3, 0.97, 0.004),
      trialSummary("trial-1", 1, 0.95, 0.004),
      runSummary({ id: "r-old", model: "events-linear-1", family: "linear", test: 0.9 }),
    ]);
    const summary: SearchSummary = {
      trials: [trialInfo(1, 0.95), trialInfo(2, 0.7, { pruned: true }), trialInfo(3, 0.97, { family: "linear" })],
      best: trialInfo(3, 0.97, { family: "linear" }),
      higherIsBetter: true,
      pruned: 1,
      searchMs: 29_500,
      model: kept,
    };
    await act(async () => done.resolve(summary));
    const result = await screen.findByTestId("search-result");
    expect(result.textContent).toContain("Kept events-gbdt-2 (Gradient-boosted trees)");
    expect(within(result).getByTestId("search-summary").textContent).toBe(
      "Trials: 3 (1 stopped early), searched in 29.5 s. The best was trial 3: AUC 0.9700 ± 0.0040.",
    );
    expect(within(within(result).getByTestId("search-metrics-table")).getByTestId("search-metrics-test").textContent).toContain("0.9650");
    expect(screen.queryByTestId("search-progress")).toBeNull();
    // The leaderboard is asked again: the kept model's run and the trials join it.
    await waitFor(() => expect(screen.getByTestId("runs-row-r-kept")).toBeTruthy());
    expect(leaderboardCalls(fake.calls)).toHaveLength(2);
    expect(screen.getByTestId("runs-metric-trial-3").textContent).toBe("0.9700 ± 0.0040");
    expect(called(fake.calls, "list_models")).toHaveLength(2);
    expect((screen.getByTestId("search-start") as HTMLButtonElement).disabled).toBe(false);
  });

  it("Cancel calls cancel_job and the search ends as cancelled; the runs are asked again", async () => {
    const done = deferred<SearchSummary>();
    const fake = backend({ search_models: () => done.promise });
    const search = await openSearch();
    await screen.findByTestId("runs-table");
    fireEvent.click(within(search).getByTestId("search-start"));
    fireEvent.click(await screen.findByTestId("search-cancel"));
    await waitFor(() => expect(called(fake.calls, "cancel_job")).toHaveLength(1));
    expect(screen.getByTestId("search-cancel").textContent).toBe("Cancelling…");
    await act(async () => done.reject({ code: "cancelled", message: "cancelled" }));
    expect((await screen.findByTestId("search-cancelled")).textContent).toBe("Search cancelled; no model was kept.");
    expect(screen.queryByTestId("search-progress")).toBeNull();
    await waitFor(() => expect(leaderboardCalls(fake.calls)).toHaveLength(2));
  });

  it("keeps the search across a switch to another panel, and shows a failure in place", async () => {
    const done = deferred<SearchSummary>();
    let channel: Channel<TrialInfo> | null = null;
    backend({
      search_models: (a) => {
        channel = a.onTrial as Channel<TrialInfo>;
        return done.promise;
      },
    });
    const search = await openSearch();
    fireEvent.click(within(search).getByTestId("search-start"));
    await screen.findByTestId("search-progress");
    act(() => sendOnChannel(channel!, 0, trialInfo(1, 0.9)));
    fireEvent.click(screen.getByTestId("panel-data"));
    await waitFor(() => expect(screen.queryByTestId("search-form")).toBeNull());
    act(() => sendOnChannel(channel!, 1, trialInfo(2, 0.92)));
    fireEvent.click(screen.getByTestId("panel-train"));
    expect(within(await screen.findByTestId("search-trials")).getAllByRole("listitem")).toHaveLength(2);
    await act(async () => done.reject({ code: "invalid_input", message: "the target has one class" }));
    expect((await screen.findByTestId("search-error")).textContent).toContain("the target has one class");
  });

  it("says what is wrong with the form and starts nothing", async () => {
    const fake = backend();
    const search = await openSearch();
    const start = within(search).getByTestId("search-start") as HTMLButtonElement;
    expect(start.disabled).toBe(false);
    pick(search, "search-minutes", "0");
    expect(within(search).getByTestId("search-invalid").textContent).toBe("The time is a number of minutes above 0, at most 1440.");
    expect(start.disabled).toBe(true);
    pick(search, "search-minutes", "2");
    for (const family of ["gbdt", "linear", "mlp"]) fireEvent.click(within(search).getByTestId(`search-family-${family}`));
    expect(within(search).getByTestId("search-invalid").textContent).toBe("Choose at least one family to try.");
    fireEvent.click(start);
    expect(called(fake.calls, "search_models")).toHaveLength(0);
  });
});

describe("search helpers", () => {
  const train = { dataset: "v1", target: "ok", task: "binary" as const };

  it("parses the form into a request, families in their usual order", () => {
    expect(parseSearchForm(train, { minutes: " 1.5 ", families: ["mlp", "gbdt"] })).toEqual({
      ok: true,
      request: {
        dataset: "v1",
        target: "ok",
        task: "binary",
        minutes: 1.5,
        families: ["gbdt", "mlp"],
        folds: null,
        seed: null,
        maxTrials: null,
        name: null,
      },
    });
    expect(parseSearchForm({ ...train, dataset: "" }, { minutes: "1", families: ["gbdt"] })).toEqual({ ok: false, problem: null });
    expect(parseSearchForm({ ...train, target: "" }, { minutes: "1", families: ["gbdt"] })).toMatchObject({ problem: "train.invalid.target" });
    for (const minutes of ["", "abc", "-1", "0", "1441"]) {
      expect(parseSearchForm(train, { minutes, families: ["gbdt"] })).toMatchObject({ problem: "search.invalid.minutes" });
    }
  });

  it("writes clock times and finds the best complete trial either way round", () => {
    expect([formatClock(0), formatClock(65.9), formatClock(3600 + 62), formatClock(-3)]).toEqual(["0:00", "1:05", "1:01:02", "0:00"]);
    const trials = [trialInfo(1, 0.9), trialInfo(2, 0.99, { pruned: true }), trialInfo(3, 0.95), trialInfo(4, null)];
    expect(bestTrial(trials)?.number).toBe(3);
    const losses = [trialInfo(1, 0.5, { metric: "log_loss" }), trialInfo(2, 0.3, { metric: "log_loss" })];
    expect(bestTrial(losses)?.number).toBe(2);
    expect(bestTrial([])).toBeNull();
  });
});
