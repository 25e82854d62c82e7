import { useEffect, useRef, useState, type FormEvent } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ExplainIcon } from "../../components/icons";
import { fractionOf, JobProgress } from "../../components/JobProgress";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useT, type MessageKey, type TFunction } from "../../i18n";
import {
  api,
  toFailure,
  BACKGROUND_METHODS,
  DEFAULT_BACKGROUND,
  EXPLAIN_METHODS,
  MODEL_FAMILIES,
  type ApiFailure,
  type DatasetInfo,
  type ExplainMethod,
  type ExplainOptions,
  type ExplainProgress,
  type ExplainView,
  type ModelFamily,
  type ModelInfo,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { formatCount } from "../data/format";
import { ExplainResult } from "./ExplainResult";
import { useExplainStore, type RowRequest } from "./explainStore";
import type { ColumnTypes } from "./plots/features";

const MAX_ROW = 4_294_967_295;
export const DEFAULT_ROWS = 500;

/**
 * The form as typed: numbers stay strings until Explain. `background` counts only for the
 * methods that sample one, `interactions` only where the model can have them.
 */
export type ExplainForm = {
  model: string;
  dataset: string;
  firstRow: string;
  rows: string;
  method: ExplainMethod;
  background: string;
  interactions: boolean;
};

export type ExplainRequest = { model: string; dataset: string; start: number; end: number; options: ExplainOptions };

type Parsed = { ok: true; request: ExplainRequest } | { ok: false; problem: MessageKey | null };

/** A whole number typed in a field (NaN when blank or not one). */
function whole(text: string): number {
  const n = Number(text.trim() === "" ? Number.NaN : text);
  return Number.isInteger(n) ? n : Number.NaN;
}

/** Whether `method` samples a background (the exact, permutation and kernel methods). */
export function usesBackground(method: ExplainMethod): boolean {
  return (BACKGROUND_METHODS as readonly string[]).includes(method);
}

/** Whether `method` can give interaction values (they come from TreeSHAP). */
function treeMethod(method: ExplainMethod): boolean {
  return method === "auto" || method === "tree";
}

/** Whether a model can have SHAP interaction values: boosted trees trained here. */
export function canInteract(model: ModelInfo | null): boolean {
  return model !== null && model.summary.family === "gbdt" && model.origin !== "imported" && model.imported === null;
}

/** Checks the form and turns it into a request for rows `start..end` (end exclusive). */
export function parseExplainForm(form: ExplainForm): Parsed {
  if (form.model === "" || form.dataset === "") return { ok: false, problem: null };
  const start = whole(form.firstRow);
  if (!(start >= 0 && start < MAX_ROW)) return { ok: false, problem: "explain.invalid.firstRow" };
  const rows = whole(form.rows);
  if (!(rows >= 1)) return { ok: false, problem: "explain.invalid.rows" };
  const sampled = usesBackground(form.method);
  const background = sampled ? whole(form.background) : null;
  if (background !== null && !(background >= 1 && background < MAX_ROW)) return { ok: false, problem: "explain.invalid.background" };
  const options: ExplainOptions = { method: form.method, background, interactions: form.interactions && treeMethod(form.method) };
  return { ok: true, request: { model: form.model, dataset: form.dataset, start, end: Math.min(MAX_ROW, start + rows), options } };
}

/** How a dataset version is named in a request: `name@version`, like a model's `summary.dataset`. */
function datasetRef(d: DatasetInfo): string {
  return `${d.name}@${d.version}`;
}

/** The column types of the dataset version `dataset` names: they tell date-times and booleans from numbers in the plots. */
function columnTypes(datasets: DatasetInfo[], dataset: string): ColumnTypes {
  const info = datasets.find((d) => datasetRef(d) === dataset);
  return Object.fromEntries((info?.columns ?? []).map((c) => [c.name, c.type]));
}

/** The form on a first visit; dataset "" follows the chosen model's own dataset. */
const DEFAULT_FORM: ExplainForm = {
  model: "",
  dataset: "",
  firstRow: "0",
  rows: String(DEFAULT_ROWS),
  method: "auto",
  background: String(DEFAULT_BACKGROUND),
  interactions: false,
};

/**
 * Where the form starts: as the user left it (`saved`), moved to the asked row when there is one.
 * That row comes first and the rows count stays. `run` says to explain it at once: when the chosen
 * model was trained on that dataset version, or it is the only model. Else a model trained on it
 * is offered when there is one.
 */
export function startingForm(
  saved: ExplainForm | null,
  asked: RowRequest | null,
  models: ModelInfo[],
): { form: ExplainForm; run: boolean } {
  const form = saved ?? DEFAULT_FORM;
  if (asked === null) return { form, run: false };
  const dataset = datasetRef(asked.dataset);
  const chosen = models.find((m) => m.id === form.model) ?? null;
  const settled = chosen?.summary.dataset === dataset ? chosen : models.length === 1 ? models[0]! : null;
  const model = settled ?? models.find((m) => m.summary.dataset === dataset) ?? chosen;
  const rows = whole(form.rows) >= 1 ? form.rows : String(DEFAULT_ROWS);
  return { form: { ...form, model: model?.id ?? "", dataset, firstRow: String(asked.row), rows }, run: settled !== null };
}

type RunState =
  | { kind: "idle" }
  | { kind: "running"; progress: ExplainProgress | null; cancelling: boolean }
  | { kind: "done"; view: ExplainView; model: string; types: ColumnTypes; serial: number }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "cancelled" };

