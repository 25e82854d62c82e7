import { describe, expect, it } from "vitest";
import { LruCache, MAX_SCROLL_HEIGHT, scrollMapping, toPhysical, toVirtual, visibleRows, windowsFor } from "./virtualScroll";

const RH = 28;
const VH = 600;

describe("scrollMapping", () => {
  it("is the identity for a small table", () => {
    const m = scrollMapping(150, RH, VH);
    expect(m).toEqual({ virtualHeight: 4200, physicalHeight: 4200, ratio: 1 });
    expect(toVirtual(1234, m, VH)).toBe(1234);
    expect(toPhysical(1234, m, VH)).toBe(1234);
  });

  it("stays unscaled right up to the cap", () => {
    const rows = Math.floor(MAX_SCROLL_HEIGHT / RH);
    expect(scrollMapping(rows, RH, VH).ratio).toBe(1);
    expect(scrollMapping(rows + 1, RH, VH).ratio).toBeGreaterThan(1);
  });

  it("scales a million rows into the cap and reaches the last row exactly", () => {
    const m = scrollMapping(1_000_000, RH, VH);
    expect(m.virtualHeight).toBe(28_000_000);
    expect(m.physicalHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(m.ratio).toBeCloseTo((28_000_000 - VH) / (MAX_SCROLL_HEIGHT - VH), 9);
    expect(toVirtual(0, m, VH)).toBe(0);
    const bottom = toVirtual(MAX_SCROLL_HEIGHT - VH, m, VH);
    expect(bottom).toBeCloseTo(28_000_000 - VH, 3);
    const range = visibleRows(bottom, VH, RH, 1_000_000);
    expect(range.end).toBe(1_000_000);
    // Halfway down the scrollbar is halfway through the table.
    const mid = toVirtual((MAX_SCROLL_HEIGHT - VH) / 2, m, VH);
    expect(mid / RH).toBeCloseTo((1_000_000 - VH / RH) / 2, 0);
  });

  it("round-trips virtual and physical offsets", () => {
    for (const rows of [10, 5_000, 1_000_000, 50_000_000]) {
      const m = scrollMapping(rows, RH, VH);
      const maxVirtual = Math.max(0, m.virtualHeight - VH);
      for (const f of [0, 0.1, 0.5, 0.999, 1]) {
        const v = maxVirtual * f;
        expect(toVirtual(toPhysical(v, m, VH), m, VH)).toBeCloseTo(v, 3);
      }
    }
  });

  it("clamps out-of-range positions", () => {
    const m = scrollMapping(1_000_000, RH, VH);
    expect(toVirtual(-50, m, VH)).toBe(0);
    expect(toVirtual(MAX_SCROLL_HEIGHT * 2, m, VH)).toBeCloseTo(m.virtualHeight - VH, 3);
    expect(toPhysical(-1, m, VH)).toBe(0);
    expect(toPhysical(m.virtualHeight * 3, m, VH)).toBe(MAX_SCROLL_HEIGHT - VH);
    // A table shorter than the viewport cannot scroll at all.
    const tiny = scrollMapping(3, RH, VH);
    expect(toVirtual(500, tiny, VH)).toBe(0);
    expect(scrollMapping(0, RH, VH)).toEqual({ virtualHeight: 0, physicalHeight: 0, ratio: 1 });
  });
});

describe("visibleRows", () => {
  it("covers the viewport plus overscan, clamped to the table", () => {
    expect(visibleRows(0, VH, RH, 1000)).toEqual({ start: 0, end: 22 });
    expect(visibleRows(0, VH, RH, 1000, 5)).toEqual({ start: 0, end: 27 });
    expect(visibleRows(280, VH, RH, 1000, 5)).toEqual({ start: 5, end: 37 });
    expect(visibleRows(27_400, VH, RH, 1000, 5)).toEqual({ start: 973, end: 1000 });
    expect(visibleRows(0, VH, RH, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRows(0, VH, RH, 0, 5)).toEqual({ start: 0, end: 0 });
  });
});

describe("windowsFor", () => {
  it("lists the 500-row windows a viewport needs", () => {
    expect(windowsFor({ start: 0, end: 30 }, 500)).toEqual([0]);
    expect(windowsFor({ start: 480, end: 520 }, 500)).toEqual([0, 1]);
    expect(windowsFor({ start: 500, end: 1000 }, 500)).toEqual([1]);
    expect(windowsFor({ start: 999_970, end: 1_000_000 }, 500)).toEqual([1999]);
    expect(windowsFor({ start: 10, end: 10 }, 500)).toEqual([]);
  });
});

describe("LruCache", () => {
  it("evicts the least recently used window", () => {
    const c = new LruCache<number, string>(2);
    c.set(0, "a");
    c.set(1, "b");
    expect(c.get(0)).toBe("a"); // 0 is now the most recent
    c.set(2, "c");
    expect(c.has(1)).toBe(false);
    expect(c.keys()).toEqual([0, 2]);
    c.set(0, "a2");
    c.set(3, "d");
    expect(c.keys()).toEqual([0, 3]);
    expect(c.size).toBe(2);
  });
});
