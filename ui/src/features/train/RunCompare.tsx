import { useCallback } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import type { Palette } from "../../components/plots/palette";
import { ExportProvider } from "../../components/plots/PlotFrame";
import { XyPlot } from "../../components/plots/XyPlot";
import { useLoaded } from "../../components/useLoaded";
import { useT } from "../../i18n";
import { api, type RunDetail, type RunSummary } from "../../lib/api";
import { familyLabel } from "../models/labels";
import { curvesChart } from "./plots/curves";
import { differingParams, runLabel } from "./runs";

/** The checked runs side by side: the parameters that differ, and their loss curves overlaid. */
export function RunCompare({ runs, onClear }: { runs: RunSummary[]; onClear: () => void }) {
  const { t } = useT();
  const ids = runs.map((r) => r.id).join(" ");
  const load = useCallback(() => Promise.all(ids.split(" ").map((id) => api.runDetail(id))), [ids]);
  const { state } = useLoaded(load);
  const diffs = differingParams(runs);
  return (
    <section className="train-run runs-compare" data-testid="runs-compare" aria-label={t("runs.compare.title", { count: runs.length })}>
      <div className="runs-head">
        <h3 className="section-title">{t("runs.compare.title", { count: runs.length })}</h3>
        <button type="button" className="button small-button" onClick={onClear} data-testid="runs-compare-clear">
          {t("runs.compare.clear")}
        </button>
      </div>
      {diffs.length === 0 ? (
        <p className="muted small" data-testid="runs-compare-same">
          {t("runs.compare.same")}
        </p>
      ) : (
        <table className="metrics-table runs-compare-table" data-testid="runs-compare-params">
          <thead>
            <tr>
              <th scope="col">{t("runs.compare.parameter")}</th>
              {runs.map((run) => (
                <th scope="col" key={run.id} title={run.id}>
                  {runLabel(run, t)}
                  <span className="muted small"> · {familyLabel(run.family, t)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {diffs.map((d) => (
              <tr key={d.name} data-testid={`runs-compare-param-${d.name}`}>
                <th scope="row">{d.name}</th>
                {d.values.map((v, i) => (
                  <td key={runs[i]!.id}>{v ?? "—"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.kind === "loading" && <p className="muted small">{t("runs.compare.loading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && <CompareCurves runs={runs} details={state.value} />}
    </section>
  );
}

function CompareCurves({ runs, details }: { runs: RunSummary[]; details: RunDetail[] }) {
  const { t, locale } = useT();
  const chart = useCallback(
    (palette: Palette) =>
      curvesChart(
        details.map((d, i) => ({ name: runLabel(runs[i] ?? d.summary, t), points: d.curve })),
        t,
        locale,
        palette,
      ),
    [runs, details, t, locale],
  );
  if (details.every((d) => d.curve.length === 0)) {
    return <p className="muted small">{t("runs.compare.noCurves")}</p>;
  }
  return (
    <ExportProvider name={`compare-${runs.length}-runs`} scope="compare">
      <XyPlot plot="curves" title={t("runs.compare.curves")} chart={chart} testId="runs-compare-curves" />
    </ExportProvider>
  );
}
