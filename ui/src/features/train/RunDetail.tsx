// One run in full (a click in the leaderboard): what it was, its tags (edited here), its metrics
// per part, the plots its task calls for (ROC, PR and calibration; confusion matrix; residuals)
// and its loss curve.
import { useCallback, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Meta } from "../../components/Meta";
import type { Palette } from "../../components/plots/palette";
import { ExportProvider } from "../../components/plots/PlotFrame";
import { XyPlot } from "../../components/plots/XyPlot";
import { TagList } from "../../components/TagList";
import { TextField } from "../../components/TextField";
import { useAction } from "../../components/useAction";
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT } from "../../i18n";
import { api, type ModelInfo, type RunDetail, type RunSummary } from "../../lib/api";
import { familyLabel, taskLabel } from "../models/labels";
import { NotesButton } from "../notes/NotesButton";
import { ConfusionPlot } from "./ConfusionPlot";
import { MetricCards } from "./MetricsView";
import {
  calibrationChart,
  confusionPart,
  heldOut,
  partsFor,
  partsOf,
  plotsFor,
  prChart,
  residualsChart,
  rocChart,
} from "./plots/evaluation";
import { parseRunTags, runLabel, statusLabel } from "./runs";
import { LearningCurve } from "./LearningCurve";

/**
 * The run `id`, loaded; `models` name the classes of the model it stored. `onLabelled` gets the run
 * as the backend answered a change of its tags.
 */
export function RunDetailView({
  id,
  models,
  onLabelled,
  onClose,
}: {
  id: string;
  models: ModelInfo[];
  onLabelled: (run: RunSummary) => void;
  onClose: () => void;
}) {
  const { t } = useT();
  const load = useCallback(() => api.runDetail(id), [id]);
  const { state, update } = useLoaded(load);
  function labelled(summary: RunSummary) {
    update((detail) => ({ ...detail, summary }));
    onLabelled(summary);
  }
  return (
    <section className="train-run run-detail" data-testid="run-detail" aria-label={t("runs.detail")}>
      {state.kind === "loading" && <p className="muted small">{t("runs.detailLoading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && <RunDetailBody detail={state.value} models={models} onLabelled={labelled} onClose={onClose} />}
      {state.kind !== "loaded" && (
        <button type="button" className="button small-button" onClick={onClose} data-testid="run-detail-close">
          {t("runs.close")}
        </button>
      )}
    </section>
  );
}

function RunDetailBody({
  detail,
  models,
  onLabelled,
  onClose,
}: {
  detail: RunDetail;
  models: ModelInfo[];
  onLabelled: (run: RunSummary) => void;
  onClose: () => void;
}) {
  const { t, locale } = useT();
  const formatDate = useFormatDate();
  const { summary, metrics } = detail;
  const label = runLabel(summary, t);
  const classes = models.find((m) => m.name === summary.model)?.summary.classes ?? [];
  const plots = plotsFor(metrics);
  const parts = metrics ? partsOf(metrics) : [];
  const binary = partsFor(parts, "binary");
  const confusion = confusionPart(parts);
  const regression = heldOut(partsFor(parts, "regression"));
  const roc = useCallback((p: Palette) => rocChart(binary, t, locale, p), [binary, t, locale]);
  const pr = useCallback((p: Palette) => prChart(binary, t, locale, p), [binary, t, locale]);
  const calibration = useCallback((p: Palette) => calibrationChart(binary, t, locale, p), [binary, t, locale]);
  const residuals = useCallback((p: Palette) => residualsChart(regression!, t, locale, p), [regression, t, locale]);
  const params = Object.entries(summary.params);

  return (
    <>
      <div className="train-result-title">
        <h2 data-testid="run-detail-name">{label}</h2>
        <NotesButton entityKind="run" entity={summary.id} title={label} label={t("train.runNotes")} testId="run-detail-notes" />
        <button type="button" className="button small-button" onClick={onClose} data-testid="run-detail-close">
          {t("runs.close")}
        </button>
      </div>
      <dl className="train-result-meta">
        <Meta label={t("train.col.dataset")} value={summary.dataset} />
        <Meta label={t("train.col.target")} value={summary.target} />
        <Meta label={t("train.resultTask")} value={taskLabel(summary.task, t)} />
        <Meta label={t("train.resultFamily")} value={familyLabel(summary.family, t)} />
        <Meta label={t("runs.started")} value={formatDate(summary.createdAt)} />
        <Meta label={t("runs.col.status")} value={statusLabel(summary.status, t)} testId="run-detail-status" />
        {detail.codeVersion !== null && <Meta label={t("runs.codeVersion")} value={detail.codeVersion} />}
      </dl>
      <RunTagsEditor run={summary} onSaved={onLabelled} />
      {summary.error && (
        <p className="runs-error" data-testid="run-detail-error">
          {summary.error}
        </p>
      )}
      {params.length > 0 && (
        <dl className="run-params" data-testid="run-detail-params" aria-label={t("train.params")}>
          {params.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {metrics && <MetricCards metrics={metrics} />}
      {!metrics && summary.cvMean !== null && <p className="muted small">{t("runs.trialOnly")}</p>}
      <ExportProvider name={summary.model ?? label} scope="run">
        <div className="run-plots">
          {plots.includes("roc") && <XyPlot plot="roc" title={t("runs.roc")} chart={roc} testId="run-roc" />}
          {plots.includes("pr") && <XyPlot plot="pr" title={t("runs.pr")} chart={pr} testId="run-pr" />}
          {plots.includes("calibration") && (
            <XyPlot
              plot="calibration"
              title={t("runs.calibration")}
              chart={calibration}
              testId="run-calibration"
              hint={t("runs.calibration.hint")}
            />
          )}
          {plots.includes("confusion") && confusion && <ConfusionPlot run={summary.id} part={confusion} classes={classes} />}
          {plots.includes("residuals") && <XyPlot plot="residuals" title={t("runs.residuals")} chart={residuals} testId="run-residuals" />}
        </div>
        {detail.curve.length > 0 && <LearningCurve iterations={detail.curve} testId="run-curve" />}
      </ExportProvider>
    </>
  );
}

/** The run's tags as chips, and a field to retype them (comma-separated); the backend's refusal shows in place. */
function RunTagsEditor({ run, onSaved }: { run: RunSummary; onSaved: (run: RunSummary) => void }) {
  const { t } = useT();
  const [text, setText] = useState(run.tags.join(", "));
  const save = useAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    void save.run(async () => {
      const saved = await api.labelRun(run.id, null, parseRunTags(text));
      setText(saved.tags.join(", "));
      onSaved(saved);
    });
  }

  return (
    <form className="run-tags" onSubmit={submit} aria-label={t("runs.tags")} data-testid="run-tags">
      <div className="run-tags-row">
        <TextField
          label={t("runs.tags")}
          value={text}
          onChange={setText}
          placeholder={t("runs.tags.placeholder")}
          spellCheck={false}
          testId="run-tags-input"
        />
        <button type="submit" className="button small-button" disabled={save.busy} data-testid="run-tags-save">
          {t("runs.tags.save")}
        </button>
      </div>
      {run.tags.length > 0 && <TagList tags={run.tags} testId="run-detail-tags" />}
      {save.error && <ErrorMessage error={save.error} />}
    </form>
  );
}
