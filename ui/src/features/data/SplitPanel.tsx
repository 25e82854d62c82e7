import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  api,
  toFailure,
  SPLIT_STRATEGIES,
  type ApiFailure,
  type ColumnInfo,
  type DatasetInfo,
  type SplitInfo,
  type SplitRequest,
  type SplitStrategy,
} from "../../lib/api";
import { useFormatDate, useT, type MessageKey } from "../../i18n";
import { ErrorMessage } from "../../components/ErrorMessage";
import { typeLabelKey } from "./DataTable";
import { formatCount, formatPercent } from "./format";

type CurrentState =
  | { kind: "loading" }
  | { kind: "loaded"; split: SplitInfo | null }
  | { kind: "failed"; error: ApiFailure };

/** The form as typed: numbers stay strings until Apply so the inputs can be edited freely. */
type FormState = {
  strategy: SplitStrategy;
  column: string;
  validation: string;
  test: string;
  seed: string;
  folds: string;
};

const DEFAULT_FORM: FormState = { strategy: "random", column: "", validation: "15", test: "15", seed: "42", folds: "" };
const MAX_SEED = 4_294_967_295;
const MIN_FOLDS = 2;
const MAX_FOLDS = 20;

/** Column types a time-ordered split can order by. */
const TIME_TYPES = ["datetime", "integer", "float"];
/** Column types that make good strata (few distinct labels). */
const STRATUM_TYPES = ["categorical", "boolean", "integer"];

export function isSplitStrategy(value: string): value is SplitStrategy {
  return (SPLIT_STRATEGIES as readonly string[]).includes(value);
}

/** The columns a strategy can use: `preferred` first, then the `other` ones it accepts. */
export function columnChoices(strategy: SplitStrategy, columns: ColumnInfo[]): { preferred: ColumnInfo[]; other: ColumnInfo[] } {
  switch (strategy) {
    case "random":
      return { preferred: [], other: [] };
    case "time_ordered": {
      // Datetime columns first: they are what "time-ordered" usually means.
      const time = columns.filter((c) => TIME_TYPES.includes(c.type));
      return { preferred: [...time.filter((c) => c.type === "datetime"), ...time.filter((c) => c.type !== "datetime")], other: [] };
    }
    case "stratified":
      return {
        preferred: columns.filter((c) => STRATUM_TYPES.includes(c.type)),
        other: columns.filter((c) => !STRATUM_TYPES.includes(c.type)),
      };
    case "group":
      return { preferred: columns, other: [] };
  }
}

/** Keeps `current` when the strategy accepts it, else the first suggested column ("" when none fits). */
function pickColumn(strategy: SplitStrategy, columns: ColumnInfo[], current: string): string {
  const { preferred, other } = columnChoices(strategy, columns);
  const all = [...preferred, ...other];
  if (all.some((c) => c.name === current)) return current;
  return all[0]?.name ?? "";
}

function strategyKey(strategy: SplitStrategy): MessageKey {
  return `data.split.strategy.${strategy}`;
}

function strategyHintKey(strategy: SplitStrategy): MessageKey {
  return `data.split.hint.${strategy}`;
}

/** A share in percent as a form value: 0.15 → "15". */
function percentText(share: number | null, fallback: string): string {
  if (share === null || !Number.isFinite(share)) return fallback;
  return String(Number((share * 100).toFixed(4)));
}

function formFromSplit(split: SplitInfo, columns: ColumnInfo[]): FormState {
  const strategy = isSplitStrategy(split.strategy) ? split.strategy : DEFAULT_FORM.strategy;
  return {
    strategy,
    column: pickColumn(strategy, columns, split.column ?? ""),
    validation: percentText(split.validation, DEFAULT_FORM.validation),
    test: percentText(split.test, DEFAULT_FORM.test),
    seed: String(split.seed),
    folds: split.folds === null ? "" : String(split.folds),
  };
}

type Parsed = { ok: true; request: SplitRequest } | { ok: false; problem: MessageKey };

/** Checks the form and turns it into a request (shares as fractions: 15 % → 0.15). */
export function parseSplitForm(form: FormState): Parsed {
  if (form.strategy !== "random" && form.column === "") return { ok: false, problem: "data.split.invalid.column" };
  const validation = Number(form.validation);
  const test = Number(form.test);
  const shareOk = (text: string, v: number) => text.trim() !== "" && Number.isFinite(v) && v >= 0 && v < 100;
  if (!shareOk(form.validation, validation) || !shareOk(form.test, test) || validation + test >= 100) {
    return { ok: false, problem: "data.split.invalid.shares" };
  }
  const seed = Number(form.seed);
  if (form.seed.trim() === "" || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    return { ok: false, problem: "data.split.invalid.seed" };
  }
  let folds: number | null = null;
  if (form.folds.trim() !== "") {
    folds = Number(form.folds);
    if (!Number.isInteger(folds) || folds < MIN_FOLDS || folds > MAX_FOLDS) return { ok: false, problem: "data.split.invalid.folds" };
  }
  return {
    ok: true,
    request: {
      strategy: form.strategy,
      column: form.strategy === "random" ? null : form.column,
      // Rounded so 15 → 0.15 exactly, not 0.15000000000000002.
      validation: Number((validation / 100).toFixed(6)),
      test: Number((test / 100).toFixed(6)),
      seed,
      folds,
    },
  };
}

