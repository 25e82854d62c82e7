// How well a trained model scores, drawn: ROC and precision-recall curves and calibration
// (binary), residuals (regression) — one line per part of the data where each part has its own.
import { categoryColour, type Palette } from "../../../components/plots/palette";
import type { XyChart, XyPoint } from "../../../components/plots/xy";
import type { TFunction } from "../../../i18n";
import type { BinaryMetrics, Metrics, PartMetrics, Point, RegressionMetrics } from "../../../lib/api";
import { formatCount, formatPercent, formatStat } from "../../data/format";
import { formatMetric } from "../metrics";

export const PARTS = ["train", "validation", "test"] as const;
export type PartName = (typeof PARTS)[number];
/** The metrics of one task. */
type MetricsOf<T extends Metrics["task"]> = Extract<Metrics, { task: T }>;
/** A part of the data and the model's metrics on it. */
export type PartOf<M> = { part: PartName; metrics: M };

/** The parts a model has metrics on, in order (train, validation, test). */
export function partsOf(metrics: PartMetrics): PartOf<Metrics>[] {
  return PARTS.flatMap((part) => {
    const m = metrics[part];
    return m ? [{ part, metrics: m }] : [];
  });
}

/** The parts whose metrics are of `task`'s kind. */
export function partsFor<T extends Metrics["task"]>(parts: readonly PartOf<Metrics>[], task: T): PartOf<MetricsOf<T>>[] {
  return parts.filter((p): p is PartOf<MetricsOf<T>> => p.metrics.task === task);
}

/** The part a single-part plot shows: the rows the model saw least (test, else validation, else train). */
export function heldOut<M>(parts: readonly PartOf<M>[]): PartOf<M> | null {
  return parts[parts.length - 1] ?? null;
}

/** A classifier's confusion matrix on a part (`[actual][predicted]` counts, in the model's class order). */
export type ConfusionOf = { task: "binary" | "multiclass"; confusion: number[][] };

/** The confusion matrix of `m`: a multiclass one with rows, a binary one when 2×2 (runs stored before binary had one lack it). */
function confusionOf(m: Metrics): ConfusionOf | null {
  if (m.task === "multiclass") return m.confusion.length > 0 ? { task: m.task, confusion: m.confusion } : null;
  if (m.task !== "binary") return null;
  const matrix = m.confusion ?? [];
  return matrix.length === 2 && matrix.every((row) => row.length === 2) ? { task: m.task, confusion: matrix } : null;
}

/** The part the confusion matrix shows: the held-out one (test, else validation, else train) of those with a matrix. */
export function confusionPart(parts: readonly PartOf<Metrics>[]): PartOf<ConfusionOf> | null {
  return heldOut(
    parts.flatMap(({ part, metrics }) => {
      const matrix = confusionOf(metrics);
      return matrix ? [{ part, metrics: matrix }] : [];
    }),
  );
}

/** Each part's colour: test the accent, validation orange, train grey. */
export function partColour(part: PartName, palette: Palette): string {
  return part === "test" ? palette.accent : part === "validation" ? categoryColour(1) : palette.faint;
}

function points(list: readonly Point[]): XyPoint[] {
  return list.flatMap((p) => (p.x !== null && p.y !== null ? [{ x: p.x, y: p.y }] : []));
}

const UNIT: [number, number] = [0, 1];

/** What every chart here shares: numbers in the locale, the plots a little shorter than the panel's others. */
function base(locale: string) {
  const format = (v: number) => formatStat(v, locale);
  return { formatX: format, formatY: format, plotHeight: 220 };
}

function score(v: number | null): string {
  return v === null ? "—" : formatMetric(v);
}

