import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TrainIcon } from "../../components/icons";
import { fractionOf, JobProgress } from "../../components/JobProgress";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useFormatDate, useT, type MessageKey, type TFunction } from "../../i18n";
import {
  api,
  toFailure,
  MODEL_FAMILIES,
  TRAIN_TASKS,
  type ApiFailure,
  type DatasetInfo,
  type Iteration,
  type Metrics,
  type ModelFamily,
  type ModelInfo,
  type TrainOutcome,
  type TrainRequest,
  type TrainTask,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { NotesButton } from "../notes/NotesButton";
import { useTrainStore, type RunState } from "./trainStore";
import { formatCount, formatStat } from "../data/format";

/** The common hyper-parameters offered per family (anything else keeps the backend default). */
export const FAMILY_PARAMS: Record<ModelFamily, readonly { name: string; hint: string }[]> = {
  gbdt: [
    { name: "num_iterations", hint: "100" },
    { name: "learning_rate", hint: "0.1" },
    { name: "num_leaves", hint: "31" },
  ],
  linear: [{ name: "l2", hint: "" }],
  mlp: [
    { name: "hidden", hint: "[64]" },
    { name: "max_epochs", hint: "" },
  ],
};

const MAX_SEED = 4_294_967_295;

/** The form as typed: numbers stay strings until Train. */
export type TrainForm = {
  dataset: string;
  target: string;
  task: TrainTask;
  family: ModelFamily;
  /** Typed values by parameter name (all families; only the chosen family's are sent). */
  params: Record<string, string>;
  seed: string;
  name: string;
};

type Parsed = { ok: true; request: TrainRequest } | { ok: false; problem: MessageKey | null };

/** Checks the form and turns it into a request: only non-empty parameters of the chosen family. */
export function parseTrainForm(form: TrainForm): Parsed {
  if (form.dataset === "") return { ok: false, problem: null };
  if (form.target === "") return { ok: false, problem: "train.invalid.target" };
  let seed: number | null = null;
  if (form.seed.trim() !== "") {
    seed = Number(form.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) return { ok: false, problem: "train.invalid.seed" };
  }
  const params: Record<string, string> = {};
  for (const { name } of FAMILY_PARAMS[form.family]) {
    const value = (form.params[name] ?? "").trim();
    if (value !== "") params[name] = value;
  }
  const name = form.name.trim();
  return {
    ok: true,
    request: {
      dataset: form.dataset,
      target: form.target,
      task: form.task,
      family: form.family,
      params,
      seed,
      ignoreSplit: false,
      name: name === "" ? null : name,
    },
  };
}

type ModelsState = { kind: "loading" } | { kind: "loaded"; models: ModelInfo[] } | { kind: "failed"; error: ApiFailure };

export function TrainPanel() {
  const { t } = useT();
  const { datasets, importState } = useDataStore();
  const list = datasets.kind === "loaded" ? datasets.items : [];
  const { run, startTraining, cancelTraining } = useTrainStore();
  const [models, setModels] = useState<ModelsState>({ kind: "loading" });
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const refreshModels = useCallback(() => {
    api.listModels().then(
      (m) => alive.current && setModels({ kind: "loaded", models: m }),
      (e: unknown) => alive.current && setModels({ kind: "failed", error: toFailure(e) }),
    );
  }, []);

  // On mount, and again when a training finishes (the new model joins the list).
  const finished = run.kind === "done" ? run.outcome : null;
  useEffect(refreshModels, [refreshModels, finished]);

  if (datasets.kind === "loaded" && list.length === 0 && models.kind === "loaded" && models.models.length === 0) {
    return <EmptyState icon={<TrainIcon size={28} />} title={t("train.emptyTitle")} body={t("train.emptyBody")} />;
  }

  return (
    <div className="train-panel">
      <aside className="train-form-column">
        {datasets.kind === "failed" && <ErrorMessage error={datasets.error} />}
        <TrainFormView
          datasets={list}
          busy={run.kind === "running"}
          paused={importState.kind === "running"}
          onTrain={startTraining}
        />
      </aside>
      <section className="train-main">
        {run.kind !== "idle" && <RunView run={run} onCancel={cancelTraining} />}
        <ModelList state={models} />
      </section>
    </div>
  );
}

function TrainFormView({
  datasets,
  busy,
  paused,
  onTrain,
}: {
  datasets: DatasetInfo[];
  busy: boolean;
  paused: boolean;
  onTrain: (request: TrainRequest) => void;
}) {
  const { t } = useT();
  const [form, setForm] = useState<TrainForm>({
    dataset: "",
    target: "",
    task: "auto",
    family: "gbdt",
    params: {},
    seed: "",
    name: "",
  });
  // Follow the dataset list: keep the choice while it exists, else the first (newest) one.
  const datasetId = datasets.some((d) => d.id === form.dataset) ? form.dataset : (datasets[0]?.id ?? "");
  const dataset = datasets.find((d) => d.id === datasetId) ?? null;
  const columns = dataset?.columns ?? [];
  const target = columns.some((c) => c.name === form.target) ? form.target : "";
  const current = { ...form, dataset: datasetId, target };
  const parsed = parseTrainForm(current);

  function update(patch: Partial<TrainForm>) {
    setForm((f) => ({ ...f, ...patch }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (parsed.ok && !busy && !paused) onTrain(parsed.request);
  }

  return (
    <form className="train-form" aria-label={t("train.formTitle")} onSubmit={submit} data-testid="train-form">
      <h2 className="section-title">{t("train.formTitle")}</h2>
      <SelectField label={t("train.dataset")} value={datasetId} onChange={(v) => update({ dataset: v })} testId="train-dataset">
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {t("train.datasetOption", { name: d.name, version: d.version })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("train.target")} value={target} onChange={(v) => update({ target: v })} testId="train-target">
        <option value="" disabled>
          {t("train.targetPlaceholder")}
        </option>
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <div className="train-form-row">
        <SelectField label={t("train.task")} value={form.task} onChange={(v) => update({ task: v as TrainTask })} testId="train-task">
          {TRAIN_TASKS.map((task) => (
            <option key={task} value={task}>
              {t(`train.task.${task}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("train.family")}
          value={form.family}
          onChange={(v) => update({ family: v as ModelFamily })}
          testId="train-family"
        >
          {MODEL_FAMILIES.map((family) => (
            <option key={family} value={family}>
              {t(`train.family.${family}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="train-params">
        <legend>{t("train.params")}</legend>
        {FAMILY_PARAMS[form.family].map(({ name, hint }) => (
          <label className="field" key={name}>
            <span title={name}>{t(`train.param.${name}` as MessageKey)}</span>
            <input
              value={form.params[name] ?? ""}
              onChange={(e) => update({ params: { ...form.params, [name]: e.target.value } })}
              placeholder={hint || t("train.paramDefault")}
              spellCheck={false}
              autoComplete="off"
              data-testid={`train-param-${name}`}
            />
          </label>
        ))}
      </fieldset>
      <div className="train-form-row">
        <TextField
          label={t("train.seed")}
          value={form.seed}
          onChange={(v) => update({ seed: v })}
          inputMode="numeric"
          testId="train-seed"
        />
        <TextField
          label={t("train.name")}
          value={form.name}
          onChange={(v) => update({ name: v })}
          placeholder={t("train.namePlaceholder")}
          spellCheck={false}
          testId="train-name"
        />
      </div>
      {!parsed.ok && parsed.problem && dataset && (
        <p className="train-invalid" data-testid="train-invalid">
          {t(parsed.problem)}
        </p>
      )}
      {paused && <p className="muted small">{t("train.paused")}</p>}
      <div className="train-actions">
        <button type="submit" className="button primary" disabled={!parsed.ok || busy || paused} data-testid="train-submit">
          {busy ? t("train.training") : t("train.submit")}
        </button>
      </div>
    </form>
  );
}

function RunView({ run, onCancel }: { run: Exclude<RunState, { kind: "idle" }>; onCancel: () => void }) {
  const { t } = useT();
  const last = run.iterations[run.iterations.length - 1] ?? null;
  return (
    <div className="train-run" data-testid="train-run">
      {run.kind === "running" && <Progress last={last} cancelling={run.cancelling} onCancel={onCancel} />}
      {run.kind === "failed" && (
        <div data-testid="train-error">
          <ErrorMessage error={run.error} />
        </div>
      )}
      {run.kind === "cancelled" && (
        <p className="muted" data-testid="train-cancelled">
          {t("train.cancelled")}
        </p>
      )}
      {run.kind === "done" && <ResultCard outcome={run.outcome} />}
      {run.iterations.length > 0 && <LearningCurve iterations={run.iterations} />}
    </div>
  );
}

function Progress({ last, cancelling, onCancel }: { last: Iteration | null; cancelling: boolean; onCancel: () => void }) {
  const { t, locale } = useT();
  const label = last
    ? t("train.progress", { iteration: formatCount(last.iteration, locale), total: formatCount(last.total, locale) })
    : t("train.starting");
  return (
    <JobProgress
      testId="train"
      label={label}
      fraction={last ? fractionOf(last.iteration, last.total) : null}
      cancelling={cancelling}
      onCancel={onCancel}
      cancelText={t("train.cancel")}
      cancellingText={t("train.cancelling")}
      extra={
        last &&
        last.metricValue !== null && (
          <span className="badge" data-testid="train-metric">
            {t("train.metric", { metric: last.metric, value: formatMetric(last.metricValue) })}
          </span>
        )
      }
    />
  );
}

/** A metric as the live badge shows it: four decimals ("0.9123"), exponent when tiny or huge. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return value.toExponential(3);
  return value.toFixed(4);
}

const CHART_W = 480;
const CHART_H = 160;
const PAD = { left: 44, right: 8, top: 8, bottom: 18 };

/** Train and validation loss over the iterations, as two polylines in an SVG. */
export function LearningCurve({ iterations }: { iterations: Iteration[] }) {
  const { t, locale } = useT();
  const total = Math.max(1, ...iterations.map((i) => Math.max(i.total, i.iteration)));
  const losses = iterations.flatMap((i) => [i.trainLoss, i.validLoss]).filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = losses.length ? Math.min(...losses) : 0;
  const hi = losses.length ? Math.max(...losses) : 1;
  const span = hi - lo || Math.abs(hi) || 1;
  const x = (n: number) => PAD.left + ((n - 1) / Math.max(1, total - 1)) * (CHART_W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / span) * (CHART_H - PAD.top - PAD.bottom);
  const line = (pick: (i: Iteration) => number | null) =>
    iterations
      .map((i) => [i.iteration, pick(i)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]))
      .map(([n, v]) => `${x(n).toFixed(1)},${y(v).toFixed(1)}`)
      .join(" ");
  const train = line((i) => i.trainLoss);
  const valid = line((i) => i.validLoss);

  return (
    <figure className="learning-curve" data-testid="learning-curve">
      <figcaption className="section-title">{t("train.curve")}</figcaption>
      <svg
        viewBox={`0 0 ${CHART_W} ${CHART_H}`}
        role="img"
        aria-label={t("train.curveTitle", { total: formatCount(total, locale) })}
        preserveAspectRatio="none"
      >
        <line className="curve-axis" x1={PAD.left} y1={CHART_H - PAD.bottom} x2={CHART_W - PAD.right} y2={CHART_H - PAD.bottom} />
        <line className="curve-axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={CHART_H - PAD.bottom} />
        <text className="curve-tick" x={PAD.left - 4} y={PAD.top + 8} textAnchor="end">
          {formatStat(hi, locale)}
        </text>
        <text className="curve-tick" x={PAD.left - 4} y={CHART_H - PAD.bottom} textAnchor="end">
          {formatStat(lo, locale)}
        </text>
        <text className="curve-tick" x={PAD.left} y={CHART_H - 4}>
          1
        </text>
        <text className="curve-tick" x={CHART_W - PAD.right} y={CHART_H - 4} textAnchor="end">
          {formatCount(total, locale)}
        </text>
        {train && <polyline className="curve-train" points={train} data-testid="curve-train" />}
        {valid && <polyline className="curve-valid" points={valid} data-testid="curve-valid" />}
      </svg>
      <ul className="curve-legend">
        <li>
          <span className="curve-swatch curve-train-swatch" aria-hidden="true" />
          {t("train.curveTrain")}
        </li>
        {valid && (
          <li>
            <span className="curve-swatch curve-valid-swatch" aria-hidden="true" />
            {t("train.curveValid")}
          </li>
        )}
      </ul>
    </figure>
  );
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

function ResultCard({ outcome }: { outcome: TrainOutcome }) {
  const { t, locale } = useT();
  const parts = (["train", "validation", "test"] as const)
    .map((part) => ({ part, metrics: outcome.metrics[part] }))
    .filter((p): p is { part: "train" | "validation" | "test"; metrics: Metrics } => p.metrics !== null);
  const columns = parts[0] ? headline(parts[0].metrics).map((m) => m.key) : [];
  const rows = [0, 1, 2].map((i) => formatCount(outcome.rows[i] ?? 0, locale)).join(" / ");
  const iterations =
    outcome.bestIteration !== null && outcome.bestIteration !== outcome.iterations
      ? t("train.resultIterationsBest", {
          iterations: formatCount(outcome.iterations, locale),
          best: formatCount(outcome.bestIteration, locale),
        })
      : formatCount(outcome.iterations, locale);
  const seconds = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(outcome.trainMs / 1000);

  return (
    <div className="train-result" data-testid="train-result" title={outcome.runId}>
      <div className="train-result-title">
        <h2>{t("train.result", { name: outcome.model })}</h2>
        <NotesButton entityKind="run" entity={outcome.runId} title={outcome.model} label={t("train.runNotes")} testId="run-notes" />
      </div>
      <dl className="train-result-meta">
        <Meta label={t("train.resultTask")} value={t(`train.task.${outcome.task}`)} />
        <Meta label={t("train.resultFamily")} value={familyLabel(outcome.family, t)} />
        <Meta label={t("train.resultRows")} value={rows} testId="result-rows" />
        <Meta label={t("train.resultIterations")} value={iterations} testId="result-iterations" />
        <Meta label={t("train.resultTime")} value={t("train.seconds", { value: seconds })} />
        <Meta label={t("train.resultFeatures")} value={formatCount(outcome.features.length, locale)} />
      </dl>
      {parts.length > 0 && (
        <table className="metrics-table" data-testid="metrics-table">
          <thead>
            <tr>
              <th scope="col">{t("train.part")}</th>
              {columns.map((key) => (
                <th scope="col" key={key}>
                  {t(`train.metric.${key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {parts.map(({ part, metrics }) => (
              <tr key={part} data-testid={`metrics-${part}`}>
                <th scope="row">{t(`train.part.${part}`)}</th>
                {headline(metrics).map(({ key, value }) => (
                  <td key={key}>{value === null ? "—" : formatMetric(value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function familyLabel(family: string, t: TFunction): string {
  return (MODEL_FAMILIES as readonly string[]).includes(family) ? t(`train.family.${family as ModelFamily}`) : family;
}

function taskLabel(task: string, t: TFunction): string {
  return (TRAIN_TASKS as readonly string[]).includes(task) ? t(`train.task.${task as TrainTask}`) : task;
}

export function Meta({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={value} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function ModelList({ state }: { state: ModelsState }) {
  const { t } = useT();
  const formatDate = useFormatDate();
  return (
    <section className="model-list" aria-label={t("train.models")}>
      <h2 className="section-title">{t("train.models")}</h2>
      {state.kind === "loading" && <p className="muted small">{t("train.modelsLoading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && state.models.length === 0 && <p className="muted small">{t("train.modelsEmpty")}</p>}
      {state.kind === "loaded" && state.models.length > 0 && (
        <table className="model-table" data-testid="model-table">
          <thead>
            <tr>
              <th scope="col">{t("train.col.name")}</th>
              <th scope="col">{t("train.col.family")}</th>
              <th scope="col">{t("train.col.task")}</th>
              <th scope="col">{t("train.col.target")}</th>
              <th scope="col">{t("train.col.dataset")}</th>
              <th scope="col">{t("train.col.created")}</th>
              <th scope="col">{t("train.col.notes")}</th>
            </tr>
          </thead>
          <tbody>
            {state.models.map((m) => (
              <tr key={m.id} data-testid="model-row" title={m.id}>
                <td className="model-name">{m.name}</td>
                <td>{familyLabel(m.summary.family, t)}</td>
                <td>{taskLabel(m.summary.task, t)}</td>
                <td>{m.summary.target}</td>
                <td>{m.summary.dataset}</td>
                <td>{formatDate(m.createdAt)}</td>
                <td className="model-notes-cell">
                  <NotesButton entityKind="model" entity={m.name} title={m.name} testId="model-row-notes" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
