// The Train panel's queue: the runs queued from it, oldest first, each with what it trains, where
// it stands (waiting, iteration k of n, done) and Cancel; a click shows a run's curve and result.
import { useT, type TFunction } from "../../i18n";
import { formatCount } from "../data/format";
import { familyLabel } from "../models/labels";
import { keyParams } from "./familyParams";
import { statusBadge } from "./runs";
import { hasEnded, type QueuedRun, type QueueState } from "./runQueue";

/** Where a queued run stands, in words: waiting, reading the data, iteration k of n, done, failed, cancelled. */
export function queueStatusText(run: QueuedRun, t: TFunction, locale: string): string {
  const last = run.iterations[run.iterations.length - 1];
  switch (run.status) {
    case "queued":
      return t("train.queue.waiting");
    case "running":
      return last
        ? t("train.progress", { iteration: formatCount(last.iteration, locale), total: formatCount(last.total, locale) })
        : t("train.starting");
    case "finished":
      return t("train.queue.done");
    case "failed":
      return t("train.queue.failed");
    case "cancelled":
      return t("train.queue.cancelled");
  }
}

export function QueueList({
  queue,
  onCancel,
  onFollow,
  onClear,
}: {
  queue: QueueState;
  onCancel: (id: string) => void;
  onFollow: (id: string) => void;
  onClear: () => void;
}) {
  const { t } = useT();
  const runs = queue.order.flatMap((id) => queue.runs[id] ?? []);
  if (runs.length === 0) return null;
  return (
    <section className="run-queue" aria-label={t("train.queue.title")} data-testid="queue-list">
      <div className="runs-head">
        <h2 className="section-title">{t("train.queue.title")}</h2>
        {runs.some((run) => hasEnded(run.status)) && (
          <button type="button" className="button small-button" onClick={onClear} data-testid="queue-clear">
            {t("train.queue.clear")}
          </button>
        )}
      </div>
      <ul className="queue-rows">
        {runs.map((run) => (
          <QueueRow key={run.id} run={run} followed={queue.followed === run.id} onCancel={onCancel} onFollow={onFollow} />
        ))}
      </ul>
    </section>
  );
}

function QueueRow({
  run,
  followed,
  onCancel,
  onFollow,
}: {
  run: QueuedRun;
  followed: boolean;
  onCancel: (id: string) => void;
  onFollow: (id: string) => void;
}) {
  const { t, locale } = useT();
  const { what } = run;
  const params = what ? keyParams(what.family, what.params) : [];
  return (
    <li className={followed ? "queue-row followed" : "queue-row"} data-testid={`queue-row-${run.id}`} aria-current={followed || undefined}>
      <button
        type="button"
        className="queue-run"
        onClick={() => onFollow(run.id)}
        title={t("train.queue.follow")}
        data-testid={`queue-follow-${run.id}`}
      >
        <span className="queue-family">{what ? familyLabel(what.family, t) : run.id.slice(-8)}</span>
        <span className="queue-params">
          {params.length > 0 ? params.map(({ name, value }) => `${name} ${value}`).join(" · ") : t("train.queue.defaults")}
        </span>
      </button>
      {what && <span className="queue-on">{t("train.queue.on", { dataset: what.dataset, target: what.target })}</span>}
      {run.model && <span className="queue-model">{run.model}</span>}
      <span className={`${statusBadge(run.status)} queue-status`} data-testid={`queue-status-${run.id}`}>
        {queueStatusText(run, t, locale)}
      </span>
      {!hasEnded(run.status) && (
        <button
          type="button"
          className="button small-button"
          onClick={() => onCancel(run.id)}
          disabled={run.cancelling}
          data-testid={`queue-cancel-${run.id}`}
        >
          {run.cancelling ? t("train.cancelling") : t("train.cancel")}
        </button>
      )}
    </li>
  );
}
