// Pure geometry for the virtualised table: which rows are visible, how a scroll position maps
// onto a table taller than a browser lets an element be, and which row windows to fetch.

/**
 * Tallest scroll content we let the browser lay out. WebKit caps element heights near 33.5M px
 * and Chromium/Firefox have similar limits; staying well below keeps scrolling precise.
 */
export const MAX_SCROLL_HEIGHT = 10_000_000;

export type ScrollMapping = {
  /** Height of the whole table at full row height (may exceed what the browser can show). */
  virtualHeight: number;
  /** Height of the scrollable content actually laid out (≤ maxHeight). */
  physicalHeight: number;
  /** Virtual pixels per physical pixel of scrolling (1 unless the table is huge). */
  ratio: number;
};

/**
 * How a table of `totalRows` rows maps onto a scroll area at most `maxHeight` tall, given the
 * visible `viewportHeight`. Scrolling from top to bottom of the physical content covers the
 * whole virtual table exactly: the last row is reachable and the first stays at 0.
 */
export function scrollMapping(
  totalRows: number,
  rowHeight: number,
  viewportHeight: number,
  maxHeight: number = MAX_SCROLL_HEIGHT,
): ScrollMapping {
  const virtualHeight = Math.max(0, totalRows) * rowHeight;
  if (virtualHeight <= maxHeight) return { virtualHeight, physicalHeight: virtualHeight, ratio: 1 };
  const physicalHeight = maxHeight;
  const virtualRange = Math.max(0, virtualHeight - viewportHeight);
  const physicalRange = Math.max(1, physicalHeight - viewportHeight);
  return { virtualHeight, physicalHeight, ratio: virtualRange / physicalRange };
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), Math.max(lo, hi));
}

/** The virtual scroll offset (full-height table coordinates) for a physical `scrollTop`. */
export function toVirtual(scrollTop: number, m: ScrollMapping, viewportHeight: number): number {
  const physicalMax = Math.max(0, m.physicalHeight - viewportHeight);
  const virtualMax = Math.max(0, m.virtualHeight - viewportHeight);
  return clamp(clamp(scrollTop, 0, physicalMax) * m.ratio, 0, virtualMax);
}

/** The physical `scrollTop` showing the virtual offset `virtualTop` (inverse of toVirtual). */
export function toPhysical(virtualTop: number, m: ScrollMapping, viewportHeight: number): number {
  const physicalMax = Math.max(0, m.physicalHeight - viewportHeight);
  return clamp(virtualTop / m.ratio, 0, physicalMax);
}

export type RowRange = {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render (exclusive). */
  end: number;
};

/** Rows intersecting the viewport at virtual offset `virtualTop`, plus `overscan` on each side. */
export function visibleRows(
  virtualTop: number,
  viewportHeight: number,
  rowHeight: number,
  totalRows: number,
  overscan = 0,
): RowRange {
  if (totalRows <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, virtualTop) / rowHeight);
  const last = Math.ceil((Math.max(0, virtualTop) + Math.max(0, viewportHeight)) / rowHeight);
  return {
    start: clamp(first - overscan, 0, totalRows),
    end: clamp(last + overscan, 0, totalRows),
  };
}

/** Indexes of the row windows (of `windowSize` rows each) covering `range`. */
export function windowsFor(range: RowRange, windowSize: number): number[] {
  if (range.end <= range.start || windowSize <= 0) return [];
  const first = Math.floor(range.start / windowSize);
  const last = Math.floor((range.end - 1) / windowSize);
  const out: number[] = [];
  for (let w = first; w <= last; w += 1) out.push(w);
  return out;
}

/** A small least-recently-used map: `get` refreshes an entry, `set` evicts the oldest beyond `capacity`. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
