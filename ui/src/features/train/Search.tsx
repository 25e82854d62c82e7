// "Find a good model": a time-budgeted search over model families on the Train form's dataset,
// target and task. Its trials stream into a live list; the best candidate is trained and kept.
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { fractionOf, JobProgress } from "../../components/JobProgress";
import { TextField } from "../../components/TextField";
import { useNow } from "../../components/useNow";
import { useT, type MessageKey, type TFunction } from "../../i18n";
import { MODEL_FAMILIES, type ModelFamily, type SearchRequest, type TrialInfo } from "../../lib/api";
import { formatCount } from "../data/format";
import { familyLabel, metricLabel } from "../models/labels";
import { formatMeanStd, metricHigherIsBetter } from "./metrics";
import { MetricsTable } from "./MetricsView";
import type { TrainForm } from "./TrainPanel";
import type { SearchState } from "./trainStore";

/** The longest budget the form takes, in minutes (a day). */
export const MAX_SEARCH_MINUTES = 1440;

/** The search form as typed: the budget stays text until Start. */
export type SearchForm = { minutes: string; families: ModelFamily[] };

type Parsed = { ok: true; request: SearchRequest } | { ok: false; problem: MessageKey | null };

/** Checks the search form (with the Train form's dataset, target and task) and turns it into a request. */
export function parseSearchForm(train: Pick<TrainForm, "dataset" | "target" | "task">, form: SearchForm): Parsed {
  if (train.dataset === "") return { ok: false, problem: null };
  if (train.target === "") return { ok: false, problem: "train.invalid.target" };
  const minutes = Number(form.minutes.trim());
  if (form.minutes.trim() === "" || !Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_SEARCH_MINUTES) {
    return { ok: false, problem: "search.invalid.minutes" };
  }
  if (form.families.length === 0) return { ok: false, problem: "search.invalid.families" };
  return {
    ok: true,
    request: {
      dataset: train.dataset,
      target: train.target,
      task: train.task,
      minutes,
      families: MODEL_FAMILIES.filter((f) => form.families.includes(f)),
      folds: null,
      seed: null,
      maxTrials: null,
      name: null,
    },
  };
}

