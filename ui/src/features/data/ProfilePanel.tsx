import { useEffect, useState } from "react";
import { api, toFailure, type ApiFailure, type ColumnFlag, type ColumnProfile, type DatasetProfile, type Histogram as HistogramData, type ValueCount } from "../../lib/api";
import { useT, type MessageKey } from "../../i18n";
import { ErrorMessage } from "../../components/ErrorMessage";
import { WarningIcon } from "../../components/icons";
import { formatCompactStat, formatCount, formatPercent, formatStat, formatStatFor } from "./format";
import { typeLabelKey } from "./DataTable";

type ProfileState =
  | { kind: "waiting" }
  | { kind: "loading" }
  | { kind: "loaded"; profile: DatasetProfile }
  | { kind: "failed"; error: ApiFailure };

/** Index of p50 in NumericSummary.quantiles (p1, p5, p10, p25, p50, p75, p90, p95, p99). */
const P50 = 4;
const TOP_VALUES = 8;

/**
 * Column profiles of one dataset, fetched once per dataset. While an import runs the request
 * waits (`paused`): the backend tracks one cancellable job at a time.
 */
export function ProfilePanel({ dataset, paused }: { dataset: string; paused: boolean }) {
  const { t } = useT();
  const [state, setState] = useState<ProfileState>({ kind: "loading" });
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  useEffect(() => {
    if (loadedFor === dataset) return;
    if (paused) {
      setState({ kind: "waiting" });
      return;
    }
    let live = true;
    setState({ kind: "loading" });
    api.datasetProfile(dataset).then(
      (profile) => {
        if (!live) return;
        setState({ kind: "loaded", profile });
        setLoadedFor(dataset);
      },
      (e: unknown) => live && setState({ kind: "failed", error: toFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [dataset, paused, loadedFor]);

  return (
    <section className="profile" aria-label={t("data.profile.title")} data-testid="profile-panel">
      <h2 className="section-title">{t("data.profile.title")}</h2>
      {state.kind === "waiting" && <p className="muted small">{t("data.profile.waiting")}</p>}
      {state.kind === "loading" && <p className="muted small">{t("data.profile.loading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && (
        <ul className="profile-list">
          {state.profile.columns.map((col) => (
            <li key={col.name}>
              <ColumnCard column={col} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ColumnCard({ column }: { column: ColumnProfile }) {
  const { t, locale } = useT();
  const typeKey = typeLabelKey(column.type);
  const personal = column.flags.includes("likely_personal_data");
  const otherFlags = column.flags.filter((f) => f !== "likely_personal_data");
  const num = column.numeric;
  const stat = (n: number | null) => formatStatFor(column.type, n, locale);
  const std =
    num && column.type === "datetime" && num.std !== null
      ? t("unit.days", { value: formatStat(num.std / 86_400e6, locale) })
      : formatCompactStat(num?.std ?? null, locale);

  return (
    <article className="column-card" data-testid="column-card" aria-label={column.name}>
      <header className="column-card-head">
        <span className="column-card-name" title={column.name}>
          {column.name}
        </span>
        <span className={`type-badge type-${column.type}`}>{typeKey ? t(typeKey) : column.type}</span>
      </header>
      <div className="column-card-counts muted small">
        <span>{t("data.profile.count", { count: formatCount(column.count, locale) })}</span>
        <span className={column.nulls > 0 ? "column-card-missing" : undefined}>
          {t("data.profile.missing", { count: formatCount(column.nulls, locale) })}
        </span>
        <span>{t("data.profile.distinct", { count: formatCount(column.distinct, locale) })}</span>
      </div>
      {(personal || otherFlags.length > 0) && (
        <div className="column-card-flags">
          {personal && (
            <span
              className="badge warning flag-personal"
              data-testid="personal-data-badge"
              title={
                column.personalDataReason
                  ? t("data.profile.personalDataTitle", { reason: column.personalDataReason })
                  : t("data.profile.personalDataNoReason")
              }
            >
              <WarningIcon size={11} />
              {t("data.profile.personalData")}
            </span>
          )}
          {otherFlags.map((f) => (
            <span key={f} className="badge flag" title={t(flagTitleKey(f))}>
              {t(flagKey(f))}
            </span>
          ))}
        </div>
      )}
      {num ? (
        <>
          <dl className={`column-card-stats${column.type === "datetime" ? " column-card-stats-wide" : ""}`}>
            <Stat label={t("data.profile.mean")} value={stat(num.mean)} />
            <Stat label={t("data.profile.std")} value={std} />
            <Stat label={t("data.profile.min")} value={stat(num.min)} />
            <Stat label={t("data.profile.median")} value={stat(num.quantiles[P50] ?? null)} />
            <Stat label={t("data.profile.max")} value={stat(num.max)} />
          </dl>
          {num.histogram.counts.length > 0 && (
            <Histogram
              data={num.histogram}
              label={t("data.profile.histogram", { name: column.name })}
              binLabel={(from, to, count) =>
                t("data.profile.bin", { from: stat(from), to: stat(to), count: formatCount(count, locale) })
              }
            />
          )}
        </>
      ) : (
        column.topValues.length > 0 && <TopValues column={column} />
      )}
    </article>
  );
}

function flagKey(flag: ColumnFlag): MessageKey {
  return `data.flag.${flag}`;
}

function flagTitleKey(flag: ColumnFlag): MessageKey {
  return `data.flagTitle.${flag}`;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const HIST_W = 220;
const HIST_H = 40;

/** A tiny equal-width histogram: one <rect> per bin, height relative to the tallest bin. */
export function Histogram({
  data,
  label,
  binLabel,
}: {
  data: HistogramData;
  label: string;
  binLabel: (from: number | null, to: number | null, count: number) => string;
}) {
  const n = data.counts.length;
  const peak = Math.max(1, ...data.counts);
  const bw = HIST_W / n;
  const gap = bw > 4 ? 1 : 0;
  return (
    <svg
      className="histogram"
      data-testid="histogram"
      viewBox={`0 0 ${HIST_W} ${HIST_H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <line className="histogram-axis" x1={0} x2={HIST_W} y1={HIST_H - 0.5} y2={HIST_H - 0.5} />
      {data.counts.map((count, i) => {
        const h = count === 0 ? 0 : Math.max(1.5, (count / peak) * (HIST_H - 2));
        return (
          <rect key={i} x={i * bw + gap / 2} y={HIST_H - h} width={Math.max(0.5, bw - gap)} height={h}>
            <title>{binLabel(data.edges[i] ?? null, data.edges[i + 1] ?? null, count)}</title>
          </rect>
        );
      })}
    </svg>
  );
}

function TopValues({ column }: { column: ColumnProfile }) {
  const { t, locale } = useT();
  const shown: ValueCount[] = column.topValues.slice(0, TOP_VALUES);
  const peak = Math.max(1, ...shown.map((v) => v.count));
  const total = column.count + column.nulls;
  const rest = column.distinct - shown.length;
  return (
    <div className="top-values" role="list" aria-label={t("data.profile.topValues", { name: column.name })}>
      {shown.map((v) => {
        const share = total > 0 ? v.count / total : 0;
        const text = v.value === "" ? t("data.empty") : v.value;
        return (
          <div
            key={v.value}
            className="top-value"
            role="listitem"
            data-testid="top-value"
            title={t("data.profile.topValue", { value: text, count: formatCount(v.count, locale) })}
          >
            <span className="top-value-bar" style={{ width: `${(v.count / peak) * 100}%` }} />
            <span className="top-value-label">{text}</span>
            <span className="top-value-count">{t("data.profile.share", { value: formatPercent(share, locale) })}</span>
          </div>
        );
      })}
      {rest > 0 && <div className="muted small">{t("data.profile.more", { count: formatCount(rest, locale) })}</div>}
    </div>
  );
}