/** ROC curve per part (false-positive against true-positive rate), the chance diagonal, AUC in the legend. */
export function rocChart(parts: readonly PartOf<BinaryMetrics>[], t: TFunction, locale: string, palette: Palette): XyChart {
  return {
    ...base(locale),
    title: t("runs.roc.title"),
    xLabel: t("runs.roc.x"),
    yLabel: t("runs.roc.y"),
    xDomain: UNIT,
    yDomain: UNIT,
    reference: "diagonal",
    series: parts.map(({ part, metrics }) => ({
      label: t("runs.plot.partScore", { part: t(`train.part.${part}`), metric: t("train.metric.auc"), value: score(metrics.auc) }),
      colour: partColour(part, palette),
      points: points(metrics.roc),
      line: true,
      testId: `roc-${part}`,
    })),
  };
}

/** Precision-recall curve per part, average precision in the legend. */
export function prChart(parts: readonly PartOf<BinaryMetrics>[], t: TFunction, locale: string, palette: Palette): XyChart {
  return {
    ...base(locale),
    title: t("runs.pr.title"),
    xLabel: t("runs.pr.x"),
    yLabel: t("runs.pr.y"),
    xDomain: UNIT,
    yDomain: UNIT,
    series: parts.map(({ part, metrics }) => ({
      label: t("runs.plot.partScore", { part: t(`train.part.${part}`), metric: t("runs.pr.ap"), value: score(metrics.prAuc) }),
      colour: partColour(part, palette),
      points: points(metrics.pr),
      line: true,
      testId: `pr-${part}`,
    })),
  };
}

/** Mean predicted probability against the observed share of positives per bin, per part; perfect calibration on the diagonal. */
export function calibrationChart(parts: readonly PartOf<BinaryMetrics>[], t: TFunction, locale: string, palette: Palette): XyChart {
  return {
    ...base(locale),
    title: t("runs.calibration.title"),
    xLabel: t("runs.calibration.x"),
    yLabel: t("runs.calibration.y"),
    xDomain: UNIT,
    yDomain: UNIT,
    reference: "diagonal",
    series: parts.map(({ part, metrics }) => ({
      label: t(`train.part.${part}`),
      colour: partColour(part, palette),
      points: metrics.calibration.flatMap((b) =>
        b.meanPredicted !== null && b.fractionPositive !== null
          ? [
              {
                x: b.meanPredicted,
                y: b.fractionPositive,
                title: t("runs.calibration.bin", {
                  part: t(`train.part.${part}`),
                  predicted: formatPercent(b.meanPredicted, locale),
                  observed: formatPercent(b.fractionPositive, locale),
                  rows: formatCount(b.count, locale),
                }),
              },
            ]
          : [],
      ),
      line: true,
      r: 3,
      testId: `calibration-${part}`,
    })),
  };
}

/** Residual (truth − prediction) against the prediction on one part's sampled rows; zero dashed. */
export function residualsChart(part: PartOf<RegressionMetrics>, t: TFunction, locale: string, palette: Palette): XyChart {
  return {
    ...base(locale),
    title: t("runs.residuals.title", { part: t(`train.part.${part.part}`) }),
    xLabel: t("runs.residuals.x"),
    yLabel: t("runs.residuals.y"),
    reference: "zero",
    series: [{ colour: partColour(part.part, palette), points: points(part.metrics.residuals), r: 2.5 }],
  };
}

/** A plot of how well a model scores. */
export type EvaluationPlot = "roc" | "pr" | "calibration" | "confusion" | "residuals";

/**
 * The plots a run's metrics call for, by task: ROC, PR and calibration (binary), the confusion
 * matrix (classifiers), residuals (regression) — each only with data to draw.
 */
export function plotsFor(metrics: PartMetrics | null): EvaluationPlot[] {
  if (!metrics) return [];
  const parts = partsOf(metrics);
  const binary = partsFor(parts, "binary");
  const regression = heldOut(partsFor(parts, "regression"));
  const plots: EvaluationPlot[] = [];
  if (binary.some((p) => p.metrics.roc.length > 0)) plots.push("roc");
  if (binary.some((p) => p.metrics.pr.length > 0)) plots.push("pr");
  if (binary.some((p) => p.metrics.calibration.length > 0)) plots.push("calibration");
  if (confusionPart(parts)) plots.push("confusion");
  if (regression && regression.metrics.residuals.length > 0) plots.push("residuals");
  return plots;
}