export function SearchFormView({
  form: train,
  ready,
  busy,
  paused,
  onSearch,
}: {
  /** The Train form as it stands (its dataset, target and task are searched). */
  form: TrainForm;
  /** A dataset is chosen. */
  ready: boolean;
  /** A search runs. */
  busy: boolean;
  paused: boolean;
  onSearch: (request: SearchRequest) => void;
}) {
  const { t } = useT();
  const [form, setForm] = useState<SearchForm>({ minutes: "1", families: [...MODEL_FAMILIES] });
  const parsed = parseSearchForm(train, form);

  function toggle(family: ModelFamily, on: boolean) {
    setForm((f) => ({ ...f, families: on ? [...f.families, family] : f.families.filter((x) => x !== family) }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (parsed.ok && !busy && !paused) onSearch(parsed.request);
  }

  return (
    <form className="train-form search-form" aria-label={t("search.title")} onSubmit={submit} data-testid="search-form">
      <h2 className="section-title">{t("search.title")}</h2>
      <p className="muted small">{t("search.hint")}</p>
      <TextField
        label={t("search.minutes")}
        value={form.minutes}
        onChange={(v) => setForm((f) => ({ ...f, minutes: v }))}
        inputMode="decimal"
        testId="search-minutes"
      />
      <fieldset className="train-params search-families">
        <legend>{t("search.families")}</legend>
        {MODEL_FAMILIES.map((family) => (
          <label className="check-field" key={family}>
            <input
              type="checkbox"
              checked={form.families.includes(family)}
              onChange={(e) => toggle(family, e.target.checked)}
              data-testid={`search-family-${family}`}
            />
            <span>{familyLabel(family, t)}</span>
          </label>
        ))}
      </fieldset>
      {!parsed.ok && parsed.problem && parsed.problem !== "train.invalid.target" && ready && (
        <p className="train-invalid" data-testid="search-invalid">
          {t(parsed.problem)}
        </p>
      )}
      <div className="train-actions">
        <button type="submit" className="button" disabled={!parsed.ok || busy || paused} data-testid="search-start">
          {t("search.start")}
        </button>
      </div>
    </form>
  );
}

/** Seconds as "m:ss" ("1:05"), hours as "h:mm:ss". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** The best complete trial so far (by its mean; pruned trials and those without a score do not count). */
export function bestTrial(trials: readonly TrialInfo[]): TrialInfo | null {
  let best: TrialInfo | null = null;
  for (const trial of trials) {
    if (trial.pruned || trial.mean === null || !Number.isFinite(trial.mean)) continue;
    const higher = metricHigherIsBetter(trial.metric);
    if (best === null || (higher ? trial.mean > best.mean! : trial.mean < best.mean!)) best = trial;
  }
  return best;
}

/** "AUC 0.9960 ± 0.0040", or "—" for a trial without a score. */
function trialScore(trial: TrialInfo, t: TFunction): string {
  if (trial.mean === null) return "—";
  return t("search.score", { metric: metricLabel(trial.metric, t), value: formatMeanStd(trial.mean, trial.std, t) });
}

/** The running (or last) search: progress with the time left and Cancel, the trials so far, then the kept model. */
export function SearchView({ search, onCancel }: { search: Exclude<SearchState, { kind: "idle" }>; onCancel: () => void }) {
  const { t } = useT();
  const trials = search.progress;
  const best = search.kind === "done" ? (search.outcome.best ?? bestTrial(trials)) : bestTrial(trials);
  return (
    <div className="train-run search-run" data-testid="search-run">
      {search.kind === "running" && <SearchProgress search={search} best={best} onCancel={onCancel} />}
      {search.kind === "failed" && (
        <div data-testid="search-error">
          <ErrorMessage error={search.error} />
        </div>
      )}
      {search.kind === "cancelled" && (
        <p className="muted" data-testid="search-cancelled">
          {t("search.cancelled")}
        </p>
      )}
      {search.kind === "done" && <SearchResult search={search} best={best} />}
      {trials.length > 0 && <TrialList trials={trials} best={best} />}
    </div>
  );
}

function SearchProgress({
  search,
  best,
  onCancel,
}: {
  search: Extract<SearchState, { kind: "running" }>;
  best: TrialInfo | null;
  onCancel: () => void;
}) {
  const { t, locale } = useT();
  const now = useNow(true);
  const elapsed = Math.max(0, (now - search.startedAt) / 1000);
  const budget = (search.request.minutes ?? 1) * 60;
  const trials = formatCount(search.progress.length, locale);
  const label =
    elapsed < budget
      ? t("search.progress", { trials, elapsed: formatClock(elapsed), remaining: formatClock(budget - elapsed) })
      : t("search.finishing", { trials, elapsed: formatClock(elapsed) });
  return (
    <JobProgress
      testId="search"
      label={label}
      fraction={fractionOf(Math.min(elapsed, budget), budget)}
      cancelling={search.cancelling}
      onCancel={onCancel}
      cancelText={t("search.cancel")}
      cancellingText={t("train.cancelling")}
      extra={
        best && (
          <span className="badge" data-testid="search-best">
            {t("search.bestSoFar", { score: trialScore(best, t) })}
          </span>
        )
      }
    />
  );
}

function TrialList({ trials, best }: { trials: readonly TrialInfo[]; best: TrialInfo | null }) {
  const { t, locale } = useT();
  const seconds = (ms: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000);
  return (
    <section aria-label={t("search.trials")}>
      <h3 className="section-title">{t("search.trialsCount", { count: formatCount(trials.length, locale) })}</h3>
      <ol className="search-trials" data-testid="search-trials">
        {/* Newest first: the one just finished is on top. */}
        {[...trials].reverse().map((trial) => (
          <li
            key={trial.number}
            className={trial.pruned ? "search-trial pruned" : "search-trial"}
            data-testid={`search-trial-${trial.number}`}
            title={Object.entries(trial.params)
              .map(([k, v]) => `${k} = ${v}`)
              .join("\n")}
          >
            <span className="search-trial-number">{t("search.trialNumber", { number: trial.number })}</span>
            <span className="search-trial-family">{familyLabel(trial.family, t)}</span>
            <span className="search-trial-score">{trialScore(trial, t)}</span>
            <span className="muted small">{t("train.seconds", { value: seconds(trial.ms) })}</span>
            {trial.pruned && <span className="badge warning">{t("search.pruned")}</span>}
            {best?.number === trial.number && <span className="badge ok">{t("search.best")}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function SearchResult({ search, best }: { search: Extract<SearchState, { kind: "done" }>; best: TrialInfo | null }) {
  const { t, locale } = useT();
  const summary = search.outcome;
  const seconds = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(summary.searchMs / 1000);
  return (
    <div className="train-result" data-testid="search-result" title={summary.model.runId}>
      <h2>{t("search.kept", { name: summary.model.model, family: familyLabel(summary.model.family, t) })}</h2>
      <p className="muted small" data-testid="search-summary">
        {t("search.summary", {
          trials: formatCount(summary.trials.length, locale),
          pruned: formatCount(summary.pruned, locale),
          seconds,
        })}
        {best && ` ${t("search.bestTrial", { number: best.number, score: trialScore(best, t) })}`}
      </p>
      <MetricsTable metrics={summary.model.metrics} testId="search-metrics" />
    </div>
  );
}
