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
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT, type MessageKey } from "../../i18n";
import {
  api,
  toFailure,
  MAX_QUEUE_CONCURRENCY,
  MODEL_FAMILIES,
  TRAIN_TASKS,
  type ApiFailure,
  type DatasetInfo,
  type ModelFamily,
  type ModelInfo,
  type RunDetail,
  type TrainRequest,
  type TrainTask,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { formatCount } from "../data/format";
import { datasetRef, familyLabel, taskLabel } from "../models/labels";
import { NotesButton } from "../notes/NotesButton";
import { FAMILY_PARAMS } from "./familyParams";
import { formatMetric } from "./metrics";
import { MetricsTable } from "./MetricsView";
import { LearningCurve, type CurvePoints } from "./LearningCurve";
import { QueueList, queueStatusText } from "./QueueList";
import { runLabel } from "./runs";
import { hasEnded, type QueuedRun } from "./runQueue";
import { RunsSection } from "./RunsSection";
import { SearchFormView, SearchView } from "./Search";
import { endedId, useTrainStore } from "./trainStore";

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
  const { queue, queueTraining, cancelRun, followRun, clearEnded, setConcurrency, search, startSearch, cancelSearch } =
    useTrainStore();
  const [models, setModels] = useState<ModelsState>({ kind: "loading" });
  const alive = useAlive();
  const trainForm = useTrainForm(list);
  const paused = importState.kind === "running";
  const followed = queue.followed === null ? null : (queue.runs[queue.followed] ?? null);

  const refreshModels = useCallback(() => {
    api.listModels().then(
      (m) => alive.current && setModels({ kind: "loaded", models: m }),
      (e: unknown) => alive.current && setModels({ kind: "failed", error: toFailure(e) }),
    );
  }, [alive]);

  // On mount, and again when a queued run or a search stores a model (it joins the list).
  const searched = search.kind === "done" ? search.outcome : null;
  useEffect(refreshModels, [refreshModels, queue.stored, searched]);

  const train = useCallback(
    (request: TrainRequest) => {
      const dataset = trainForm.dataset;
      void queueTraining(request, dataset ? datasetRef(dataset) : request.dataset);
    },
    [queueTraining, trainForm.dataset],
  );

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
          paused={paused}
          refused={queue.refused}
          concurrency={queue.concurrency}
          onConcurrency={setConcurrency}
          onTrain={train}
        />
        <SearchFormView
          form={trainForm.current}
          ready={trainForm.dataset !== null}
          busy={search.kind === "running"}
          paused={paused}
          onSearch={startSearch}
        />
      </aside>
      <section className="train-main">
        <QueueList queue={queue} onCancel={cancelRun} onFollow={followRun} onClear={clearEnded} />
        {followed && <FollowedRunView key={followed.id} run={followed} onCancel={() => void cancelRun(followed.id)} />}
        {search.kind !== "idle" && <SearchView search={search} onCancel={cancelSearch} />}
        <RunsSection
          dataset={trainForm.dataset?.name ?? null}
          refresh={`${queue.changes}:${endedId(search)}`}
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
  paused,
  refused,
  concurrency,
  onConcurrency,
  onTrain,
}: {
  datasets: DatasetInfo[];
  state: TrainFormState;
  paused: boolean;
  /** Why the last Train queued nothing. */
  refused: ApiFailure | null;
  /** How many queued runs train at once. */
  concurrency: number;
  onConcurrency: (runs: number) => void;
  /** Queues the request (the form stays as it is, for the next one). */
  onTrain: (request: TrainRequest) => void;
}) {
  const { t } = useT();
  const { form, update, dataset, current, parsed } = state;
  const columns = dataset?.columns ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (parsed.ok && !paused) onTrain(parsed.request);
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
      {refused && (
        <div data-testid="train-refused">
          <ErrorMessage error={refused} />
        </div>
      )}
      <div className="train-actions">
        <label className="plot-control train-concurrency" title={t("train.concurrencyTitle")}>
          <span>{t("train.concurrency")}</span>
          <input
            type="number"
            min={1}
            max={MAX_QUEUE_CONCURRENCY}
            step={1}
            value={concurrency}
            onChange={(e) => {
              const runs = Number(e.target.value);
              if (Number.isInteger(runs) && runs >= 1 && runs <= MAX_QUEUE_CONCURRENCY) onConcurrency(runs);
            }}
            data-testid="train-concurrency"
          />
        </label>
        <button type="submit" className="button primary" disabled={!parsed.ok || paused} data-testid="train-submit">
          {t("train.submit")}
        </button>
      </div>
    </form>
  );
}

