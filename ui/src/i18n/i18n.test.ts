import { afterEach, describe, expect, it, vi } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";
import {
  format,
  initialLocale,
  keyDiff,
  LOCALE_STORAGE_KEY,
  localeList,
  locales,
  makeT,
  pickLocale,
  placeholders,
  storedLocale,
  systemLocale,
} from ".";

/** Keys whose `{{placeholders}}` differ between `reference` and `candidate`, with both sets. */
function placeholderMismatches(reference: Record<string, string>, candidate: Record<string, string>) {
  return Object.keys(reference)
    .filter((key) => key in candidate)
    .map((key) => ({ key, reference: placeholders(reference[key]!), candidate: placeholders(candidate[key]!) }))
    .filter((m) => m.reference.join() !== m.candidate.join());
}

describe("i18n", () => {
  it("ships English and Simplified Chinese", () => {
    expect(localeList).toEqual(["en", "zh-CN"]);
  });

  it("every language file has exactly the keys of English", () => {
    for (const [locale, messages] of Object.entries(locales)) {
      expect({ locale, ...keyDiff(en, messages) }).toEqual({ locale, missing: [], extra: [] });
    }
    // The JSON file itself, not only what the registry holds.
    expect(keyDiff(en, zhCN)).toEqual({ missing: [], extra: [] });
  });

  it("keyDiff reports missing and extra keys of an incomplete file", () => {
    const { ["panel.data"]: _dropped, ...incomplete } = en;
    const broken = { ...incomplete, "panel.bogus": "x" };
    expect(keyDiff(en, broken)).toEqual({ missing: ["panel.data"], extra: ["panel.bogus"] });
  });

  it("every message of every language has the placeholders of its English message", () => {
    for (const [locale, messages] of Object.entries(locales)) {
      expect({ locale, mismatches: placeholderMismatches(en, messages) }).toEqual({ locale, mismatches: [] });
    }
  });

  it("reports a placeholder one language has and the other lacks", () => {
    const reference = { a: "{{rows}} rows of {{name}}", b: "Hi {{ who }}", c: "same {{x}} {{x}}" };
    const candidate = { a: "{{name}} 的行", b: "你好 {{who}}", c: "{{x}} 相同" };
    expect(placeholderMismatches(reference, candidate)).toEqual([{ key: "a", reference: ["name", "rows"], candidate: ["name"] }]);
    expect(placeholderMismatches(candidate, reference)).toEqual([{ key: "a", reference: ["name"], candidate: ["name", "rows"] }]);
    expect(placeholders("{{ a }} {{b}} {{a}} {single}")).toEqual(["a", "b"]);
  });

  it("no message is empty", () => {
    for (const [locale, messages] of Object.entries(locales)) {
      for (const [key, value] of Object.entries(messages)) expect(value.trim(), `${locale} ${key}`).not.toBe("");
    }
  });

  it("every language is named in itself, the same in every file", () => {
    for (const messages of Object.values(locales)) {
      expect(messages["language.en"]).toBe("English");
      expect(messages["language.zh-CN"]).toBe("简体中文");
    }
  });

  it("interpolates variables", () => {
    expect(format("Received {{names}}", { names: "iris.csv" })).toBe("Received iris.csv");
    expect(format("Hi {{who}}", {})).toBe("Hi {{who}}");
    expect(makeT("en")("status.ortLoaded", { version: "1.2.3", provider: "CPU" })).toBe(
      "ONNX Runtime 1.2.3 · CPU",
    );
    expect(makeT("zh-CN")("data.shapeTitle", { rows: "1,000", columns: 12 })).toBe("1,000 行 × 12 列");
    expect(makeT("zh-CN")("panel.data")).toBe("数据");
  });

  it("picks a shipped locale, falling back to English", () => {
    expect(pickLocale(["en-GB"])).toBe("en");
    expect(pickLocale(["fr-FR"])).toBe("en");
    expect(pickLocale([])).toBe("en");
    expect(pickLocale(["zh-CN"])).toBe("zh-CN");
    expect(pickLocale(["zh"])).toBe("zh-CN");
    expect(pickLocale(["zh-TW"])).toBe("zh-CN");
    expect(pickLocale(["zh-Hans-SG"])).toBe("zh-CN");
    expect(pickLocale(["de-DE", "zh-CN", "en"])).toBe("zh-CN");
  });
});

describe("the starting language", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it("follows the system language: zh… is 简体中文, anything else English", () => {
    const languages = vi.spyOn(navigator, "languages", "get");
    languages.mockReturnValue(["zh-CN", "zh"]);
    expect(systemLocale()).toBe("zh-CN");
    languages.mockReturnValue(["zh-TW"]);
    expect(systemLocale()).toBe("zh-CN");
    languages.mockReturnValue(["ja-JP"]);
    expect(systemLocale()).toBe("en");
    // Without navigator.languages, navigator.language.
    languages.mockReturnValue([]);
    vi.spyOn(navigator, "language", "get").mockReturnValue("zh-HK");
    expect(systemLocale()).toBe("zh-CN");
  });

  it("is English in the test environment", () => {
    expect(initialLocale()).toBe("en");
  });

  it("prefers the saved choice to the system's, ignoring a language no longer shipped", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["en-US"]);
    localStorage.setItem(LOCALE_STORAGE_KEY, "zh-CN");
    expect(storedLocale()).toBe("zh-CN");
    expect(initialLocale()).toBe("zh-CN");
    localStorage.setItem(LOCALE_STORAGE_KEY, "tlh");
    expect(storedLocale()).toBeNull();
    expect(initialLocale()).toBe("en");
  });
});
