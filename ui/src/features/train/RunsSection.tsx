// The Train panel's runs: a leaderboard of the chosen dataset's runs (or every dataset's), the
// best by a chosen score, starred and tagged (and filtered by that), quality against latency, a
// comparison of the checked runs and the detail of the clicked one. Asked again whenever a
// training or a search ends.
import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useAction } from "../../components/useAction";
import { useLoaded } from "../../components/useLoaded";
import { useT } from "../../i18n";
import { api, type ModelInfo, type RunSummary } from "../../lib/api";
import { ParetoPlot } from "./ParetoPlot";
import { RunCompare } from "./RunCompare";
import { RunDetailView } from "./RunDetail";
import {
  bestRun,
  bestSort,
  BEST_BY,
  defaultDescending,
  filterRuns,
  runTags,
  sortRuns,
  type BestBy,
  type RunSort,
  type RunSortKey,
} from "./runs";
import { RunsTable } from "./RunsTable";

export function RunsSection({
  dataset,
  refresh,
  models,
}: {
  /** The Train form's dataset (its name: every version's runs), or null for none chosen. */
  dataset: string | null;
  /** Changes when a training or a search ends: the runs are asked for again. */
  refresh: string;
  /** The project's models (class labels for a run's confusion matrix). */
  models: ModelInfo[];
}) {
  const { t } = useT();
  const [all, setAll] = useState(false);
  const [bestBy, setBestBy] = useState<BestBy>("test");
  // Null: ordered by "best by".
  const [sorted, setSorted] = useState<RunSort | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [detail, setDetail] = useState<string | null>(null);
  const [starredOnly, setStarredOnly] = useState(false);
  // Null: any tag.
  const [tagFilter, setTagFilter] = useState<string | null>(null);
  const star = useAction();
  const scope = all ? null : dataset;
  const load = useCallback(() => api.listRuns(scope), [scope]);
  const { state, reload, update } = useLoaded(load);

  // A training or search that ended added runs: ask again, showing the table meanwhile.
  const seen = useRef(refresh);
  useEffect(() => {
    if (seen.current === refresh) return;
    seen.current = refresh;
    void reload();
  }, [refresh, reload]);

  const sort = sorted ?? bestSort(bestBy);
  const runs = state.kind === "loaded" ? state.value : [];
  const tags = runTags(runs);
  // A tag no run carries any more (its last one retagged) filters nothing.
  const tag = tagFilter !== null && tags.includes(tagFilter) ? tagFilter : null;
  const shown = filterRuns(runs, { starredOnly, tag });
  // The ticked runs in the order they were ticked (those no longer listed left out).
  const chosen = selected.flatMap((id) => runs.filter((r) => r.id === id));

  function onSort(key: RunSortKey) {
    setSorted(sort.key === key ? { key, descending: !sort.descending } : { key, descending: defaultDescending(key) });
  }

  function onSelect(run: RunSummary, on: boolean) {
    setSelected((s) => (on ? [...s, run.id] : s.filter((id) => id !== run.id)));
  }

  /** A run as the backend answered a change of its star or tags: its row shows it. */
  function onLabelled(run: RunSummary) {
    update((listed) => listed.map((r) => (r.id === run.id ? run : r)));
  }

  function onStar(run: RunSummary) {
    void star.run(async () => onLabelled(await api.labelRun(run.id, !run.starred, null)));
  }

  return (
    <section className="runs" aria-label={t("runs.title")}>
      <div className="runs-head">
        <h2 className="section-title">{t("runs.title")}</h2>
        <label className="check-field">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="runs-all" />
          <span>{t("runs.allDatasets")}</span>
        </label>
        <label className="plot-control">
          <span>{t("runs.bestBy")}</span>
          <select
            value={bestBy}
            onChange={(e) => {
              setBestBy(e.target.value as BestBy);
              setSorted(null);
            }}
            data-testid="runs-best-by"
          >
            {BEST_BY.map((by) => (
              <option key={by} value={by}>
                {t(`runs.by.${by}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.kind === "loading" && <p className="muted small">{t("runs.loading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && runs.length === 0 && (
        <p className="muted small" data-testid="runs-empty">
          {scope === null ? t("runs.emptyAll") : t("runs.empty", { dataset: scope })}
        </p>
      )}
      {runs.length > 0 && (
        <div className="runs-filters" data-testid="runs-filters">
          <label className="check-field">
            <input type="checkbox" checked={starredOnly} onChange={(e) => setStarredOnly(e.target.checked)} data-testid="runs-starred-only" />
            <span>{t("runs.starredOnly")}</span>
          </label>
          <label className="plot-control">
            <span>{t("runs.tag")}</span>
            <select
              value={tag ?? ""}
              onChange={(e) => setTagFilter(e.target.value === "" ? null : e.target.value)}
              disabled={tags.length === 0}
              data-testid="runs-tag-filter"
            >
              <option value="">{t("runs.allTags")}</option>
              {tags.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {star.error && <ErrorMessage error={star.error} />}
      {runs.length > 0 && shown.length === 0 && (
        <p className="muted small" data-testid="runs-filtered-empty">
          {t("runs.filteredEmpty")}
        </p>
      )}
      {shown.length > 0 && (
        <RunsTable
          runs={sortRuns(shown, sort)}
          sort={sort}
          best={bestRun(runs, bestBy)?.id ?? null}
          selected={selected}
          open={detail}
          showDataset={scope === null}
          starring={star.busy}
          onSort={onSort}
          onSelect={onSelect}
          onOpen={(run) => setDetail((d) => (d === run.id ? null : run.id))}
          onStar={onStar}
        />
      )}
      {detail !== null && (
        <RunDetailView key={detail} id={detail} models={models} onLabelled={onLabelled} onClose={() => setDetail(null)} />
      )}
      {chosen.length === 1 && <p className="muted small">{t("runs.compare.pickAnother")}</p>}
      {chosen.length >= 2 && <RunCompare runs={chosen} onClear={() => setSelected([])} />}
      {runs.length > 0 && <ParetoPlot runs={runs} name={scope ?? "all"} onOpen={(run) => setDetail(run.id)} />}
    </section>
  );
}
