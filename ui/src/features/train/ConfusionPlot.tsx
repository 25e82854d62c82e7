// A classifier run's confusion matrix on one part. A click on a cell (or Enter/Space on it) finds
// the rows behind it and shows them in the Data panel.
import { useMemo } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PlotFrame } from "../../components/plots/PlotFrame";
import type { Hit } from "../../components/plots/scene";
import { SceneSvg } from "../../components/plots/SceneSvg";
import { usePalette } from "../../components/plots/usePalette";
import { useAction } from "../../components/useAction";
import { useT, type TFunction } from "../../i18n";
import { api, ApiFailure } from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { findVersion } from "../data/rowSubset";
import { confusionLayout, confusionScene } from "./plots/confusion";
import type { ConfusionOf, PartOf } from "./plots/evaluation";

/**
 * The class names of a matrix of `n` classes: the model's `classes` when it names them all; else a
 * binary model's negative and positive class, or (multiclass) as many of `classes` as there are,
 * the others by number.
 */
export function confusionLabels(classes: readonly string[], n: number, task: ConfusionOf["task"], t: TFunction): string[] {
  if (classes.length >= n) return classes.slice(0, n);
  if (task === "binary") return [t("runs.confusion.negative"), t("runs.confusion.positive")];
  return [...classes];
}

/** The matrix of run `run` on `part`; `classes`: the class names of the model it stored. */
export function ConfusionPlot({ run, part, classes }: { run: string; part: PartOf<ConfusionOf>; classes: readonly string[] }) {
  const { t, locale } = useT();
  const palette = usePalette();
  const { showRows } = useDataStore();
  const lookup = useAction();
  const partName = t(`train.part.${part.part}`);
  const { confusion, task } = part.metrics;
  const labels = useMemo(() => confusionLabels(classes, confusion.length, task, t), [classes, confusion.length, task, t]);
  const layout = useMemo(() => confusionLayout(confusion, labels), [confusion, labels]);
  const scene = useMemo(() => confusionScene(layout, t, locale, palette, partName, true), [layout, t, locale, palette, partName]);

  function pick(hit: Hit) {
    const { row: actual, column: predicted } = hit;
    if (actual === undefined || predicted === undefined || lookup.busy) return;
    void lookup.run(async () => {
      const found = await api.confusionRows(run, part.part, actual, predicted);
      const dataset = await findVersion(found.dataset);
      if (!dataset) throw new ApiFailure("not_found", t("runs.confusion.noDataset", { dataset: found.dataset }));
      showRows({ dataset, rows: found.rows, origin: { run, part: part.part, actual: found.actual, predicted: found.predicted } });
    });
  }

  return (
    <PlotFrame
      plot="confusion"
      title={t("runs.confusion")}
      testId="run-confusion"
      build={(p) => confusionScene(layout, t, locale, p, partName)}
      hint={t("runs.confusion.hint")}
    >
      <SceneSvg scene={scene} testId="confusion-heatmap" onPick={pick} />
      {lookup.busy && (
        <p className="muted small" role="status" data-testid="confusion-rows-loading">
          {t("runs.confusion.loadingRows")}
        </p>
      )}
      {lookup.error && (
        <div data-testid="confusion-rows-error">
          <ErrorMessage error={lookup.error} />
        </div>
      )}
    </PlotFrame>
  );
}
