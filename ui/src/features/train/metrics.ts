// Reading a model's metrics: the headline ones per task, and how a metric value is written.
import type { TFunction } from "../../i18n";
import type { Metrics } from "../../lib/api";

/** A metric as the live badge shows it: four decimals ("0.9123"), exponent when tiny or huge. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return value.toExponential(3);
  return value.toFixed(4);
}

export const METRIC_KEYS = ["auc", "logLoss", "accuracy", "f1", "macroF1", "rmse", "mae", "r2"] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** The headline metrics per task, in column order. */
export function headline(m: Metrics): { key: MetricKey; value: number | null }[] {
  switch (m.task) {
    case "binary":
      return [
        { key: "auc", value: m.auc },
        { key: "logLoss", value: m.logLoss },
        { key: "accuracy", value: m.accuracy },
        { key: "f1", value: m.f1 },
      ];
    case "multiclass":
      return [
        { key: "accuracy", value: m.accuracy },
        { key: "macroF1", value: m.macroF1 },
        { key: "logLoss", value: m.logLoss },
      ];
    case "regression":
      return [
        { key: "rmse", value: m.rmse },
        { key: "mae", value: m.mae },
        { key: "r2", value: m.r2 },
      ];
  }
}

/** Whether a larger value of the metric named `metric` is better (scores yes, losses and errors no). */
export function metricHigherIsBetter(metric: string): boolean {
  return metric === "auc" || metric === "accuracy" || metric === "f1" || metric === "r2";
}

/** A cross-validated score, "0.9960 ± 0.0040" (the mean alone without a spread). */
export function formatMeanStd(mean: number, std: number | null, t: TFunction): string {
  return std === null || !Number.isFinite(std)
    ? formatMetric(mean)
    : t("train.meanStd", { mean: formatMetric(mean), std: formatMetric(std) });
}
