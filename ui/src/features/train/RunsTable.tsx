import { Fragment } from "react";
import { StarIcon } from "../../components/icons";
import { TagList } from "../../components/TagList";
import { useFormatDate, useT, type MessageKey } from "../../i18n";
import type { RunSummary } from "../../lib/api";
import { formatBytes, formatStat } from "../data/format";
import { familyLabel, metricLabel } from "../models/labels";
import { formatMeanStd, formatMetric } from "./metrics";
import { headlineScore, runLabel, runSeconds, score, statusBadge, statusLabel, type RunSort, type RunSortKey, type ScorePart } from "./runs";

/** A column header that sorts the table by `column` (again: the other way). */
function SortHeader({
  column,
  label,
  title,
  sort,
  onSort,
}: {
  column: RunSortKey;
  label: string;
  title?: string;
  sort: RunSort;
  onSort: (key: RunSortKey) => void;
}) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined} title={title}>
      <button type="button" className="runs-sort" onClick={() => onSort(column)} data-testid={`runs-sort-${column}`}>
        {label}
        {active && <span aria-hidden="true">{sort.descending ? " ▾" : " ▴"}</span>}
      </button>
    </th>
  );
}

/**
 * The runs, one row each: a checkbox to compare, the run (its star, its name, click: its detail,
 * and its tags), family, headline
 * metric on test/validation rows and cross-validated, p50 latency, model size, training time and
 * status; a failed run's error on a row of its own. `best` is marked.
 */
export function RunsTable({
  runs,
  sort,
  best,
  selected,
  open,
  showDataset,
  starring,
  onSort,
  onSelect,
  onOpen,
  onStar,
}: {
  runs: RunSummary[];
  sort: RunSort;
  best: string | null;
  selected: string[];
  open: string | null;
  showDataset: boolean;
  /** A star is being changed: the star buttons wait. */
  starring: boolean;
  onSort: (key: RunSortKey) => void;
  onSelect: (run: RunSummary, on: boolean) => void;
  onOpen: (run: RunSummary) => void;
  /** The run's star clicked: star it (or unstar it). */
  onStar: (run: RunSummary) => void;
}) {
  const { t, locale } = useT();
  const formatDate = useFormatDate();
  const header = (column: RunSortKey, label: MessageKey, title?: MessageKey) => (
    <SortHeader column={column} label={t(label)} title={title && t(title)} sort={sort} onSort={onSort} />
  );
  const columns = showDataset ? 12 : 11;

  /** A score cell; the run's headline one carries `runs-metric-<id>`. */
  function scoreCell(run: RunSummary, part: ScorePart, headlinePart: ScorePart | null) {
    const value = score(run, part);
    const text = value === null ? "—" : part === "cv" ? formatMeanStd(value, run.cvStd, t) : formatMetric(value);
    return (
      <td className="models-number" data-testid={part === headlinePart ? `runs-metric-${run.id}` : undefined}>
        {text}
      </td>
    );
  }

  return (
    <table className="model-table runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th scope="col" className="runs-check" aria-label={t("runs.compareColumn")} />
          <th scope="col">{t("runs.col.run")}</th>
          {showDataset && <th scope="col">{t("train.col.dataset")}</th>}
          {header("family", "train.col.family")}
          <th scope="col">{t("runs.col.metric")}</th>
          {header("test", "runs.col.test")}
          {header("validation", "runs.col.validation")}
          {header("cv", "runs.col.cv", "runs.col.cvTitle")}
          {header("train", "runs.col.train", "runs.col.trainTitle")}
          {header("latency", "runs.col.latency", "runs.col.latencyTitle")}
          {header("size", "runs.col.size")}
          {header("time", "runs.col.time", "runs.col.timeTitle")}
          {header("status", "runs.col.status")}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const label = runLabel(run, t);
          const headlinePart = headlineScore(run)?.part ?? null;
          const seconds = runSeconds(run);
          const isOpen = open === run.id;
          return (
            <Fragment key={run.id}>
              <tr data-testid={`runs-row-${run.id}`} className={isOpen ? "runs-open" : undefined} aria-selected={isOpen}>
                <td className="runs-check">
                  <input
                    type="checkbox"
                    checked={selected.includes(run.id)}
                    onChange={(e) => onSelect(run, e.target.checked)}
                    aria-label={t("runs.select", { run: label })}
                    data-testid={`runs-select-${run.id}`}
                  />
                </td>
                <td className="model-name">
                  <button
                    type="button"
                    className="icon-button runs-star"
                    aria-pressed={run.starred}
                    aria-label={t("runs.star", { run: label })}
                    title={t(run.starred ? "runs.starredTitle" : "runs.starTitle")}
                    disabled={starring}
                    onClick={() => onStar(run)}
                    data-testid={`runs-star-${run.id}`}
                  >
                    <StarIcon size={14} fill={run.starred ? "currentColor" : "none"} />
                  </button>
                  <button
                    type="button"
                    className="runs-run"
                    onClick={() => onOpen(run)}
                    title={t("runs.openTitle", { dataset: run.dataset, target: run.target, started: formatDate(run.createdAt) })}
                    data-testid={`runs-open-${run.id}`}
                  >
                    {label}
                  </button>
                  {run.searchTrial !== null && (
                    <span className="badge" data-testid={`runs-trial-${run.id}`} title={t("runs.trialTitle")}>
                      {t("runs.trialBadge")}
                    </span>
                  )}
                  {best === run.id && (
                    <span className="badge ok" data-testid="runs-best">
                      {t("runs.best")}
                    </span>
                  )}
                  {run.tags.length > 0 && <TagList tags={run.tags} testId={`runs-tags-${run.id}`} />}
                </td>
                {showDataset && <td>{run.dataset}</td>}
                <td>{familyLabel(run.family, t)}</td>
                <td title={run.higherIsBetter ? t("models.leaderboard.higher") : t("models.leaderboard.lower")}>
                  {run.metric === null ? "—" : `${metricLabel(run.metric, t)} ${run.higherIsBetter ? "↑" : "↓"}`}
                </td>
                {scoreCell(run, "test", headlinePart)}
                {scoreCell(run, "validation", headlinePart)}
                {scoreCell(run, "cv", headlinePart)}
                {scoreCell(run, "train", headlinePart)}
                <td className="models-number">{run.p50Ms === null ? "—" : t("runs.ms", { value: formatStat(run.p50Ms, locale) })}</td>
                <td className="models-number">{run.modelBytes === null ? "—" : formatBytes(run.modelBytes, t, locale)}</td>
                <td className="models-number">{seconds === null ? "—" : t("train.seconds", { value: formatStat(seconds, locale) })}</td>
                <td>
                  <span className={statusBadge(run.status)}>{statusLabel(run.status, t)}</span>
                </td>
              </tr>
              {run.error && (
                <tr className="runs-error-row">
                  <td />
                  <td colSpan={columns - 1} className="runs-error" data-testid={`runs-error-${run.id}`}>
                    {run.error}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
