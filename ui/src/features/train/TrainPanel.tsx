import { useCallback, useEffect, useState, type FormEvent } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TrainIcon } from "../../components/icons";
import { fractionOf, JobProgress } from "../../components/JobProgress";
import { Meta } from "../../components/Meta";
import { ExportProvider } from "../../components/plots/PlotFrame";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useAlive } from "../../components/useAlive";
import { useFormatDate, useT, type MessageKey } from "../../i18n";
import {
  api,
  toFailure,
  MODEL_FAMILIES,
  TRAIN_TASKS,
  type ApiFailure,
  type DatasetInfo,
  type Iteration,
  type ModelFamily,
  type ModelInfo,
  type TrainOutcome,
  type TrainRequest,
  type TrainTask,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { formatCount } from "../data/format";
import { familyLabel, taskLabel } from "../models/labels";
import { NotesButton } from "../notes/NotesButton";
import { formatMetric } from "./metrics";
import { MetricsTable } from "./MetricsView";
import { LearningCurve } from "./LearningCurve";
import { RunsSection } from "./RunsSection";
import { SearchFormView, SearchView } from "./Search";
import { endedId, useTrainStore, type RunState } from "./trainStore";

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
      folds: null,
      name: name === "" ? null : name,
    },
  };
}

type ModelsState = { kind: "loading" } | { kind: "loaded"; models: ModelInfo[] } | { kind: "failed"; error: ApiFailure };

/** The form as typed, following the dataset list: the dataset, its columns, the form as it stands and as a request. */
export type TrainFormState = {
  form: TrainForm;
  update: (patch: Partial<TrainForm>) => void;
  dataset: DatasetInfo | null;
  /** The form with the dataset and target it can have (the first dataset; no target that is not a column). */
  current: TrainForm;
  parsed: Parsed;
};

function useTrainForm(datasets: DatasetInfo[]): TrainFormState {
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
  const update = useCallback((patch: Partial<TrainForm>) => setForm((f) => ({ ...f, ...patch })), []);
  return { form, update, dataset, current, parsed: parseTrainForm(current) };
}

export function TrainPanel() {
  const { t } = useT();
  const { datasets, importState } = useDataStore();
  const list = datasets.kind === "loaded" ? datasets.items : [];
  const { run, startTraining, cancelTraining, search, startSearch, cancelSearch } = useTrainStore();
  const [models, setModels] = useState<ModelsState>({ kind: "loading" });
  const alive = useAlive();
  const trainForm = useTrainForm(list);
  const busy = run.kind === "running" || search.kind === "running";
  const paused = importState.kind === "running";

  const refreshModels = useCallback(() => {
    api.listModels().then(
      (m) => alive.current && setModels({ kind: "loaded", models: m }),
      (e: unknown) => alive.current && setModels({ kind: "failed", error: toFailure(e) }),
    );
  }, [alive]);

  // On mount, and again when a training or a search finishes (the new model joins the list).
  const trained = run.kind === "done" ? run.outcome : null;
  const searched = search.kind === "done" ? search.outcome : null;
  useEffect(refreshModels, [refreshModels, trained, searched]);

  if (datasets.kind === "loaded" && list.length === 0 && models.kind === "loaded" && models.models.length === 0) {
    return <EmptyState icon={<TrainIcon size={28} />} title={t("train.emptyTitle")} body={t("train.emptyBody")} />;
  }

  return (
    <div className="train-panel">
      <aside className="train-form-column">
        {datasets.kind === "failed" && <ErrorMessage error={datasets.error} />}
        <TrainFormView
          datasets={list}
          state={trainForm}
          busy={busy}
          training={run.kind === "running"}
          paused={paused}
          onTrain={startTraining}
        />
        <SearchFormView
          form={trainForm.current}
          ready={trainForm.dataset !== null}
          busy={busy}
          paused={paused}
          onSearch={startSearch}
        />
      </aside>
      <section className="train-main">
        {run.kind !== "idle" && <RunView run={run} onCancel={cancelTraining} />}
        {search.kind !== "idle" && <SearchView search={search} onCancel={cancelSearch} />}
        <RunsSection
          dataset={trainForm.dataset?.name ?? null}
          refresh={`${endedId(run)}:${endedId(search)}`}
          models={models.kind === "loaded" ? models.models : []}
        />
        <ModelList state={models} />
      </section>
    </div>
  );
}

function TrainFormView({
  datasets,
  state,
  busy,
  training,
  paused,
  onTrain,
}: {
  datasets: DatasetInfo[];
  state: TrainFormState;
  /** A training or a search runs. */
  busy: boolean;
  training: boolean;
  paused: boolean;
  onTrain: (request: TrainRequest) => void;
}) {
  const { t } = useT();
  const { form, update, dataset, current, parsed } = state;
  const columns = dataset?.columns ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (parsed.ok && !busy && !paused) onTrain(parsed.request);
  }

  return (
    <form className="train-form" aria-label={t("train.formTitle")} onSubmit={submit} data-testid="train-form">
      <h2 className="section-title">{t("train.formTitle")}</h2>
      <SelectField label={t("train.dataset")} value={current.dataset} onChange={(v) => update({ dataset: v })} testId="train-dataset">
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {t("train.datasetOption", { name: d.name, version: d.version })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("train.target")} value={current.target} onChange={(v) => update({ target: v })} testId="train-target">
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
          {training ? t("train.training") : t("train.submit")}
        </button>
      </div>
    </form>
  );
}

function RunView({ run, onCancel }: { run: Exclude<RunState, { kind: "idle" }>; onCancel: () => void }) {
  const { t } = useT();
  const iterations = run.progress;
  const last = iterations[iterations.length - 1] ?? null;
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
      {iterations.length > 0 && (
        <ExportProvider name={run.kind === "done" ? run.outcome.model : "training"} scope="train">
          <LearningCurve iterations={iterations} />
        </ExportProvider>
      )}
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

function ResultCard({ outcome }: { outcome: TrainOutcome }) {
  const { t, locale } = useT();
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
      <MetricsTable metrics={outcome.metrics} />
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
