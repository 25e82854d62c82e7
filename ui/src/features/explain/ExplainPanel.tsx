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
  MODEL_FAMILIES,
  type ApiFailure,
  type DatasetInfo,
  type ExplainProgress,
  type ExplainView,
  type ModelFamily,
  type ModelInfo,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { formatCount, formatStat } from "../data/format";
import { MAX_IMPORTANCE_BARS, waterfall } from "./shap";

const MAX_ROW = 4_294_967_295;
export const DEFAULT_ROWS = 500;

/** The form as typed: numbers stay strings until Explain. */
export type ExplainForm = { model: string; dataset: string; firstRow: string; rows: string };

export type ExplainRequest = { model: string; dataset: string; start: number; end: number };

type Parsed = { ok: true; request: ExplainRequest } | { ok: false; problem: MessageKey | null };

/** Checks the form and turns it into a request for rows `start..end` (end exclusive). */
export function parseExplainForm(form: ExplainForm): Parsed {
  if (form.model === "" || form.dataset === "") return { ok: false, problem: null };
  const start = Number(form.firstRow.trim() === "" ? Number.NaN : form.firstRow);
  if (!Number.isInteger(start) || start < 0 || start >= MAX_ROW) return { ok: false, problem: "explain.invalid.firstRow" };
  const rows = Number(form.rows.trim() === "" ? Number.NaN : form.rows);
  if (!Number.isInteger(rows) || rows < 1) return { ok: false, problem: "explain.invalid.rows" };
  return { ok: true, request: { model: form.model, dataset: form.dataset, start, end: Math.min(MAX_ROW, start + rows) } };
}

/** How a dataset version is named in a request: `name@version`, like a model's `summary.dataset`. */
function datasetRef(d: DatasetInfo): string {
  return `${d.name}@${d.version}`;
}

type RunState =
  | { kind: "idle" }
  | { kind: "running"; progress: ExplainProgress | null; cancelling: boolean }
  | { kind: "done"; view: ExplainView; model: string; serial: number }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "cancelled" };

type ModelsState = { kind: "loading" } | { kind: "loaded"; models: ModelInfo[] } | { kind: "failed"; error: ApiFailure };

