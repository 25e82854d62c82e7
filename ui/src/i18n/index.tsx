import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import en from "./en.json";
import zhCN from "./zh-CN.json";

/** Every message key, derived from the English file (the reference language). */
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Vars = Record<string, string | number>;

/**
 * All shipped languages. To add one: create `<tag>.json` with exactly the keys of `en.json`
 * (and the same `{{placeholders}}` per message), register it here, and give it a
 * `language.<tag>` name (its own name for itself) in every file. The parity tests
 * (i18n.test.ts) fail on a missing or extra key, or a placeholder one file has and the other lacks.
 */
export const locales = {
  en: en satisfies Messages,
  "zh-CN": zhCN satisfies Messages,
} satisfies Record<string, Messages>;

export type Locale = keyof typeof locales;
export const defaultLocale: Locale = "en";

/** The shipped locales, in the order the language select lists them. */
export const localeList = Object.keys(locales) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(locales, value);
}

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

/** The `{{name}}` placeholders of a message, sorted and without duplicates. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))].sort();
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

/** Where the user's choice of language is remembered (this webview's localStorage). */
export const LOCALE_STORAGE_KEY = "modeldesk.locale";

/** The language the user chose before, or null (none saved, storage unavailable, or not shipped any more). */
export function storedLocale(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function storeLocale(locale: Locale) {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage refused (private mode, quota): the choice lasts until the window closes.
  }
}

/** The system's (browser's) language: any `zh…` tag picks 简体中文, anything else English. */
export function systemLocale(): Locale {
  if (typeof navigator === "undefined") return defaultLocale;
  const tags = navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
  return pickLocale(tags);
}

/** The language the app starts in: the saved choice, else the system's. */
export function initialLocale(): Locale {
  return storedLocale() ?? systemLocale();
}

type I18nValue = { locale: Locale; t: TFunction; setLocale: (locale: Locale) => void };
const I18nContext = createContext<I18nValue>({ locale: defaultLocale, t: makeT(defaultLocale), setLocale: () => {} });

/**
 * Provides the language. `locale` pins the starting language (tests pin "en"); without it the
 * app starts in the saved choice or the system's. `setLocale` (the language select) switches
 * it and remembers the choice.
 */
export function I18nProvider({ locale, children }: { locale?: Locale; children: ReactNode }) {
  const [current, setCurrent] = useState<Locale>(() => locale ?? initialLocale());
  useEffect(() => {
    if (locale) setCurrent(locale);
  }, [locale]);
  useEffect(() => {
    if (typeof document !== "undefined") document.documentElement.lang = current;
  }, [current]);
  const setLocale = useCallback((next: Locale) => {
    setCurrent(next);
    storeLocale(next);
  }, []);
  const value = useMemo(() => ({ locale: current, t: makeT(current), setLocale }), [current, setLocale]);
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
