// A trained model's metrics as the Train panel shows them: a table (parts by headline metric) or
// a card per part, with the cross-validated score and the serving cost.
import { useT } from "../../i18n";
import type { PartMetrics } from "../../lib/api";
import { formatBytes, formatStat } from "../data/format";
import { metricLabel } from "../models/labels";
import { formatMeanStd, formatMetric, headline } from "./metrics";
import { partsOf } from "./plots/evaluation";

/** A model's headline metrics per part as a table (rows: parts; test ids `<testId>-table`, `<testId>-<part>`). */
export function MetricsTable({ metrics, testId = "metrics" }: { metrics: PartMetrics; testId?: string }) {
  const { t } = useT();
  const parts = partsOf(metrics);
  const columns = parts[0] ? headline(parts[0].metrics).map((m) => m.key) : [];
  if (parts.length === 0) return null;
  return (
    <table className="metrics-table" data-testid={`${testId}-table`}>
      <thead>
        <tr>
          <th scope="col">{t("train.part")}</th>
          {columns.map((key) => (
            <th scope="col" key={key}>
              {t(`train.metric.${key}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {parts.map(({ part, metrics }) => (
          <tr key={part} data-testid={`${testId}-${part}`}>
            <th scope="row">{t(`train.part.${part}`)}</th>
            {headline(metrics).map(({ key, value }) => (
              <td key={key}>{value === null ? "—" : formatMetric(value)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A card per part (its headline metrics), then the cross-validated score and the serving cost when measured. */
export function MetricCards({ metrics }: { metrics: PartMetrics }) {
  const { t, locale } = useT();
  const latency = metrics.latency;
  return (
    <div className="metric-cards" data-testid="run-metrics">
      {partsOf(metrics).map(({ part, metrics: m }) => (
        <section className="metric-card" key={part} data-testid={`run-metrics-${part}`} aria-label={t(`train.part.${part}`)}>
          <h4>{t(`train.part.${part}`)}</h4>
          <dl>
            {headline(m).map(({ key, value }) => (
              <div key={key}>
                <dt>{t(`train.metric.${key}`)}</dt>
                <dd>{value === null ? "—" : formatMetric(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {metrics.cv && metrics.cv.mean !== null && (
        <section className="metric-card" data-testid="run-metrics-cv" aria-label={t("runs.cv")}>
          <h4>{t("runs.cvFolds", { folds: metrics.cv.folds.length })}</h4>
          <dl>
            <div>
              <dt>{metricLabel(metrics.cv.metric, t)}</dt>
              <dd>{formatMeanStd(metrics.cv.mean, metrics.cv.std, t)}</dd>
            </div>
          </dl>
        </section>
      )}
      {latency && (
        <section className="metric-card" data-testid="run-metrics-latency" aria-label={t("runs.serving")}>
          <h4>{t("runs.serving")}</h4>
          <dl>
            <div>
              <dt>{t("runs.p50")}</dt>
              <dd>{latency.p50Batch1Ms === null ? "—" : t("runs.ms", { value: formatStat(latency.p50Batch1Ms, locale) })}</dd>
            </div>
            <div>
              <dt>{t("runs.p99")}</dt>
              <dd>{latency.p99Batch1Ms === null ? "—" : t("runs.ms", { value: formatStat(latency.p99Batch1Ms, locale) })}</dd>
            </div>
            <div>
              <dt>{t("runs.throughput")}</dt>
              <dd>
                {latency.rowsPerSecondBatch1024 === null
                  ? "—"
                  : t("runs.rowsPerSecond", { value: formatStat(latency.rowsPerSecondBatch1024, locale) })}
              </dd>
            </div>
            <div>
              <dt>{t("runs.size")}</dt>
              <dd>{formatBytes(latency.modelBytes, t, locale)}</dd>
            </div>
          </dl>
        </section>
      )}
    </div>
  );
}
