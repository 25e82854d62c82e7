// Runs as the Train panel's leaderboard, compare view and run detail get them from the fake backend.
import type { CurvePoint, Metrics, PartMetrics, RunDetail, RunSummary, TrialInfo } from "../lib/api";

/** A finished binary GBDT run on `events@1` (AUC 0.9 on test); `overrides` change any field. */
export function runSummary(overrides: Partial<RunSummary> & { id: string }): RunSummary {
  return {
    dataset: "events@1",
    target: "ok",
    task: "binary",
    family: "gbdt",
    status: "finished",
    params: { learning_rate: "0.1", num_leaves: "31" },
    metric: "auc",
    higherIsBetter: true,
    train: 0.95,
    validation: 0.9,
    test: 0.9,
    cvMean: null,
    cvStd: null,
    searchTrial: null,
    p50Ms: 0.05,
    rowsPerSecond: 1_000_000,
    modelBytes: 40_960,
    model: `model-${overrides.id}`,
    error: null,
    starred: false,
    tags: [],
    createdAt: "2025-01-06T10:00:00Z",
    finishedAt: "2025-01-06T10:00:02Z",
    ...overrides,
  };
}

/** A search trial: cross-validated only, no model, no latency. */
export function trialSummary(id: string, trial: number, cvMean: number, cvStd: number): RunSummary {
  return runSummary({
    id,
    searchTrial: trial,
    cvMean,
    cvStd,
    train: null,
    validation: null,
    test: null,
    p50Ms: null,
    rowsPerSecond: null,
    modelBytes: null,
    model: null,
  });
}

/** Binary metrics with ROC and PR curves, three calibration bins and a 2×2 confusion matrix. */
export function binaryCurves(auc: number): Metrics {
  return {
    task: "binary",
    auc,
    logLoss: 0.3,
    accuracy: 0.88,
    precision: 0.8,
    recall: 0.9,
    f1: 0.85,
    threshold: 0.5,
    prAuc: 0.87,
    roc: [
      { x: 0, y: 0 },
      { x: 0.1, y: 0.7 },
      { x: 0.4, y: 0.95 },
      { x: 1, y: 1 },
    ],
    pr: [
      { x: 0, y: 1 },
      { x: 0.5, y: 0.9 },
      { x: 1, y: 0.5 },
    ],
    calibration: [
      { meanPredicted: 0.1, fractionPositive: 0.12, count: 500 },
      { meanPredicted: 0.5, fractionPositive: 0.46, count: 300 },
      { meanPredicted: null, fractionPositive: null, count: 0 },
      { meanPredicted: 0.9, fractionPositive: 0.93, count: 200 },
    ],
    // Negative class first: 119 true negatives, 18 false positives, 8 false negatives, 72 true positives.
    confusion: [
      [119, 18],
      [8, 72],
    ],
  };
}

/** Multiclass metrics with a 3-class confusion matrix. */
export const multiclassConfusion: Metrics = {
  task: "multiclass",
  accuracy: 0.9,
  macroF1: 0.89,
  weightedF1: 0.9,
  logLoss: 0.25,
  confusion: [
    [10, 0, 0],
    [1, 8, 1],
    [0, 2, 8],
  ],
};

/** Regression metrics with four residuals. */
export const regressionResiduals: Metrics = {
  task: "regression",
  rmse: 1.5,
  mae: 1.1,
  r2: 0.8,
  residuals: [
    { x: 10, y: 1 },
    { x: 20, y: -2 },
    { x: 30, y: 0.5 },
    { x: 40, y: null },
  ],
};

/** Metrics on train, validation and test rows, alike. */
export function partMetrics(m: Metrics): PartMetrics {
  return {
    train: m,
    validation: m,
    test: m,
    latency: { p50Batch1Ms: 0.05, p99Batch1Ms: 0.2, rowsPerSecondBatch1024: 1_000_000, modelBytes: 40_960 },
    cv: null,
  };
}

/** A loss curve of `n` iterations (validation loss from the second on). */
export function curve(n: number, start = 0.7): CurvePoint[] {
  return Array.from({ length: n }, (_, i) => ({
    iteration: i + 1,
    trainLoss: start - i * 0.05,
    validLoss: i === 0 ? null : start + 0.02 - i * 0.04,
    metricValue: 0.8 + i * 0.01,
  }));
}

export function runDetail(summary: RunSummary, metrics: Metrics | null, n = 5): RunDetail {
  return { summary, metrics: metrics && partMetrics(metrics), curve: metrics ? curve(n) : [], codeVersion: "0.1.0" };
}

/** A trial as the search streams it. */
export function trialInfo(number: number, mean: number | null, overrides: Partial<TrialInfo> = {}): TrialInfo {
  return {
    number,
    family: "gbdt",
    params: { learning_rate: "0.1" },
    metric: "auc",
    mean,
    std: mean === null ? null : 0.004,
    folds: [],
    pruned: false,
    ms: 1200,
    runId: `trial-${number}`,
    ...overrides,
  };
}
