// Small helpers the Models panel's views share: names for people, and reading an input's shape.
import type { TFunction } from "../../i18n";
import {
  EVALUATION_PARTS,
  MODEL_FAMILIES,
  TRAIN_TASKS,
  type DatasetInfo,
  type EvaluationPart,
  type IoInfo,
  type ModelFamily,
  type TrainTask,
} from "../../lib/api";
import { METRIC_KEYS, type MetricKey } from "../train/metrics";

/** How a dataset version is named in a request: `name@version`, like a model's `summary.dataset`. */
export function datasetRef(d: DatasetInfo): string {
  return `${d.name}@${d.version}`;
}

export function familyLabel(family: string, t: TFunction): string {
  if (family === "onnx") return t("models.family.onnx");
  return (MODEL_FAMILIES as readonly string[]).includes(family) ? t(`train.family.${family as ModelFamily}`) : family;
}

export function taskLabel(task: string, t: TFunction): string {
  return (TRAIN_TASKS as readonly string[]).includes(task) ? t(`train.task.${task as TrainTask}`) : task;
}

export function originLabel(origin: string, t: TFunction): string {
  return origin === "imported" ? t("models.origin.imported") : t("models.origin.trained");
}

export function partLabel(part: string, t: TFunction): string {
  return (EVALUATION_PARTS as readonly string[]).includes(part) ? t(`models.part.${part as EvaluationPart}`) : part;
}

/** A headline metric's name (`auc` → "AUC", `log_loss` → "Log-loss"); names the UI does not know stay as sent. */
export function metricLabel(metric: string, t: TFunction): string {
  const key = metric.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return (METRIC_KEYS as readonly string[]).includes(key) ? t(`train.metric.${key as MetricKey}`) : metric;
}

/** `[N, 4]`, or "—" for an input without a tensor shape. */
export function shapeText(shape: string[]): string {
  return shape.length === 0 ? "—" : `[${shape.join(", ")}]`;
}

/**
 * Features per row an input takes, as the backend checks a mapping: 1 for `[N]` and `[N, 1]`
 * (and shapeless inputs), k for `[N, k]`, null when the width is not fixed (`[N, ?]`, rank 3+).
 */
export function inputWidth(input: IoInfo): number | null {
  const [, width, ...rest] = input.shape;
  if (width === undefined) return 1;
  if (rest.length > 0 || !/^\d+$/.test(width)) return null;
  return Number(width);
}