export function ExplainPanel() {
  const { t } = useT();
  const { datasets } = useDataStore();
  const list = datasets.kind === "loaded" ? datasets.items : [];
  const [models, setModels] = useState<ModelsState>({ kind: "loading" });
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const alive = useRef(true);
  const serial = useRef(0);

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

  function start(request: ExplainRequest, modelName: string) {
    setRun({ kind: "running", progress: null, cancelling: false });
    const onProgress = (progress: ExplainProgress) =>
      alive.current && setRun((s) => (s.kind === "running" ? { ...s, progress } : s));
    api.explainModel(request.model, request.dataset, request.start, request.end, onProgress).then(
      (view) => {
        if (!alive.current) return;
        serial.current += 1;
        setRun({ kind: "done", view, model: modelName, serial: serial.current });
      },
      (e: unknown) => {
        if (!alive.current) return;
        const error = toFailure(e);
        setRun(error.code === "cancelled" ? { kind: "cancelled" } : { kind: "failed", error });
      },
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
          <ExplainFormView models={models.models} datasets={list} busy={run.kind === "running"} onExplain={start} />
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
        {run.kind === "done" && <ResultView key={run.serial} view={run.view} model={run.model} />}
        {run.kind === "idle" && <p className="muted small">{t("explain.idle")}</p>}
      </section>
    </div>
  );
}

function familyLabel(family: string, t: TFunction): string {
  return (MODEL_FAMILIES as readonly string[]).includes(family) ? t(`train.family.${family as ModelFamily}`) : family;
}

function ExplainFormView({
  models,
  datasets,
  busy,
  onExplain,
}: {
  models: ModelInfo[];
  datasets: DatasetInfo[];
  busy: boolean;
  onExplain: (request: ExplainRequest, modelName: string) => void;
}) {
  const { t } = useT();
  // dataset "" follows the chosen model's own dataset.
  const [form, setForm] = useState<ExplainForm>({ model: "", dataset: "", firstRow: "0", rows: String(DEFAULT_ROWS) });
  // Keep the chosen model while it exists, else the newest (the list comes newest first).
  const model = models.find((m) => m.id === form.model) ?? models[0] ?? null;
  const options = datasets.map((d) => ({ value: datasetRef(d), label: t("train.datasetOption", { name: d.name, version: d.version }) }));
  const own = model?.summary.dataset ?? "";
  if (own !== "" && !options.some((o) => o.value === own)) options.unshift({ value: own, label: own });
  const dataset = form.dataset !== "" && options.some((o) => o.value === form.dataset) ? form.dataset : own;
  const parsed = parseExplainForm({ ...form, model: model?.id ?? "", dataset });

  function update(patch: Partial<ExplainForm>) {
    setForm((f) => ({ ...f, ...patch }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (parsed.ok && !busy && model) onExplain(parsed.request, model.name);
  }

  return (
    <form className="explain-form" aria-label={t("explain.formTitle")} onSubmit={submit} data-testid="explain-form">
      <h2 className="section-title">{t("explain.formTitle")}</h2>
      <SelectField
        label={t("explain.model")}
        value={model?.id ?? ""}
        onChange={(v) => update({ model: v, dataset: "" })}
        testId="explain-model"
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

/** A SHAP value with its sign ("+0.123", "−0.04"). */
function signed(v: number, locale: string): string {
  const text = formatStat(Math.abs(v), locale);
  if (!Number.isFinite(v) || v === 0) return formatStat(v, locale);
  return v > 0 ? `+${text}` : `−${text}`;
}

function ResultView({ view, model }: { view: ExplainView; model: string }) {
  const { t, locale } = useT();
  const [output, setOutput] = useState(0);
  const last = view.firstRow + Math.max(0, view.rows - 1);
  return (
    <div className="explain-result" data-testid="explain-result">
      <p className="explain-summary" data-testid="explain-summary">
        {t("explain.summary", {
          model,
          method: view.method,
          first: formatCount(view.firstRow, locale),
          last: formatCount(last, locale),
          space: view.outputSpace,
          error: formatStat(view.maxAdditivityError, locale),
        })}
        {view.background != null && t("explain.background", { rows: formatCount(view.background, locale) })}
      </p>
      <ImportanceChart view={view} />
      {view.rows > 0 && (
        <>
          {view.outputs.length > 1 && (
            <label className="field explain-output">
              <span>{t("explain.output")}</span>
              <select value={output} onChange={(e) => setOutput(Number(e.target.value))} data-testid="explain-output">
                {view.outputs.map((o, k) => (
                  <option key={k} value={k}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          )}
          <RowBrowser view={view} output={output} />
        </>
      )}
    </div>
  );
}

const CHART_W = 560;
const LABEL_W = 150;
const VALUE_W = 64;
const BAR_H = 14;
const ROW_H = 20;
const PAD_Y = 4;

/** Shortens a long column name for a chart label (the full name is in its tooltip). */
function short(name: string): string {
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

/** Mean |SHAP| per column as horizontal bars, largest first (at most 20). */
export function ImportanceChart({ view }: { view: ExplainView }) {
  const { t, locale } = useT();
  const bars = view.importance.slice(0, MAX_IMPORTANCE_BARS).map((i) => ({ feature: i.feature, value: i.meanAbsShap ?? 0 }));
  const max = Math.max(0, ...bars.map((b) => b.value)) || 1;
  const width = CHART_W - LABEL_W - VALUE_W;
  const height = bars.length * ROW_H + PAD_Y * 2;
  return (
    <figure className="explain-chart">
      <figcaption className="section-title">{t("explain.importance")}</figcaption>
      <svg
        viewBox={`0 0 ${CHART_W} ${height}`}
        role="img"
        aria-label={t("explain.importanceTitle", { count: bars.length })}
        data-testid="importance-chart"
      >
        {bars.map((b, i) => {
          const y = PAD_Y + i * ROW_H;
          return (
            <g key={b.feature}>
              <title>{`${b.feature}: ${formatStat(b.value, locale)}`}</title>
              <text className="chart-label" x={LABEL_W - 6} y={y + ROW_H / 2 + 4} textAnchor="end">
                {short(b.feature)}
              </text>
              <rect
                className="importance-bar"
                x={LABEL_W}
                y={y + (ROW_H - BAR_H) / 2}
                width={Math.max(1, (b.value / max) * width)}
                height={BAR_H}
                rx={2}
              />
              <text className="chart-value" x={CHART_W - 2} y={y + ROW_H / 2 + 4} textAnchor="end">
                {formatStat(b.value, locale)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function RowBrowser({ view, output }: { view: ExplainView; output: number }) {
  const { t, locale } = useT();
  const [row, setRow] = useState(0);
  const [text, setText] = useState(String(view.firstRow));

  function go(index: number) {
    const next = Math.max(0, Math.min(view.rows - 1, index));
    setRow(next);
    setText(String(view.firstRow + next));
  }

  function type(value: string) {
    setText(value);
    const n = Number(value);
    if (value.trim() !== "" && Number.isInteger(n) && n >= view.firstRow && n < view.firstRow + view.rows) {
      setRow(n - view.firstRow);
    }
  }

  return (
    <div className="explain-rows">
      <div className="explain-row-nav">
        <button
          type="button"
          className="button small-button"
          onClick={() => go(row - 1)}
          disabled={row <= 0}
          aria-label={t("explain.prevRow")}
          data-testid="explain-row-prev"
        >
          ‹
        </button>
        <label className="explain-row-field">
          <span>{t("explain.row")}</span>
          <input
            type="number"
            min={view.firstRow}
            max={view.firstRow + view.rows - 1}
            value={text}
            onChange={(e) => type(e.target.value)}
            onBlur={() => setText(String(view.firstRow + row))}
            data-testid="explain-row"
          />
        </label>
        <button
          type="button"
          className="button small-button"
          onClick={() => go(row + 1)}
          disabled={row >= view.rows - 1}
          aria-label={t("explain.nextRow")}
          data-testid="explain-row-next"
        >
          ›
        </button>
        <span className="muted small">
          {t("explain.rowOf", { index: formatCount(row + 1, locale), count: formatCount(view.rows, locale) })}
        </span>
      </div>
      <WaterfallChart view={view} row={row} output={output} />
    </div>
  );
}

/** One row's SHAP values: from the base value, column by column, to the model output. */
export function WaterfallChart({ view, row, output }: { view: ExplainView; row: number; output: number }) {
  const { t, locale } = useT();
  const w = waterfall(view, row, output);
  const ends = [w.base, w.output, ...w.steps.flatMap((s) => [s.from, s.to])].filter(Number.isFinite);
  let lo = ends.length ? Math.min(...ends) : 0;
  let hi = ends.length ? Math.max(...ends) : 1;
  if (hi - lo < 1e-12) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = CHART_W - LABEL_W - VALUE_W;
  const x = (v: number) => LABEL_W + ((v - lo) / (hi - lo)) * width;
  const lines = w.steps.length + 2;
  const height = lines * ROW_H + PAD_Y * 2;
  const rowY = (i: number) => PAD_Y + i * ROW_H;
  const datasetRow = view.firstRow + row;
  const space = view.outputSpace;

  return (
    <figure className="explain-chart">
      <figcaption className="section-title">{t("explain.waterfall", { row: formatCount(datasetRow, locale) })}</figcaption>
      <svg
        viewBox={`0 0 ${CHART_W} ${height}`}
        role="img"
        aria-label={t("explain.waterfallTitle", { row: formatCount(datasetRow, locale), space })}
        data-testid="waterfall"
      >
        <g data-testid="waterfall-base" data-value={w.base}>
          <text className="chart-label chart-label-strong" x={LABEL_W - 6} y={rowY(0) + ROW_H / 2 + 4} textAnchor="end">
            {t("explain.base")}
          </text>
          {Number.isFinite(w.base) && (
            <line className="waterfall-marker" x1={x(w.base)} x2={x(w.base)} y1={rowY(0) + 2} y2={rowY(1) + 2} />
          )}
          <text className="chart-value" x={CHART_W - 2} y={rowY(0) + ROW_H / 2 + 4} textAnchor="end">
            {formatStat(w.base, locale)}
          </text>
        </g>
        {w.steps.map((s, i) => {
          const y = rowY(i + 1);
          const name = s.column ?? t("explain.otherColumns", { count: formatCount(s.count, locale) });
          const a = Number.isFinite(s.from) ? x(s.from) : LABEL_W;
          const b = Number.isFinite(s.to) ? x(s.to) : LABEL_W;
          return (
            <g key={s.column ?? "\u0000other"} data-testid="waterfall-step" data-column={s.column ?? ""} data-value={s.value}>
              <title>{`${name}: ${signed(s.value, locale)}`}</title>
              <text className={`chart-label${s.column === null ? " chart-label-muted" : ""}`} x={LABEL_W - 6} y={y + ROW_H / 2 + 4} textAnchor="end">
                {s.column === null ? name : short(name)}
              </text>
              <rect
                className={s.value >= 0 ? "waterfall-pos" : "waterfall-neg"}
                x={Math.min(a, b)}
                y={y + (ROW_H - BAR_H) / 2}
                width={Math.max(1, Math.abs(b - a))}
                height={BAR_H}
                rx={2}
              />
              {i + 1 < w.steps.length && Number.isFinite(s.to) && (
                <line className="waterfall-link" x1={b} x2={b} y1={y + (ROW_H + BAR_H) / 2} y2={y + ROW_H + (ROW_H - BAR_H) / 2} />
              )}
              <text
                className={`chart-value ${s.value >= 0 ? "waterfall-pos-text" : "waterfall-neg-text"}`}
                x={CHART_W - 2}
                y={y + ROW_H / 2 + 4}
                textAnchor="end"
              >
                {signed(s.value, locale)}
              </text>
            </g>
          );
        })}
        <g data-testid="waterfall-output" data-value={w.output}>
          <text className="chart-label chart-label-strong" x={LABEL_W - 6} y={rowY(lines - 1) + ROW_H / 2 + 4} textAnchor="end">
            {t("explain.modelOutput")}
          </text>
          {Number.isFinite(w.output) && (
            <line
              className="waterfall-marker"
              x1={x(w.output)}
              x2={x(w.output)}
              y1={rowY(lines - 1) - 2}
              y2={rowY(lines - 1) + ROW_H - 2}
            />
          )}
          <text className="chart-value chart-label-strong" x={CHART_W - 2} y={rowY(lines - 1) + ROW_H / 2 + 4} textAnchor="end">
            {formatStat(w.output, locale)}
          </text>
        </g>
      </svg>
      <ul className="curve-legend">
        <li>
          <span className="curve-swatch waterfall-pos-swatch" aria-hidden="true" />
          {t("explain.raises")}
        </li>
        <li>
          <span className="curve-swatch waterfall-neg-swatch" aria-hidden="true" />
          {t("explain.lowers")}
        </li>
        <li>{t("explain.space", { space })}</li>
      </ul>
    </figure>
  );
}
