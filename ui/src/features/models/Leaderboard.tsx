import { useEffect, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useT } from "../../i18n";
import { api, toFailure, type ApiFailure, type LeaderboardEntry } from "../../lib/api";
import { formatMetric } from "../train/metrics";
import { metricLabel, originLabel, partLabel, taskLabel } from "./labels";

/**
 * The entries grouped by task (in the order tasks first appear), best first within each: by
 * value, descending when higher is better; entries without a value last.
 */
export function rankLeaderboard(entries: LeaderboardEntry[]): { task: string; entries: LeaderboardEntry[] }[] {
  const groups = new Map<string, LeaderboardEntry[]>();
  for (const entry of entries) groups.set(entry.task, [...(groups.get(entry.task) ?? []), entry]);
  return [...groups].map(([task, list]) => ({
    task,
    entries: [...list].sort((a, b) => {
      if (a.value === null || b.value === null) return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0);
      return a.higherIsBetter ? b.value - a.value : a.value - b.value;
    }),
  }));
}

type BoardState = { kind: "loading" } | { kind: "loaded"; entries: LeaderboardEntry[] } | { kind: "failed"; error: ApiFailure };

/** Every model's headline score per task: trained models on their test rows, and each evaluation. */
export function Leaderboard() {
  const { t } = useT();
  const [state, setState] = useState<BoardState>({ kind: "loading" });

  useEffect(() => {
    let live = true;
    api.leaderboard().then(
      (entries) => live && setState({ kind: "loaded", entries }),
      (e: unknown) => live && setState({ kind: "failed", error: toFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, []);

  if (state.kind === "loading") return <p className="muted small">{t("models.leaderboard.loading")}</p>;
  if (state.kind === "failed") return <ErrorMessage error={state.error} />;
  if (state.entries.length === 0) return <p className="muted small">{t("models.leaderboard.empty")}</p>;
  return (
    <div className="models-leaderboard" data-testid="leaderboard">
      {rankLeaderboard(state.entries).map(({ task, entries }) => (
        <section key={task} className="models-section" aria-label={taskLabel(task, t)}>
          <h2 className="section-title">{taskLabel(task, t)}</h2>
          <table className="model-table" data-testid={`leaderboard-${task}`}>
            <thead>
              <tr>
                <th scope="col">{t("models.leaderboard.rank")}</th>
                <th scope="col">{t("models.leaderboard.model")}</th>
                <th scope="col">{t("models.leaderboard.origin")}</th>
                <th scope="col">{t("models.leaderboard.dataset")}</th>
                <th scope="col">{t("models.leaderboard.part")}</th>
                <th scope="col">{t("models.leaderboard.metric")}</th>
                <th scope="col">{t("models.leaderboard.value")}</th>
                <th scope="col" title={t("models.leaderboard.latencyTitle")}>
                  {t("models.leaderboard.latency")}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.model}\u0000${e.dataset}\u0000${e.part}\u0000${i}`} data-testid="leaderboard-row">
                  <td>{i + 1}</td>
                  <td className="model-name">{e.model}</td>
                  <td>
                    <span className="badge">{originLabel(e.origin, t)}</span>
                  </td>
                  <td>{e.dataset}</td>
                  <td>{partLabel(e.part, t)}</td>
                  <td title={e.higherIsBetter ? t("models.leaderboard.higher") : t("models.leaderboard.lower")}>
                    {metricLabel(e.metric, t)} {e.higherIsBetter ? "↑" : "↓"}
                  </td>
                  <td className="models-number">{e.value === null ? "—" : formatMetric(e.value)}</td>
                  <td className="models-number">{e.latency?.p50Batch1Ms != null ? `${e.latency.p50Batch1Ms.toFixed(3)} ms` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
