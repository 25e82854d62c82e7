import type { TFunction } from "../../i18n";
import type { Cell, ColumnType } from "../../lib/api";

/** 1000000 → "1,000,000" (in the UI's locale). */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Bytes in B/KB/MB/GB (powers of 1024), one decimal above 1 KB. */
export function formatBytes(bytes: number, t: TFunction, locale: string): string {
  const one = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  if (bytes < 1024) return t("unit.bytes", { value: formatCount(bytes, locale) });
  if (bytes < 1024 ** 2) return t("unit.kb", { value: one(bytes / 1024) });
  if (bytes < 1024 ** 3) return t("unit.mb", { value: one(bytes / 1024 ** 2) });
  return t("unit.gb", { value: one(bytes / 1024 ** 3) });
}

/** A statistic: up to 4 significant digits, grouped thousands, exponent for tiny/huge values. */
export function formatStat(n: number | null, locale: string): string {
  if (n === null || !Number.isFinite(n)) return "—";
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return n.toExponential(2);
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: abs >= 1e4 ? 7 : 4 }).format(n);
}

/** A statistic in little room: 4 significant digits, compact above 10,000 ("500.1K"). */
export function formatCompactStat(n: number | null, locale: string): string {
  if (n === null || !Number.isFinite(n)) return "—";
  const abs = Math.abs(n);
  if (abs >= 1e4 && abs < 1e15) {
    return new Intl.NumberFormat(locale, { notation: "compact", maximumSignificantDigits: 4 }).format(n);
  }
  return formatStat(n, locale);
}

/** A datetime statistic travels as microseconds since the epoch; shown as an ISO date. */
export function formatStatFor(type: ColumnType, n: number | null, locale: string): string {
  if (type === "datetime" && n !== null && Number.isFinite(n)) {
    const d = new Date(n / 1000);
    if (!Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
  }
  return formatCompactStat(n, locale);
}

/** A table cell as text (null is drawn separately). Numbers keep their digits, rounded to 12 significant. */
export function formatCell(cell: Exclude<Cell, null>): string {
  if (typeof cell === "number") {
    if (Number.isInteger(cell)) return String(cell);
    return String(Number(cell.toPrecision(12)));
  }
  return String(cell);
}

export function isNumericType(type: string): boolean {
  return type === "integer" || type === "float";
}

/** A share in percent: one decimal, two below 1 % ("33.3", "0.67"). */
export function formatPercent(fraction: number, locale: string): string {
  const pct = fraction * 100;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: pct !== 0 && pct < 1 ? 2 : 1 }).format(pct);
}