/** The run the person queued last (or picked in the queue): its progress and curve, then its result. */
function FollowedRunView({ run, onCancel }: { run: QueuedRun; onCancel: () => void }) {
  const { t } = useT();
  return (
    <div className="train-run" data-testid="train-run">
      {!hasEnded(run.status) && <Progress run={run} onCancel={onCancel} />}
      {run.status === "failed" && (
        <p className="runs-error" role="alert" data-testid="train-error">
          {run.error ? t("train.failed", { error: run.error }) : t("train.failedNoReason")}
        </p>
      )}
      {run.status === "cancelled" && (
        <p className="muted" data-testid="train-cancelled">
          {t("train.cancelled")}
        </p>
      )}
      {run.status === "finished" ? <FinishedRun run={run} /> : <RunCurve name="training" iterations={run.iterations} />}
    </div>
  );
}

/** A learning curve (none before the first iteration), exported as `name`. */
function RunCurve({ name, iterations }: { name: string; iterations: CurvePoints }) {
  if (iterations.length === 0) return null;
  return (
    <ExportProvider name={name} scope="train">
      <LearningCurve iterations={iterations} />
    </ExportProvider>
  );
}

function Progress({ run, onCancel }: { run: QueuedRun; onCancel: () => void }) {
  const { t, locale } = useT();
  const last = run.iterations[run.iterations.length - 1] ?? null;
  return (
    <JobProgress
      testId="train"
      label={queueStatusText(run, t, locale)}
      fraction={last ? fractionOf(last.iteration, last.total) : null}
      cancelling={run.cancelling}
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

/** A finished run: its stored result (metrics per part), and its curve (as it streamed, else as stored). */
function FinishedRun({ run }: { run: QueuedRun }) {
  const { t } = useT();
  const load = useCallback(() => api.runDetail(run.id), [run.id]);
  const { state } = useLoaded(load);
  const detail = state.kind === "loaded" ? state.value : null;
  const iterations = run.iterations.length > 0 ? run.iterations : (detail?.curve ?? []);
  return (
    <>
      {state.kind === "loading" && <p className="muted small">{t("train.resultLoading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {detail && <ResultCard detail={detail} iterations={iterations.length} />}
      <RunCurve name={run.model ?? detail?.summary.model ?? "training"} iterations={iterations} />
    </>
  );
}

function ResultCard({ detail, iterations }: { detail: RunDetail; iterations: number }) {
  const { t, locale } = useT();
  const { summary, metrics } = detail;
  const name = runLabel(summary, t);
  return (
    <div className="train-result" data-testid="train-result" title={summary.id}>
      <div className="train-result-title">
        <h2>{t("train.result", { name })}</h2>
        <NotesButton entityKind="run" entity={summary.id} title={name} label={t("train.runNotes")} testId="run-notes" />
      </div>
      <dl className="train-result-meta">
        <Meta label={t("train.resultTask")} value={taskLabel(summary.task, t)} />
        <Meta label={t("train.resultFamily")} value={familyLabel(summary.family, t)} />
        <Meta label={t("train.col.dataset")} value={summary.dataset} />
        <Meta label={t("train.col.target")} value={summary.target} />
        {iterations > 0 && <Meta label={t("train.resultIterations")} value={formatCount(iterations, locale)} testId="result-iterations" />}
      </dl>
      {metrics && <MetricsTable metrics={metrics} />}
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
