import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from "react";
import { api, type Cell, type ColumnInfo, type DatasetInfo, type RowWindow } from "../../lib/api";
import { useT, type MessageKey } from "../../i18n";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ExplainIcon } from "../../components/icons";
import { formatCell, formatCount, isNumericType } from "./format";
import { LruCache, scrollMapping, toVirtual, visibleRows, windowsFor } from "./virtualScroll";

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 34;
/** Rows per `dataset_rows` (or `dataset_rows_at`) call. */
export const WINDOW_ROWS = 500;
/** Row windows kept in memory per table (40 × 500 = 20,000 rows). */
const CACHE_WINDOWS = 40;
/** Room in the row-number column for a row's Explain action. */
const EXPLAIN_WIDTH = 24;
/** Rows rendered above and below the viewport. */
const OVERSCAN = 8;
/** Window requests in flight at once; others wait until one returns (fast scrollbar drags). */
const MAX_PENDING = 3;

/** Column width by type; text-like columns are wider. */
function columnWidth(column: ColumnInfo): number {
  // Name (~7.5px a character) + type badge + padding.
  const byName = Math.min(280, 72 + column.name.length * 7.5);
  const byType = column.type === "text" ? 200 : column.type === "datetime" ? 170 : column.type === "categorical" ? 140 : 110;
  return Math.round(Math.max(byType, byName));
}

export function typeLabelKey(type: string): MessageKey | null {
  switch (type) {
    case "integer":
    case "float":
    case "boolean":
    case "categorical":
    case "text":
    case "datetime":
      return `data.type.${type}`;
    default:
      return null;
  }
}

/** Fetches row window `w` (the table's rows `w * WINDOW_ROWS` onwards). */
type WindowFetcher = (w: number) => Promise<RowWindow>;

/**
 * How the table's windows are fetched: of all the rows of `dataset`, or of the rows numbered
 * `subset` (the table's row `i` is the dataset's row `subset[i]`).
 */
function windowFetcher(dataset: string, subset: readonly number[] | undefined): WindowFetcher {
  if (subset) return (w) => api.datasetRowsAt(dataset, subset.slice(w * WINDOW_ROWS, (w + 1) * WINDOW_ROWS));
  return (w) => api.datasetRows(dataset, w * WINDOW_ROWS, WINDOW_ROWS);
}

/**
 * Fetches row windows with `fetchWindow` on demand and keeps the most recent ones; a new fetcher
 * starts afresh. `version` changes whenever a window arrives so the table re-renders.
 */
