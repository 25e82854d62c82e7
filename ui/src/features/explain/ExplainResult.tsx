import { useMemo, useRef, useState } from "react";
import { useT } from "../../i18n";
import type { ExplainView } from "../../lib/api";
import { formatCount, formatStat } from "../data/format";
import { Beeswarm } from "./plots/Beeswarm";
import { DependencePlot, type DependenceChoice } from "./plots/DependencePlot";
import { plotData, type ColumnTypes, type PlotData } from "./plots/features";
import { ForcePlot } from "./plots/ForcePlot";
import { ImportanceChart } from "./plots/ImportanceChart";
import { InteractionHeatmap } from "./plots/InteractionHeatmap";
import { ExportProvider } from "../../components/plots/PlotFrame";
import { WaterfallChart } from "./plots/WaterfallChart";

/**
 * An explanation: how it was computed, then the global plots (importance, beeswarm, dependence,
 * interactions) and the selected row's waterfall and force plot. The output picker (multiclass)
 * drives every per-output plot; clicking a dot selects its row, a column its dependence plot.
 */
export function ExplainResult({ view, model, types }: { view: ExplainView; model: string; types: ColumnTypes }) {
  const { t, locale } = useT();
  const [output, setOutput] = useState(0);
  const [row, setRow] = useState(0);
  const [dependence, setDependence] = useState<DependenceChoice | null>(null);
  const dependenceRef = useRef<HTMLDivElement>(null);
  const data = useMemo(() => plotData(view, types, t, locale), [view, types, t, locale]);
  const last = view.firstRow + Math.max(0, view.rows - 1);

  function openDependence(choice: DependenceChoice) {
    setDependence(choice);
    // Bring the plot into view once it is drawn (not every DOM can scroll).
    requestAnimationFrame(() => dependenceRef.current?.scrollIntoView?.({ block: "nearest", behavior: "smooth" }));
  }
  const onColumn = (column: number) => openDependence({ column, colour: "auto" });

  return (
    <ExportProvider name={model} scope="explain">
      <div className="explain-result" data-testid="explain-result">
        <div className="explain-meta">
          <p className="explain-summary" data-testid="explain-summary">
            {t("explain.summary", {
              model,
              method: view.method,
              first: formatCount(view.firstRow, locale),
              last: formatCount(last, locale),
              space: view.outputSpace,
              error: formatStat(view.maxAdditivityError, locale),
            })}
            {view.background != null && t("explain.background", { rows: formatCount(view.background, locale) })}
          </p>
          {view.stored && (
            <span className="explain-stored" title={t("explain.storedTitle")} data-testid="explain-stored">
              {t("explain.stored")}
            </span>
          )}
        </div>
        {view.rows > 0 && view.outputs.length > 1 && (
          <label className="field explain-output">
            <span>{t("explain.output")}</span>
            <select value={output} onChange={(e) => setOutput(Number(e.target.value))} data-testid="explain-output">
              {view.outputs.map((o, k) => (
                <option key={k} value={k}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        )}
        <ImportanceChart data={data} onColumn={onColumn} />
        {view.rows > 0 && (
          <>
            <Beeswarm data={data} output={output} row={row} onRow={setRow} onColumn={onColumn} />
            <div ref={dependenceRef}>
              {dependence && (
                <DependencePlot
                  data={data}
                  output={output}
                  choice={dependence}
                  row={row}
                  onRow={setRow}
                  onChoice={setDependence}
                  onClose={() => setDependence(null)}
                />
              )}
            </div>
            {view.interactions && <InteractionHeatmap data={data} onChoice={openDependence} />}
            <RowBrowser data={data} output={output} row={row} onRow={setRow} onColumn={onColumn} />
          </>
        )}
      </div>
    </ExportProvider>
  );
}

/** The selected row (typed, stepped, or picked in a plot) with its waterfall and force plot. */
function RowBrowser({
  data,
  output,
  row,
  onRow,
  onColumn,
}: {
  data: PlotData;
  output: number;
  row: number;
  onRow: (row: number) => void;
  onColumn: (column: number) => void;
}) {
  const { t, locale } = useT();
  const { view } = data;
  // What is being typed; null shows the selected row.
  const [draft, setDraft] = useState<string | null>(null);

  function go(index: number) {
    setDraft(null);
    onRow(Math.max(0, Math.min(view.rows - 1, index)));
  }

  function type(value: string) {
    setDraft(value);
    const n = Number(value);
    if (value.trim() !== "" && Number.isInteger(n) && n >= view.firstRow && n < view.firstRow + view.rows) onRow(n - view.firstRow);
  }

  return (
    <div className="explain-rows">
      <div className="explain-row-nav">
        <button
          type="button"
          className="button small-button"
          onClick={() => go(row - 1)}
          disabled={row <= 0}
          aria-label={t("explain.prevRow")}
          data-testid="explain-row-prev"
        >
          ‹
        </button>
        <label className="explain-row-field">
          <span>{t("explain.row")}</span>
          <input
            type="number"
            min={view.firstRow}
            max={view.firstRow + view.rows - 1}
            value={draft ?? String(view.firstRow + row)}
            onChange={(e) => type(e.target.value)}
            onBlur={() => setDraft(null)}
            data-testid="explain-row"
          />
        </label>
        <button
          type="button"
          className="button small-button"
          onClick={() => go(row + 1)}
          disabled={row >= view.rows - 1}
          aria-label={t("explain.nextRow")}
          data-testid="explain-row-next"
        >
          ›
        </button>
        <span className="muted small">
          {t("explain.rowOf", { index: formatCount(row + 1, locale), count: formatCount(view.rows, locale) })}
        </span>
      </div>
      <WaterfallChart data={data} row={row} output={output} onColumn={onColumn} />
      <ForcePlot data={data} row={row} output={output} onColumn={onColumn} />
    </div>
  );
}