type ModelsState = { kind: "loading" } | { kind: "loaded"; models: ModelInfo[] } | { kind: "failed"; error: ApiFailure };

export function ExplainPanel() {
  const { t } = useT();
  const { datasets } = useDataStore();
  const { pending, take } = useExplainStore();
  // The row last asked for (by the Data table); the form restarts on it.
  const [asked, setAsked] = useState(pending);
  const loaded = datasets.kind === "loaded" ? datasets.items : [];
  // The asked row's version may be an older one than the list holds.
  const list = asked && !loaded.some((d) => d.id === asked.dataset.id) ? [...loaded, asked.dataset] : loaded;
  const [models, setModels] = useState<ModelsState>({ kind: "loading" });
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const alive = useRef(true);
  const serial = useRef(0);
  // Explanations started here: a kept one found later is shown only when none was started meanwhile.
  const started = useRef(0);
  // What was last rendered, for an answer that arrives later.
  const latest = useRef({ run, list });
  latest.current = { run, list };

  useEffect(() => {
    alive.current = true;
    api.listModels().then(
      (m) => alive.current && setModels({ kind: "loaded", models: m }),
      (e: unknown) => alive.current && setModels({ kind: "failed", error: toFailure(e) }),
    );
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (pending === null) return;
    setAsked(pending);
    take(pending.id);
  }, [pending, take]);

  function start(request: ExplainRequest, modelName: string) {
    started.current += 1;
    setRun({ kind: "running", progress: null, cancelling: false });
    const types = columnTypes(list, request.dataset);
    const onProgress = (progress: ExplainProgress) =>
      alive.current && setRun((s) => (s.kind === "running" ? { ...s, progress } : s));
    api.explainModel(request.model, request.dataset, request.start, request.end, request.options, onProgress).then(
      (view) => {
        if (!alive.current) return;
        serial.current += 1;
        setRun({ kind: "done", view, model: modelName, types, serial: serial.current });
      },
      (e: unknown) => {
        if (!alive.current) return;
        const error = toFailure(e);
        setRun(error.code === "cancelled" ? { kind: "cancelled" } : { kind: "failed", error });
      },
    );
  }

  /** Shows the explanation kept for `request`, if any, as if just computed; not once another was started. */
  function showStored(request: ExplainRequest, modelName: string) {
    const before = started.current;
    api.storedExplanation(request.model, request.dataset, request.start, request.end, request.options).then(
      (view) => {
        if (!alive.current || view === null || started.current !== before || latest.current.run.kind !== "idle") return;
        serial.current += 1;
        const types = columnTypes(latest.current.list, request.dataset);
        setRun({ kind: "done", view, model: modelName, types, serial: serial.current });
      },
      // Nothing kept to show: the form waits for Explain as usual.
      () => {},
    );
  }

  async function cancel() {
    setRun((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The explanation's own result reports what happened.
    }
  }

  if (models.kind === "loaded" && models.models.length === 0) {
    return <EmptyState icon={<ExplainIcon size={28} />} title={t("explain.emptyTitle")} body={t("explain.emptyBody")} />;
  }

  return (
    <div className="explain-panel">
      <aside className="explain-form-column">
        {models.kind === "loading" && <p className="muted small">{t("explain.modelsLoading")}</p>}
        {models.kind === "failed" && <ErrorMessage error={models.error} />}
        {datasets.kind === "failed" && <ErrorMessage error={datasets.error} />}
        {models.kind === "loaded" && (
          <ExplainFormView
            key={asked?.id ?? 0}
            models={models.models}
            datasets={list}
            asked={asked}
            busy={run.kind === "running"}
            onExplain={start}
            onOpen={showStored}
          />
        )}
      </aside>
      <section className="explain-main">
        {run.kind === "running" && <Progress progress={run.progress} cancelling={run.cancelling} onCancel={cancel} />}
        {run.kind === "failed" && (
          <div data-testid="explain-error">
            <ErrorMessage error={run.error} />
          </div>
        )}
        {run.kind === "cancelled" && (
          <p className="muted" data-testid="explain-cancelled">
            {t("explain.cancelled")}
          </p>
        )}
        {run.kind === "done" && <ExplainResult key={run.serial} view={run.view} model={run.model} types={run.types} />}
        {run.kind === "idle" && <p className="muted small">{t("explain.idle")}</p>}
      </section>
    </div>
  );
}

function familyLabel(family: string, t: TFunction): string {
  return (MODEL_FAMILIES as readonly string[]).includes(family) ? t(`train.family.${family as ModelFamily}`) : family;
}

/**
 * The form; starts as `startingForm` says and is kept in the Explain store as it changes. On mount
 * it explains the asked row at once when it should, else hands its request to `onOpen` (to show an
 * explanation kept for it).
 */
function ExplainFormView({
  models,
  datasets,
  asked,
  busy,
  onExplain,
  onOpen,
}: {
  models: ModelInfo[];
  datasets: DatasetInfo[];
  asked: RowRequest | null;
  busy: boolean;
  onExplain: (request: ExplainRequest, modelName: string) => void;
  onOpen: (request: ExplainRequest, modelName: string) => void;
}) {
  const { t } = useT();
  const { savedForm, saveForm } = useExplainStore();
  const [starting] = useState(() => startingForm(savedForm(), asked, models));
  const [form, setForm] = useState<ExplainForm>(starting.form);
  // Set until the mount's work is done: the asked row's explanation started, or the kept one looked
  // up (once, even where effects run twice).
  const mounting = useRef(true);
  // Keep the chosen model while it exists, else the newest (the list comes newest first).
  const model = models.find((m) => m.id === form.model) ?? models[0] ?? null;
  const options = datasets.map((d) => ({ value: datasetRef(d), label: t("train.datasetOption", { name: d.name, version: d.version }) }));
  const own = model?.summary.dataset ?? "";
  if (own !== "" && !options.some((o) => o.value === own)) options.unshift({ value: own, label: own });
  const dataset = form.dataset !== "" && options.some((o) => o.value === form.dataset) ? form.dataset : own;
  const interactable = canInteract(model);
  const parsed = parseExplainForm({ ...form, model: model?.id ?? "", dataset, interactions: form.interactions && interactable });

  function update(patch: Partial<ExplainForm>) {
    setForm((f) => ({ ...f, ...patch }));
  }

  useEffect(() => saveForm(form), [form, saveForm]);

  function explain() {
    if (!parsed.ok || busy || !model) return;
    // The model explained with counts as chosen (for rows asked later).
    update({ model: model.id });
    onExplain(parsed.request, model.name);
  }

  useEffect(() => {
    if (!mounting.current) return;
    mounting.current = false;
    if (starting.run) {
      explain();
    } else if (parsed.ok && model) {
      onOpen(parsed.request, model.name);
    }
    // Only on mount: the asked row's form is the first one.
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    explain();
  }

  return (
    <form className="explain-form" aria-label={t("explain.formTitle")} onSubmit={submit} data-testid="explain-form">
      <h2 className="section-title">{t("explain.formTitle")}</h2>
      <SelectField
        label={t("explain.model")}
        value={model?.id ?? ""}
        // The dataset follows the model, except an asked row's.
        onChange={(v) => update({ model: v, dataset: asked === null ? "" : form.dataset })}
        testId="explain-model"
        autoFocus={asked !== null && !starting.run}
      >
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {t("explain.modelOption", { name: m.name, family: familyLabel(m.summary.family, t) })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("explain.dataset")} value={dataset} onChange={(v) => update({ dataset: v })} testId="explain-dataset">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <div className="explain-form-row">
        <TextField
          label={t("explain.firstRow")}
          value={form.firstRow}
          onChange={(v) => update({ firstRow: v })}
          inputMode="numeric"
          testId="explain-first-row"
        />
        <TextField
          label={t("explain.rows")}
          value={form.rows}
          onChange={(v) => update({ rows: v })}
          inputMode="numeric"
          testId="explain-rows"
        />
      </div>
      <SelectField
        label={t("explain.method")}
        value={form.method}
        onChange={(v) => update({ method: v as ExplainMethod })}
        testId="explain-method"
      >
        {EXPLAIN_METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`explain.method.${m}`)}
          </option>
        ))}
      </SelectField>
      <p className="muted small" data-testid="explain-method-help">
        {t(`explain.methodHelp.${form.method}`)}
      </p>
      {usesBackground(form.method) && (
        <TextField
          label={t("explain.backgroundRows")}
          value={form.background}
          onChange={(v) => update({ background: v })}
          inputMode="numeric"
          testId="explain-background"
        />
      )}
      {interactable && (
        <label className="explain-check">
          <input
            type="checkbox"
            checked={form.interactions}
            disabled={!treeMethod(form.method)}
            onChange={(e) => update({ interactions: e.target.checked })}
            data-testid="explain-interactions-toggle"
          />
          <span>{t("explain.interactionsToggle")}</span>
        </label>
      )}
      {interactable && (
        <p className="muted small">{treeMethod(form.method) ? t("explain.interactionsHelp") : t("explain.interactionsNeedTree")}</p>
      )}
      {!parsed.ok && parsed.problem && (
        <p className="explain-invalid" data-testid="explain-invalid">
          {t(parsed.problem)}
        </p>
      )}
      <p className="muted small">{t("explain.families")}</p>
      <div className="explain-actions">
        <button type="submit" className="button primary" disabled={!parsed.ok || busy} data-testid="explain-submit">
          {busy ? t("explain.running") : t("explain.submit")}
        </button>
      </div>
    </form>
  );
}

function Progress({
  progress,
  cancelling,
  onCancel,
}: {
  progress: ExplainProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t, locale } = useT();
  const total = progress?.total ?? null;
  const label = !progress
    ? t("explain.starting")
    : total !== null
      ? t("explain.progress", { done: formatCount(progress.done, locale), total: formatCount(total, locale) })
      : t("explain.progressOpen", { done: formatCount(progress.done, locale) });
  return (
    <JobProgress
      testId="explain"
      className="explain-progress"
      label={label}
      fraction={progress ? fractionOf(progress.done, total) : null}
      cancelling={cancelling}
      onCancel={onCancel}
      cancelText={t("explain.cancel")}
      cancellingText={t("explain.cancelling")}
    />
  );
}
