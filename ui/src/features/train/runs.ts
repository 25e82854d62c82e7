// The runs leaderboard's logic, apart from drawing it: scores read best-first, sorting, the best
// run by a chosen score, filtering by star and tag, the quality–latency Pareto front, and what
// differs between runs.
import type { TFunction } from "../../i18n";
import { RUN_STATUSES, type RunStatus, type RunSummary } from "../../lib/api";

/** What "best by" can rank on: a score (test, validation, cross-validated, training) or the serving latency. */
export const BEST_BY = ["test", "validation", "cv", "train", "latency"] as const;
export type BestBy = (typeof BEST_BY)[number];
/** The scores a run can have (its headline metric on some rows). */
export type ScorePart = Exclude<BestBy, "latency">;

/** The leaderboard's sortable columns. */
export const RUN_SORT_KEYS = ["family", "test", "validation", "cv", "train", "latency", "size", "time", "status"] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];
/** How the table is ordered; `descending` on a score column means best first. */
export type RunSort = { key: RunSortKey; descending: boolean };

const SCORE_PARTS: readonly string[] = ["test", "validation", "cv", "train"] satisfies ScorePart[];

function isScore(key: string): key is ScorePart {
  return SCORE_PARTS.includes(key);
}

function finite(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v);
}

/** The run's headline metric on `part` (null when it has none). */
export function score(run: RunSummary, part: ScorePart): number | null {
  const v = part === "cv" ? run.cvMean : run[part];
  return finite(v) ? v : null;
}

/** The score that stands for the run: on the test rows, else the validation rows, else cross-validated, else on the training rows. */
export function headlineScore(run: RunSummary): { part: ScorePart; value: number } | null {
  for (const part of ["test", "validation", "cv", "train"] as const) {
    const value = score(run, part);
    if (value !== null) return { part, value };
  }
  return null;
}

/** A value made "larger is better" for a metric that is better `higher` (or lower). */
function goodness(value: number, higher: boolean): number {
  return higher ? value : -value;
}

