import { describe, expect, it } from "vitest";
import { makeT } from "../../i18n";
import { runSummary, trialSummary } from "../../test/runsFixtures";
import {
  bestRun,
  bestSort,
  differingParams,
  filterRuns,
  headlineScore,
  paretoFront,
  paretoRuns,
  parseRunTags,
  runLabel,
  runSeconds,
  runTags,
  sortRuns,
  statusLabel,
} from "./runs";

const t = makeT("en");
const ids = (runs: { id: string }[]) => runs.map((r) => r.id);

describe("runs leaderboard", () => {
  const fast = runSummary({ id: "fast", test: 0.91, validation: 0.93, p50Ms: 0.01, modelBytes: 1000 });
  const good = runSummary({ id: "good", test: 0.95, validation: 0.92, p50Ms: 0.2, modelBytes: 9000 });
  const trial = trialSummary("trial", 7, 0.996, 0.004);
  const failed = runSummary({ id: "failed", status: "failed", train: null, test: null, validation: null, p50Ms: null, modelBytes: null, error: "boom" });
  const runs = [failed, trial, fast, good];

  it("sorts a score best first (or worst first), runs without it last either way, ties newest first", () => {
    expect(ids(sortRuns(runs, { key: "test", descending: true }))).toEqual(["good", "fast", "failed", "trial"]);
    expect(ids(sortRuns(runs, { key: "test", descending: false }))).toEqual(["fast", "good", "failed", "trial"]);
    expect(ids(sortRuns(runs, { key: "cv", descending: true }))).toEqual(["trial", "failed", "fast", "good"]);
    expect(ids(sortRuns(runs, { key: "latency", descending: false }))).toEqual(["fast", "good", "failed", "trial"]);
    expect(ids(sortRuns(runs, { key: "size", descending: true }))).toEqual(["good", "fast", "failed", "trial"]);
    expect(ids(sortRuns(runs, { key: "status", descending: false }))).toEqual(["failed", "trial", "fast", "good"]);
  });

  it("reads a lower-is-better metric the right way round: the smallest error is the best", () => {
    const a = runSummary({ id: "a", metric: "rmse", higherIsBetter: false, test: 12 });
    const b = runSummary({ id: "b", metric: "rmse", higherIsBetter: false, test: 9 });
    expect(ids(sortRuns([a, b], bestSort("test")))).toEqual(["b", "a"]);
    expect(bestRun([a, b], "test")?.id).toBe("b");
  });

  it("picks the best run by test, validation, cross-validated score or latency (none when no run has it)", () => {
    expect(bestRun(runs, "test")?.id).toBe("good");
    expect(bestRun(runs, "validation")?.id).toBe("fast");
    expect(bestRun(runs, "cv")?.id).toBe("trial");
    expect(bestRun(runs, "latency")?.id).toBe("fast");
    expect(bestRun([failed], "test")).toBeNull();
    expect(bestSort("latency")).toEqual({ key: "latency", descending: false });
  });

  it("names a run by its model, a trial by its number, else by the end of its id; reads its headline score and time", () => {
    expect(runLabel(good, t)).toBe("model-good");
    expect(runLabel(trial, t)).toBe("Trial 7");
    expect(runLabel(runSummary({ id: "0190aaaa-bbbb-7ccc-8ddd-0123456789ab", model: null }), t)).toBe("456789ab");
    expect(headlineScore(good)).toEqual({ part: "test", value: 0.95 });
    expect(headlineScore(runSummary({ id: "v", test: null }))).toEqual({ part: "validation", value: 0.9 });
    expect(headlineScore(trial)).toEqual({ part: "cv", value: 0.996 });
    expect(headlineScore(failed)).toBeNull();
    expect(runSeconds(good)).toBe(2);
    expect(runSeconds(runSummary({ id: "r", status: "running", finishedAt: null }))).toBeNull();
    expect(statusLabel("failed", t)).toBe("failed");
    expect(statusLabel("odd", t)).toBe("odd");
  });
});