function useRowWindows(fetchWindow: WindowFetcher) {
  const cache = useRef(new LruCache<number, Cell[][]>(CACHE_WINDOWS));
  const pending = useRef(new Set<number>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const current = useRef(fetchWindow);

  useEffect(() => {
    current.current = fetchWindow;
    cache.current = new LruCache(CACHE_WINDOWS);
    pending.current = new Set();
    setError(null);
    setVersion((v) => v + 1);
  }, [fetchWindow]);

  const ensure = useCallback(
    (windows: number[]) => {
      for (const w of windows) {
        if (cache.current.has(w) || pending.current.has(w)) continue;
        if (pending.current.size >= MAX_PENDING) break;
        pending.current.add(w);
        const asked = fetchWindow;
        const pendingSet = pending.current;
        asked(w).then(
          (win: RowWindow) => {
            pendingSet.delete(w);
            if (current.current !== asked) return;
            cache.current.set(w, win.rows);
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            pendingSet.delete(w);
            if (current.current !== asked) return;
            setError(e);
          },
        );
      }
    },
    [fetchWindow],
  );

  const row = useCallback((index: number): Cell[] | undefined => {
    const w = Math.floor(index / WINDOW_ROWS);
    return cache.current.get(w)?.[index - w * WINDOW_ROWS];
  }, []);

  return { ensure, row, version, error };
}

/**
 * The rows of one dataset in a virtualised grid that asks Rust for 500-row windows as it scrolls;
 * with `subset`, only the rows it numbers (0-based, ascending), each under its number in the
 * dataset. With `onExplainRow`, each row number gets an Explain action (shown on hover and keyboard
 * focus) that passes the row's 0-based index in the dataset.
 */
export function DataTable({
  dataset,
  subset,
  onExplainRow,
}: {
  dataset: DatasetInfo;
  subset?: readonly number[];
  onExplainRow?: (row: number) => void;
}) {
  const { t, locale } = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const totalRows = subset ? subset.length : dataset.rows;
  const columns = dataset.columns;
  const fetchWindow = useMemo(() => windowFetcher(dataset.id, subset), [dataset.id, subset]);
  const { ensure, row, version, error } = useRowWindows(fetchWindow);
  /** The dataset's row number of the table's row `i`. */
  const rowNumber = (i: number) => (subset ? (subset[i] ?? i) : i);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(Math.max(0, el.clientHeight - HEADER_HEIGHT) || 600);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [fetchWindow]);

  const mapping = useMemo(() => scrollMapping(totalRows, ROW_HEIGHT, viewport), [totalRows, viewport]);
  const virtualTop = toVirtual(scrollTop, mapping, viewport);
  const range = visibleRows(virtualTop, viewport, ROW_HEIGHT, totalRows, OVERSCAN);
  const needed = windowsFor(range, WINDOW_ROWS);
  const neededKey = needed.join(",");

  useEffect(() => {
    ensure(needed);
    // `version` re-runs this after each arrival, so windows held back by MAX_PENDING follow.
  }, [ensure, neededKey, version]);

  const widths = useMemo(() => columns.map(columnWidth), [columns]);
  // Wide enough for the dataset's last row number (a subset shows the dataset's numbers).
  const gutter = Math.max(56, 20 + formatCount(dataset.rows, locale).length * 8) + (onExplainRow ? EXPLAIN_WIDTH : 0);
  const totalWidth = gutter + widths.reduce((a, b) => a + b, 0);
  const template = `${gutter}px ${widths.map((w) => `${w}px`).join(" ")}`;

  const onScroll = (e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop);

  const rows = [];
  for (let i = range.start; i < range.end; i += 1) {
    const cells = row(i);
    // Row i sits at its virtual offset relative to the viewport, placed in physical content space.
    const top = HEADER_HEIGHT + scrollTop + (i * ROW_HEIGHT - virtualTop);
    const datasetRow = rowNumber(i);
    const number = formatCount(datasetRow + 1, locale);
    const explainLabel = t("data.table.explainRow", { row: number });
    rows.push(
      <div
        key={i}
        className={`dt-row${i % 2 === 1 ? " dt-row-odd" : ""}${cells ? "" : " dt-row-loading"}`}
        role="row"
        aria-rowindex={i + 2}
        style={{ top, gridTemplateColumns: template, width: totalWidth }}
        data-testid={cells ? "data-row" : "data-row-loading"}
      >
        <div className="dt-gutter" role="rowheader">
          {onExplainRow && (
            <button
              type="button"
              className="icon-button dt-explain"
              onClick={() => onExplainRow(datasetRow)}
              aria-label={explainLabel}
              title={explainLabel}
              data-testid={`data-row-explain-${datasetRow}`}
            >
              <ExplainIcon size={14} />
            </button>
          )}
          {number}
        </div>
        {cells
          ? columns.map((col, c) => <TableCell key={c} cell={cells[c] ?? null} numeric={isNumericType(col.type)} nullLabel={t("data.table.null")} />)
          : columns.map((_, c) => (
              <div key={c} className="dt-cell" role="gridcell">
                <span className="dt-placeholder" />
              </div>
            ))}
      </div>,
    );
  }

  return (
    <div className="data-table-wrap">
      <div className="data-table-meta">
        <span data-testid="row-count" className="data-table-count">
          {subset
            ? t("data.table.subsetCount", { rows: formatCount(totalRows, locale), total: formatCount(dataset.rows, locale) })
            : t("data.table.rowCount", { rows: formatCount(totalRows, locale) })}
        </span>
        <span className="muted">· {t("data.table.columns", { count: formatCount(columns.length, locale) })}</span>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <div
        ref={scroller}
        className="data-table"
        role="grid"
        aria-label={t("data.table.label", { name: dataset.name })}
        aria-rowcount={totalRows + 1}
        aria-colcount={columns.length + 1}
        data-testid="data-table"
        onScroll={onScroll}
        tabIndex={0}
      >
        <div className="dt-content" style={{ height: HEADER_HEIGHT + mapping.physicalHeight, width: totalWidth }}>
          <div className="dt-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width: totalWidth }}>
            <div className="dt-gutter dt-head-cell" role="columnheader">
              {t("data.table.rowNumber")}
            </div>
            {columns.map((col) => {
              const key = typeLabelKey(col.type);
              return (
                <div
                  key={col.name}
                  className={`dt-head-cell${isNumericType(col.type) ? " dt-num" : ""}`}
                  role="columnheader"
                  title={`${col.name} (${col.type})`}
                >
                  <span className="dt-head-name">{col.name}</span>
                  <span className={`type-badge type-${col.type}`}>{key ? t(key) : col.type}</span>
                </div>
              );
            })}
          </div>
          {rows}
        </div>
      </div>
    </div>
  );
}

/** How an imported image's thumbnail cell starts. */
const THUMBNAIL_PREFIX = "data:image/png;base64,";

function TableCell({ cell, numeric, nullLabel }: { cell: Cell; numeric: boolean; nullLabel: string }) {
  if (cell === null) {
    return (
      <div className={`dt-cell dt-null${numeric ? " dt-num" : ""}`} role="gridcell" aria-label={nullLabel}>
        —
      </div>
    );
  }
  // An image folder's thumbnails arrive as PNG data URLs: shown as the picture.
  if (typeof cell === "string" && cell.startsWith(THUMBNAIL_PREFIX)) {
    return (
      <div className="dt-cell dt-thumb" role="gridcell">
        <img src={cell} alt="" data-testid="dt-thumbnail" />
      </div>
    );
  }
  const text = formatCell(cell);
  const isNum = typeof cell === "number" || (numeric && typeof cell === "string");
  return (
    <div className={`dt-cell${isNum ? " dt-num" : ""}${typeof cell === "boolean" ? " dt-bool" : ""}`} role="gridcell" title={text.length > 18 ? text : undefined}>
      {text}
    </div>
  );
}
