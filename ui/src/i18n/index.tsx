import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import en from "./en.json";

/** Every message key, derived from the English file (the reference language). */
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Vars = Record<string, string | number>;

/**
 * All shipped languages. To add 简体中文: create `zh-CN.json` with exactly the
 * keys of `en.json` and register it here as `"zh-CN": zhCN`. The key-parity
 * test (i18n.test.ts) fails if a file misses a key or has an extra one.
 */
export const locales = {
  en: en as Messages,
} satisfies Record<string, Messages>;

export type Locale = keyof typeof locales;
export const defaultLocale: Locale = "en";

/** Keys of `reference` missing from `candidate`, and keys of `candidate` not in `reference`. */
export function keyDiff(
  reference: Record<string, unknown>,
  candidate: Record<string, unknown>,
): { missing: string[]; extra: string[] } {
  const ref = new Set(Object.keys(reference));
  const cand = new Set(Object.keys(candidate));
  return {
    missing: [...ref].filter((k) => !cand.has(k)).sort(),
    extra: [...cand].filter((k) => !ref.has(k)).sort(),
  };
}

/** Replaces `{{name}}` placeholders with `vars.name`; unknown placeholders stay visible. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Picks the best shipped locale for a list of BCP 47 tags (e.g. navigator.languages). */
export function pickLocale(preferred: readonly string[]): Locale {
  const available = Object.keys(locales) as Locale[];
  for (const tag of preferred) {
    const exact = available.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split("-")[0]?.toLowerCase();
    const loose = available.find((l) => l.split("-")[0]?.toLowerCase() === base);
    if (loose) return loose;
  }
  return defaultLocale;
}

export type TFunction = (key: MessageKey, vars?: Vars) => string;

export function makeT(locale: Locale): TFunction {
  const messages: Messages = locales[locale];
  return (key, vars) => format(messages[key] ?? locales[defaultLocale][key] ?? key, vars);
}

type I18nValue = { locale: Locale; t: TFunction };
const I18nContext = createContext<I18nValue>({ locale: defaultLocale, t: makeT(defaultLocale) });

export function I18nProvider({ locale, children }: { locale?: Locale; children: ReactNode }) {
  const resolved =
    locale ?? pickLocale(typeof navigator === "undefined" ? [] : navigator.languages ?? []);
  const value = useMemo(() => ({ locale: resolved, t: makeT(resolved) }), [resolved]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `const { t } = useT(); t("panel.data")` */
export function useT(): I18nValue {
  return useContext(I18nContext);
}

/** Locale-aware date-time formatting for ISO strings; returns the input if unparsable. */
export function useFormatDate(): (iso: string) => string {
  const { locale } = useT();
  return useCallback(
    (iso: string) => {
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
    },
    [locale],
  );
}
