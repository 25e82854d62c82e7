import { isLocale, localeList, useT } from "../i18n";

/** The UI language (English / 简体中文); each language is named in itself. The choice is remembered. */
export function LanguageSelect({ testId = "language-select" }: { testId?: string }) {
  const { t, locale, setLocale } = useT();
  const label = t("language.label");
  return (
    <select
      className="language-select"
      value={locale}
      aria-label={label}
      title={label}
      data-testid={testId}
      onChange={(e) => {
        const next = e.target.value;
        if (isLocale(next)) setLocale(next);
      }}
    >
      {localeList.map((l) => (
        <option key={l} value={l} lang={l}>
          {t(`language.${l}`)}
        </option>
      ))}
    </select>
  );
}