/** Seconds from the run's start to its end (null while it runs or when the times do not read). */
export function runSeconds(run: RunSummary): number | null {
  if (run.finishedAt === null) return null;
  const ms = Date.parse(run.finishedAt) - Date.parse(run.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

/** What a run is sorted by in column `key` (scores as goodness, so larger is always better); null sorts last. */
export function sortValue(run: RunSummary, key: RunSortKey): number | string | null {
  if (isScore(key)) {
    const v = score(run, key);
    return v === null ? null : goodness(v, run.higherIsBetter);
  }
  switch (key) {
    case "family":
      return run.family;
    case "status":
      return run.status;
    case "latency":
      return finite(run.p50Ms) ? run.p50Ms : null;
    case "size":
      return finite(run.modelBytes) ? run.modelBytes : null;
    case "time":
      return runSeconds(run);
  }
}

/** The direction a column sorts in when first clicked: scores best first, everything else ascending. */
export function defaultDescending(key: RunSortKey): boolean {
  return isScore(key);
}

/** The runs ordered by `sort`; runs without a value go last either way, ties keep their order (newest first). */
export function sortRuns(runs: readonly RunSummary[], sort: RunSort): RunSummary[] {
  const keyed = runs.map((run, i) => ({ run, i, v: sortValue(run, sort.key) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return (a.v === null ? 1 : 0) - (b.v === null ? 1 : 0) || a.i - b.i;
    const c = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v));
    return (sort.descending ? -c : c) || a.i - b.i;
  });
  return keyed.map((k) => k.run);
}

/** The order "best by" puts runs in: best score first, or lowest latency first. */
export function bestSort(by: BestBy): RunSort {
  return { key: by, descending: by !== "latency" };
}

/** The best run by `by` (null when no run has that value). */
export function bestRun(runs: readonly RunSummary[], by: BestBy): RunSummary | null {
  const first = sortRuns(runs, bestSort(by))[0];
  return first && sortValue(first, by) !== null ? first : null;
}

/** Which runs the leaderboard lists: all, or only the starred ones, and/or only those with `tag` (null: any). */
export type RunFilter = { starredOnly: boolean; tag: string | null };

/** The runs `filter` lets through, in their order. */
export function filterRuns(runs: readonly RunSummary[], filter: RunFilter): RunSummary[] {
  return runs.filter((run) => (!filter.starredOnly || run.starred) && (filter.tag === null || run.tags.includes(filter.tag)));
}

/** The tags the runs carry, each once, in order. */
export function runTags(runs: readonly RunSummary[]): string[] {
  return [...new Set(runs.flatMap((run) => run.tags))].sort((a, b) => a.localeCompare(b));
}

/** Tags as typed: separated by commas, each trimmed, blanks dropped (the backend dedups and sorts them). */
export function parseRunTags(text: string): string[] {
  return text
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

/** How a run is named: its model, else "Trial N" for a search trial, else the end of its id. */
export function runLabel(run: RunSummary, t: TFunction): string {
  if (run.model) return run.model;
  if (run.searchTrial !== null) return t("runs.trial", { number: run.searchTrial });
  return run.id.slice(-8);
}

const STATUS_BADGE: Record<RunStatus, string> = {
  queued: "badge",
  running: "badge accent",
  finished: "badge ok",
  failed: "badge warning",
  cancelled: "badge",
  interrupted: "badge warning",
};

/** The badge classes a run's status is shown with. */
export function statusBadge(status: string): string {
  return STATUS_BADGE[status as RunStatus] ?? "badge";
}

/** A run's status in words (statuses the UI does not know stay as sent). */
export function statusLabel(status: string, t: TFunction): string {
  return (RUN_STATUSES as readonly string[]).includes(status) ? t(`runs.status.${status as RunStatus}`) : status;
}

/**
 * The points not dominated by another (no other is at least as fast and at least as good, and
 * better in one), fastest first. `quality` is larger-is-better unless `higherIsBetter` is false.
 */
export function paretoFront<T>(points: readonly T[], latency: (p: T) => number, quality: (p: T) => number, higherIsBetter = true): T[] {
  const sorted = points
    .map((p) => ({ p, l: latency(p), q: goodness(quality(p), higherIsBetter) }))
    .filter((e) => Number.isFinite(e.l) && Number.isFinite(e.q))
    .sort((a, b) => a.l - b.l || b.q - a.q);
  const front: typeof sorted = [];
  for (const e of sorted) {
    const last = front[front.length - 1];
    // Better than every faster point, or the same point again (equal points do not dominate each other).
    if (!last || e.q > last.q || (e.q === last.q && e.l === last.l)) front.push(e);
  }
  return front.map((e) => e.p);
}

/** A run on the quality–latency plot. */
export type ParetoPoint = { run: RunSummary; latency: number; quality: number; optimal: boolean };

/**
 * The runs the Pareto plot shows: those with a p50 latency and a headline score, of the metric
 * most of them have (scores of different metrics do not compare); `left` counts those left out for
 * another metric.
 */
export function paretoRuns(runs: readonly RunSummary[]): {
  metric: string | null;
  higherIsBetter: boolean;
  points: ParetoPoint[];
  left: number;
} {
  const measured = runs.flatMap((run) => {
    const s = headlineScore(run);
    if (!finite(run.p50Ms) || s === null || run.metric === null) return [];
    return [{ run, latency: run.p50Ms, quality: s.value, metric: run.metric }];
  });
  const counts = new Map<string, number>();
  for (const m of measured) counts.set(m.metric, (counts.get(m.metric) ?? 0) + 1);
  let metric: string | null = null;
  for (const [name, n] of counts) if (metric === null || n > counts.get(metric)!) metric = name;
  const chosen = measured.filter((m) => m.metric === metric);
  const higherIsBetter = chosen[0]?.run.higherIsBetter ?? true;
  const front = new Set(paretoFront(chosen, (m) => m.latency, (m) => m.quality, higherIsBetter));
  return {
    metric,
    higherIsBetter,
    points: chosen.map((m) => ({ run: m.run, latency: m.latency, quality: m.quality, optimal: front.has(m) })),
    left: measured.length - chosen.length,
  };
}

/** A parameter whose value is not the same in every run: its value per run (null where a run has none). */
export type ParamDiff = { name: string; values: (string | null)[] };

/** The parameters that differ between `runs` (a parameter one run lacks differs), by name. */
export function differingParams(runs: readonly Pick<RunSummary, "params">[]): ParamDiff[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  return names
    .map((name) => ({ name, values: runs.map((r) => r.params[name] ?? null) }))
    .filter((d) => d.values.some((v) => v !== d.values[0]));
}
