import { useCallback, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { SelectField } from "../../components/SelectField";
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT } from "../../i18n";
import { ACTIVITY_KINDS, ACTIVITY_LIMIT, api, type ActivityInfo, type ActivityKind } from "../../lib/api";

type KindFilter = ActivityKind | "all";

/** The newest activity in the project, of one kind or all; what mentions the user stands out. */
export function ActivityFeed() {
  const { t } = useT();
  const [kind, setKind] = useState<KindFilter>("all");
  const [mentionsOnly, setMentionsOnly] = useState(false);
  const load = useCallback(() => api.activityFeed(ACTIVITY_LIMIT, kind === "all" ? null : kind, mentionsOnly), [kind, mentionsOnly]);
  const { state } = useLoaded(load);

  return (
    <section className="notes-activity" aria-label={t("notes.tab.activity")} data-testid="activity">
      <div className="models-form-inline activity-filters">
        <SelectField label={t("activity.kind")} value={kind} onChange={(v) => setKind(v as KindFilter)} testId="activity-kind">
          <option value="all">{t("activity.kind.all")}</option>
          {ACTIVITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`activity.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <label className="models-check">
          <input type="checkbox" checked={mentionsOnly} onChange={(e) => setMentionsOnly(e.target.checked)} data-testid="activity-mentions" />
          <span>{t("activity.mentionsOnly")}</span>
        </label>
      </div>
      {state.kind === "loading" && <p className="muted small">{t("activity.loading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && state.value.length === 0 && <p className="muted small">{t("activity.empty")}</p>}
      {state.kind === "loaded" && state.value.length > 0 && (
        <ul className="activity-list" data-testid="activity-list">
          {state.value.map((entry, i) => (
            <ActivityEntry key={`${entry.createdAt}\u0000${entry.kind}\u0000${i}`} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ActivityEntry({ entry }: { entry: ActivityInfo }) {
  const { t } = useT();
  const formatDate = useFormatDate();
  return (
    <li className={entry.mentionsMe ? "activity-item activity-mention" : "activity-item"} data-testid="activity-item">
      {entry.mentionsMe && (
        <span className="badge accent" role="img" title={t("activity.mentionsMe")} aria-label={t("activity.mentionsMe")} data-testid="activity-mention">
          @
        </span>
      )}
      <span className="activity-summary">
        <span className="activity-author">{entry.author}</span> {entry.summary}
      </span>
      <span className="muted small activity-meta">
        <span className="models-mono">{entry.kind}</span> · {formatDate(entry.createdAt)}
      </span>
    </li>
  );
}