describe("stars and tags", () => {
  const starred = runSummary({ id: "starred", starred: true, tags: ["baseline"] });
  const tagged = runSummary({ id: "tagged", tags: ["candidate", "baseline"] });
  const plain = runSummary({ id: "plain" });
  const runs = [starred, tagged, plain];

  it("lets every run through unfiltered, only the starred ones, only those with a tag, or both at once, in their order", () => {
    expect(ids(filterRuns(runs, { starredOnly: false, tag: null }))).toEqual(["starred", "tagged", "plain"]);
    expect(ids(filterRuns(runs, { starredOnly: true, tag: null }))).toEqual(["starred"]);
    expect(ids(filterRuns(runs, { starredOnly: false, tag: "baseline" }))).toEqual(["starred", "tagged"]);
    expect(ids(filterRuns(runs, { starredOnly: false, tag: "candidate" }))).toEqual(["tagged"]);
    expect(ids(filterRuns(runs, { starredOnly: true, tag: "candidate" }))).toEqual([]);
    expect(ids(filterRuns(runs, { starredOnly: false, tag: "nobody" }))).toEqual([]);
  });

  it("lists the tags in use once each, in order", () => {
    expect(runTags(runs)).toEqual(["baseline", "candidate"]);
    expect(runTags([plain])).toEqual([]);
  });

  it("reads typed tags: split at commas, trimmed, blanks dropped", () => {
    expect(parseRunTags(" baseline,  best model ,,candidate, ")).toEqual(["baseline", "best model", "candidate"]);
    expect(parseRunTags("  ")).toEqual([]);
    expect(parseRunTags("")).toEqual([]);
  });
});

describe("Pareto front", () => {
  type P = { name: string; ms: number; q: number };
  const front = (points: P[], higher = true) =>
    paretoFront(
      points,
      (p) => p.ms,
      (p) => p.q,
      higher,
    ).map((p) => p.name);

  it("keeps the points no other point is both faster and better than, fastest first", () => {
    const points: P[] = [
      { name: "slow-best", ms: 10, q: 0.99 },
      { name: "dominated", ms: 5, q: 0.9 },
      { name: "fast", ms: 1, q: 0.92 },
      { name: "middle", ms: 4, q: 0.95 },
      { name: "slower-same", ms: 6, q: 0.95 },
    ];
    expect(front(points)).toEqual(["fast", "middle", "slow-best"]);
  });

  it("turns round for lower-is-better metrics, keeps equal points, drops non-finite ones", () => {
    const points: P[] = [
      { name: "a", ms: 1, q: 10 },
      { name: "b", ms: 2, q: 8 },
      { name: "c", ms: 3, q: 9 },
      { name: "a-again", ms: 1, q: 10 },
      { name: "nan", ms: Number.NaN, q: 1 },
    ];
    expect(front(points, false)).toEqual(["a", "a-again", "b"]);
    // A faster point with the same quality dominates a slower one.
    expect(front([{ name: "x", ms: 1, q: 0.9 }, { name: "y", ms: 2, q: 0.9 }])).toEqual(["x"]);
    expect(front([])).toEqual([]);
  });

  it("plots the runs with a latency and a score, of the metric most of them have", () => {
    const runs = [
      runSummary({ id: "a", test: 0.9, p50Ms: 0.1 }),
      runSummary({ id: "b", test: 0.95, p50Ms: 0.2 }),
      runSummary({ id: "c", test: 0.85, p50Ms: 0.3 }),
      runSummary({ id: "reg", metric: "rmse", higherIsBetter: false, test: 3, p50Ms: 0.01 }),
      trialSummary("trial", 1, 0.99, 0.01),
    ];
    const pareto = paretoRuns(runs);
    expect(pareto.metric).toBe("auc");
    expect(pareto.left).toBe(1);
    expect(pareto.points.map((p) => [p.run.id, p.optimal])).toEqual([
      ["a", true],
      ["b", true],
      ["c", false],
    ]);
    expect(paretoRuns([]).points).toEqual([]);
  });
});

describe("compare", () => {
  it("lists only the parameters that differ, a missing one counting as different, by name", () => {
    const runs: { params: Record<string, string> }[] = [
      { params: { learning_rate: "0.1", num_leaves: "31", seed: "0" } },
      { params: { learning_rate: "0.05", num_leaves: "31", seed: "0" } },
      { params: { learning_rate: "0.1", num_leaves: "31", seed: "0", l2: "1" } },
    ];
    expect(differingParams(runs)).toEqual([
      { name: "l2", values: [null, null, "1"] },
      { name: "learning_rate", values: ["0.1", "0.05", "0.1"] },
    ]);
    expect(differingParams([runs[0]!, runs[0]!])).toEqual([]);
  });
});
