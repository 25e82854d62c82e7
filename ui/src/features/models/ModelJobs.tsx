// What can be done with a stored model: score it on a dataset, predict a file, time it.
import { useState, type FormEvent } from "react";
import { PathField } from "../../components/PathField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { CheckIcon, WarningIcon } from "../../components/icons";
import { fractionOf, JobProgress } from "../../components/JobProgress";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useAlive } from "../../components/useAlive";
import { useT } from "../../i18n";
import {
  api,
  toFailure,
  EVALUATION_PARTS,
  type ApiFailure,
  type EvaluationInfo,
  type EvaluationPart,
  type ImportProgress,
  type LatencyReport,
  type ModelInfo,
  type PredictSummary,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { formatBytes, formatCount, formatStat } from "../data/format";
import { formatMetric, headline } from "../train/metrics";
import { datasetRef, partLabel } from "./labels";

/** Batch sizes "Measure latency" times. */
export const LATENCY_BATCHES = [1, 32, 1024];

type EvaluateState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; evaluation: EvaluationInfo }
  | { kind: "failed"; error: ApiFailure };

/** Scores the model on a dataset: the headline metrics of the part chosen. */
export function EvaluateSection({ model }: { model: ModelInfo }) {
  const { t, locale } = useT();
  const { datasets } = useDataStore();
  const list = datasets.kind === "loaded" ? datasets.items : [];
  const [chosen, setChosen] = useState("");
  const [part, setPart] = useState<EvaluationPart | "auto">("auto");
  const [state, setState] = useState<EvaluateState>({ kind: "idle" });
  const alive = useAlive();

  const options = list.map((d) => ({ value: datasetRef(d), label: t("train.datasetOption", { name: d.name, version: d.version }) }));
  const own = model.summary.dataset;
  if (own !== "" && !options.some((o) => o.value === own)) options.unshift({ value: own, label: own });
  const dataset = chosen !== "" && options.some((o) => o.value === chosen) ? chosen : own || (options[0]?.value ?? "");

  function submit(e: FormEvent) {
    e.preventDefault();
    if (dataset === "" || state.kind === "running") return;
    setState({ kind: "running" });
    api.evaluateModel(model.id, dataset, part === "auto" ? null : part, null).then(
      (evaluation) => alive.current && setState({ kind: "done", evaluation }),
      (err: unknown) => alive.current && setState({ kind: "failed", error: toFailure(err) }),
    );
  }

  const result = state.kind === "done" ? state.evaluation : null;
  const metrics = result ? headline(result.metrics) : [];
  return (
    <section className="models-section" aria-label={t("models.evaluate")} data-testid="model-evaluate">
      <h2 className="section-title">{t("models.evaluate")}</h2>
      <form className="models-form models-form-inline" aria-label={t("models.evaluate")} onSubmit={submit}>
        <SelectField label={t("models.evaluate.dataset")} value={dataset} onChange={setChosen} testId="evaluate-dataset">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("models.evaluate.part")}
          value={part}
          onChange={(v) => setPart(v as EvaluationPart | "auto")}
          testId="evaluate-part"
        >
          <option value="auto">{t("models.part.auto")}</option>
          {EVALUATION_PARTS.map((p) => (
            <option key={p} value={p}>
              {t(`models.part.${p}`)}
            </option>
          ))}
        </SelectField>
        <button
          type="submit"
          className="button primary"
          disabled={dataset === "" || state.kind === "running"}
          data-testid="evaluate-submit"
        >
          {state.kind === "running" ? t("models.evaluate.running") : t("models.evaluate.submit")}
        </button>
      </form>
      {options.length === 0 && <p className="muted small">{t("models.evaluate.noDataset")}</p>}
      {state.kind === "failed" && (
        <div data-testid="evaluate-error">
          <ErrorMessage error={state.error} />
        </div>
      )}
      {result && (
        <div className="models-result" data-testid="evaluate-result">
          <p className="muted small" data-testid="evaluate-summary">
            {t("models.evaluate.summary", {
              dataset: result.dataset,
              part: partLabel(result.part, t),
              rows: formatCount(result.rows, locale),
              target: result.target,
            })}
          </p>
          <table className="metrics-table" data-testid="evaluate-metrics">
            <thead>
              <tr>
                <th scope="col">{t("train.part")}</th>
                {metrics.map(({ key }) => (
                  <th scope="col" key={key}>
                    {t(`train.metric.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{partLabel(result.part, t)}</th>
                {metrics.map(({ key, value }) => (
                  <td key={key}>{value === null ? "—" : formatMetric(value)}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type PredictState =
  | { kind: "idle" }
  | { kind: "running"; progress: ImportProgress | null; cancelling: boolean }
  | { kind: "done"; summary: PredictSummary }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "cancelled" };

/** Predicts a data file and writes it with the prediction columns added. */
export function PredictSection({ model }: { model: ModelInfo }) {
  const { t, locale } = useT();
  const [input, setInput] = useState("");
  const [output, setOutput] = useState("");
  const [overwrite, setOverwrite] = useState(false);
  const [state, setState] = useState<PredictState>({ kind: "idle" });
  const [pickError, setPickError] = useState<unknown>(null);
  const alive = useAlive();
  const busy = state.kind === "running";
  const ready = input.trim() !== "" && output.trim() !== "";

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready || busy) return;
    setState({ kind: "running", progress: null, cancelling: false });
    const onProgress = (progress: ImportProgress) =>
      alive.current && setState((s) => (s.kind === "running" ? { ...s, progress } : s));
    api.predictFile(model.id, input.trim(), output.trim(), overwrite, onProgress).then(
      (summary) => alive.current && setState({ kind: "done", summary }),
      (err: unknown) => {
        if (!alive.current) return;
        const error = toFailure(err);
        setState(error.code === "cancelled" ? { kind: "cancelled" } : { kind: "failed", error });
      },
    );
  }

  async function cancel() {
    setState((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The prediction's own result reports what happened.
    }
  }

  return (
    <section className="models-section" aria-label={t("models.predict")} data-testid="model-predict">
      <h2 className="section-title">{t("models.predict")}</h2>
      <form className="models-form" aria-label={t("models.predict")} onSubmit={submit}>
        <div className="models-form-row">
          <PathField
            label={t("models.predict.input")}
            value={input}
            onChange={setInput}
            placeholder={t("models.predict.inputPlaceholder")}
            testId="predict-input"
            kind="data_file"
            browseTitle={t("models.predict.browseTitle")}
            onError={setPickError}
            disabled={busy}
            browseTestId="predict-browse"
          />
          <TextField
            label={t("models.predict.output")}
            value={output}
            onChange={setOutput}
            placeholder={t("models.predict.outputPlaceholder")}
            spellCheck={false}
            testId="predict-output"
          />
        </div>
        <div className="models-actions">
          <label className="models-check">
            <input
              type="checkbox"
              checked={overwrite}
              onChange={(e) => setOverwrite(e.target.checked)}
              data-testid="predict-overwrite"
            />
            <span>{t("models.predict.overwrite")}</span>
          </label>
          <button type="submit" className="button primary" disabled={!ready || busy} data-testid="predict-submit">
            {busy ? t("models.predict.running") : t("models.predict.submit")}
          </button>
        </div>
      </form>
      {pickError !== null && <ErrorMessage error={pickError} />}
      {state.kind === "running" && <PredictProgress progress={state.progress} cancelling={state.cancelling} onCancel={cancel} />}
      {state.kind === "failed" && (
        <div data-testid="predict-error">
          <ErrorMessage error={state.error} />
        </div>
      )}
      {state.kind === "cancelled" && (
        <p className="muted small" data-testid="predict-cancelled">
          {t("models.predict.cancelled")}
        </p>
      )}
      {state.kind === "done" && (
        <div className="import-status import-done" role="status" data-testid="predict-summary">
          <CheckIcon size={15} />
          <div className="import-status-body">
            <div className="import-status-title">
              {t("models.predict.done", { rows: formatCount(state.summary.rows, locale), out: state.summary.out })}
            </div>
            <div className="muted small">{t("models.predict.added", { columns: state.summary.addedColumns.join(", ") })}</div>
          </div>
        </div>
      )}
    </section>
  );
}

function PredictProgress({
  progress,
  cancelling,
  onCancel,
}: {
  progress: ImportProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t, locale } = useT();
  const label = !progress
    ? t("models.predict.starting")
    : progress.total
      ? t("models.predict.progress", {
          done: formatBytes(progress.done, t, locale),
          total: formatBytes(progress.total, t, locale),
          rows: formatCount(progress.rows, locale),
        })
      : t("models.predict.progressOpen", { done: formatBytes(progress.done, t, locale), rows: formatCount(progress.rows, locale) });
  return (
    <JobProgress
      testId="predict"
      label={label}
      fraction={progress ? fractionOf(progress.done, progress.total) : null}
      cancelling={cancelling}
      onCancel={onCancel}
      cancelText={t("models.predict.cancel")}
      cancellingText={t("models.predict.cancelling")}
    />
  );
}

type LatencyState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; report: LatencyReport }
  | { kind: "failed"; error: ApiFailure };

/** p50/p99 call time and throughput at a few batch sizes, on the provider sessions use. */
export function LatencySection({ model }: { model: ModelInfo }) {
  const { t, locale } = useT();
  const [state, setState] = useState<LatencyState>({ kind: "idle" });
  const alive = useAlive();

  function measure() {
    setState({ kind: "running" });
    api.benchModel(model.id, LATENCY_BATCHES).then(
      (report) => alive.current && setState({ kind: "done", report }),
      (err: unknown) => alive.current && setState({ kind: "failed", error: toFailure(err) }),
    );
  }

  const report = state.kind === "done" ? state.report : null;
  return (
    <section className="models-section" aria-label={t("models.latency")} data-testid="model-latency">
      <h2 className="section-title">{t("models.latency")}</h2>
      <div className="models-inline-actions">
        <button
          type="button"
          className="button"
          onClick={measure}
          disabled={state.kind === "running"}
          data-testid="latency-submit"
        >
          {state.kind === "running" ? t("models.latency.running") : t("models.latency.submit")}
        </button>
        <span className="muted small">{t("models.latency.hint")}</span>
      </div>
      {state.kind === "failed" && (
        <div data-testid="latency-error">
          <ErrorMessage error={state.error} />
        </div>
      )}
      {report && (
        <div className="models-result" data-testid="latency-result">
          <p className="muted small" data-testid="latency-provider">
            {t("models.latency.provider", { provider: t(`provider.${report.provider.active}`) })}
          </p>
          {report.provider.fallbackReason && (
            <p className="models-warning">
              <WarningIcon size={13} />
              <span>
                {t("models.fallback", { requested: t(`provider.${report.provider.requested}`), reason: report.provider.fallbackReason })}
              </span>
            </p>
          )}
          <table className="metrics-table" data-testid="latency-table">
            <thead>
              <tr>
                <th scope="col">{t("models.latency.batch")}</th>
                <th scope="col">{t("models.latency.p50")}</th>
                <th scope="col">{t("models.latency.p99")}</th>
                <th scope="col">{t("models.latency.throughput")}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.batch} data-testid="latency-row" title={t("models.latency.runs", { count: formatCount(row.runs, locale) })}>
                  <th scope="row">{formatCount(row.batch, locale)}</th>
                  <td>{formatStat(row.p50Ms, locale)}</td>
                  <td>{formatStat(row.p99Ms, locale)}</td>
                  <td>{row.rowsPerSecond === null ? "—" : formatCount(row.rowsPerSecond, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