/**
 * The train/validation/test split of one dataset version: the current one (if any) and a form
 * to make a new one. While an import runs, Apply waits: the backend runs one job at a time.
 */
export function SplitPanel({ dataset, paused }: { dataset: DatasetInfo; paused: boolean }) {
  const { t } = useT();
  const [current, setCurrent] = useState<CurrentState>({ kind: "loading" });
  const [form, setForm] = useState<FormState>(() => ({
    ...DEFAULT_FORM,
    column: pickColumn(DEFAULT_FORM.strategy, dataset.columns, ""),
  }));
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<ApiFailure | null>(null);
  const touched = useRef(false);
  const alive = useRef(true);
  const columns = useRef(dataset.columns);
  columns.current = dataset.columns;

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // Fetch the stored split whenever the selected dataset (version) changes.
  useEffect(() => {
    let live = true;
    setCurrent({ kind: "loading" });
    setApplyError(null);
    api.datasetSplit(dataset.id).then(
      (split) => {
        if (!live) return;
        setCurrent({ kind: "loaded", split });
        // Start the form from the stored split, unless the user has already edited it.
        if (split && !touched.current) setForm(formFromSplit(split, columns.current));
      },
      (e: unknown) => live && setCurrent({ kind: "failed", error: toFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [dataset.id]);

  function update(patch: Partial<FormState>) {
    touched.current = true;
    setForm((f) => {
      const next = { ...f, ...patch };
      if (patch.strategy !== undefined) next.column = pickColumn(next.strategy, dataset.columns, next.column);
      return next;
    });
  }

  const parsed = parseSplitForm(form);
  const { preferred, other } = columnChoices(form.strategy, dataset.columns);
  const needsColumn = form.strategy !== "random";
  const noColumn = needsColumn && preferred.length + other.length === 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!parsed.ok || applying || paused) return;
    setApplying(true);
    setApplyError(null);
    const asked = dataset.id;
    api.splitDataset(asked, parsed.request).then(
      (split) => {
        if (!alive.current) return;
        setApplying(false);
        setCurrent({ kind: "loaded", split });
      },
      (err: unknown) => {
        if (!alive.current) return;
        setApplying(false);
        setApplyError(toFailure(err));
      },
    );
  }

  const columnLabel = (c: ColumnInfo) => {
    const key = typeLabelKey(c.type);
    return `${c.name} (${key ? t(key) : c.type})`;
  };

  return (
    <section className="split" aria-label={t("data.split.title")} data-testid="split-panel">
      <h2 className="section-title">{t("data.split.title")}</h2>
      <div className="split-card">
        {current.kind === "loading" && <p className="muted small">{t("data.split.loading")}</p>}
        {current.kind === "failed" && <ErrorMessage error={current.error} />}
        {current.kind === "loaded" &&
          (current.split ? (
            <SplitSummary split={current.split} />
          ) : (
            <p className="split-none muted small" data-testid="split-none">
              {t("data.split.none")}
            </p>
          ))}

        <form className="split-form" aria-label={t("data.split.formTitle")} onSubmit={submit} noValidate>
          <div className="split-form-row">
            <label className="field">
              <span>{t("data.split.strategyLabel")}</span>
              <select
                value={form.strategy}
                onChange={(e) => update({ strategy: e.target.value as SplitStrategy })}
                data-testid="split-strategy"
              >
                {SPLIT_STRATEGIES.map((s) => (
                  <option key={s} value={s}>
                    {t(strategyKey(s))}
                  </option>
                ))}
              </select>
            </label>
            {needsColumn && (
              <label className="field">
                <span>{t("data.split.columnLabel")}</span>
                <select
                  value={form.column}
                  onChange={(e) => update({ column: e.target.value })}
                  disabled={noColumn}
                  data-testid="split-column"
                >
                  {noColumn && <option value="">{t("data.split.noColumn")}</option>}
                  {other.length > 0 ? (
                    <>
                      <optgroup label={t("data.split.columnsSuggested")}>
                        {preferred.map((c) => (
                          <option key={c.name} value={c.name}>
                            {columnLabel(c)}
                          </option>
                        ))}
                      </optgroup>
                      <optgroup label={t("data.split.columnsOther")}>
                        {other.map((c) => (
                          <option key={c.name} value={c.name}>
                            {columnLabel(c)}
                          </option>
                        ))}
                      </optgroup>
                    </>
                  ) : (
                    preferred.map((c) => (
                      <option key={c.name} value={c.name}>
                        {columnLabel(c)}
                      </option>
                    ))
                  )}
                </select>
              </label>
            )}
          </div>
          <p className="split-hint muted">{t(strategyHintKey(form.strategy))}</p>
          <div className="split-form-numbers">
            <label className="field">
              <span>{t("data.split.validationLabel")}</span>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                max={99}
                step="any"
                value={form.validation}
                onChange={(e) => update({ validation: e.target.value })}
                data-testid="split-validation"
              />
            </label>
            <label className="field">
              <span>{t("data.split.testLabel")}</span>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                max={99}
                step="any"
                value={form.test}
                onChange={(e) => update({ test: e.target.value })}
                data-testid="split-test"
              />
            </label>
            <label className="field">
              <span>{t("data.split.seedLabel")}</span>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_SEED}
                step={1}
                value={form.seed}
                onChange={(e) => update({ seed: e.target.value })}
                data-testid="split-seed"
              />
            </label>
            <label className="field" title={t("data.split.foldsTitle")}>
              <span>{t("data.split.foldsLabel")}</span>
              <input
                type="number"
                inputMode="numeric"
                min={MIN_FOLDS}
                max={MAX_FOLDS}
                step={1}
                value={form.folds}
                placeholder={t("data.split.foldsPlaceholder")}
                onChange={(e) => update({ folds: e.target.value })}
                data-testid="split-folds"
              />
            </label>
          </div>
          {!parsed.ok && !noColumn && (
            <p className="split-invalid small" data-testid="split-invalid">
              {t(parsed.problem)}
            </p>
          )}
          {paused && <p className="muted small">{t("data.split.paused")}</p>}
          {applyError && (
            <div data-testid="split-error">
              <ErrorMessage error={applyError} />
            </div>
          )}
          <div className="split-actions">
            <button
              type="submit"
              className="button primary"
              disabled={!parsed.ok || applying || paused}
              data-testid="split-apply"
            >
              {applying ? t("data.split.applying") : t("data.split.apply")}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}

function SplitSummary({ split }: { split: SplitInfo }) {
  const { t, locale } = useT();
  const formatDate = useFormatDate();
  const total = split.trainRows + split.validationRows + split.testRows;
  const parts = [
    { part: "train", label: t("data.split.train"), rows: split.trainRows },
    { part: "validation", label: t("data.split.validation"), rows: split.validationRows },
    { part: "test", label: t("data.split.test"), rows: split.testRows },
  ].map((p) => ({
    ...p,
    count: formatCount(p.rows, locale),
    pct: formatPercent(total > 0 ? p.rows / total : 0, locale),
    share: total > 0 ? p.rows / total : 0,
  }));
  const described = parts.map((p) => t("data.split.partTitle", { part: p.label, count: p.count, pct: p.pct })).join(", ");
  const strategy = isSplitStrategy(split.strategy) ? t(strategyKey(split.strategy)) : split.strategy;

  return (
    <div className="split-summary" data-testid="split-summary">
      <div className="split-bar" role="img" aria-label={described}>
        {parts.map((p) =>
          p.rows > 0 ? (
            <span
              key={p.part}
              className={`split-bar-part split-${p.part}`}
              style={{ width: `${p.share * 100}%` }}
              title={t("data.split.partTitle", { part: p.label, count: p.count, pct: p.pct })}
            />
          ) : null,
        )}
      </div>
      <ul className="split-legend">
        {parts.map((p) => (
          <li key={p.part} data-testid={`split-part-${p.part}`}>
            <span className={`split-swatch split-${p.part}`} aria-hidden="true" />
            <span className="split-legend-label">{p.label}</span>
            <span className="split-legend-count">{p.count}</span>
            <span className="split-legend-pct muted">{t("data.profile.share", { value: p.pct })}</span>
          </li>
        ))}
      </ul>
      <dl className="split-meta">
        <Meta label={t("data.split.strategyLabel")} value={strategy} />
        {split.column !== null && <Meta label={t("data.split.columnLabel")} value={split.column} />}
        <Meta label={t("data.split.seedLabel")} value={String(split.seed)} />
        <Meta label={t("data.split.foldsLabel")} value={split.folds === null ? t("data.split.noFolds") : String(split.folds)} />
      </dl>
      <p className="muted split-made" title={split.id}>
        {t("data.split.made", { when: formatDate(split.createdAt) })}
      </p>
    </div>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={value}>{value}</dd>
    </div>
  );
}
