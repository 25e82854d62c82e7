import { describe, expect, it } from "vitest";
import en from "./en.json";
import { format, keyDiff, locales, makeT, pickLocale } from ".";

describe("i18n", () => {
  it("every language file has exactly the keys of English", () => {
    for (const [locale, messages] of Object.entries(locales)) {
      expect({ locale, ...keyDiff(en, messages) }).toEqual({ locale, missing: [], extra: [] });
    }
  });

  it("keyDiff reports missing and extra keys of an incomplete file", () => {
    const { ["panel.data"]: _dropped, ...incomplete } = en;
    const broken = { ...incomplete, "panel.bogus": "x" };
    expect(keyDiff(en, broken)).toEqual({ missing: ["panel.data"], extra: ["panel.bogus"] });
  });

  it("no English message is empty", () => {
    for (const [key, value] of Object.entries(en)) expect(value.trim(), key).not.toBe("");
  });

  it("interpolates variables", () => {
    expect(format("Received {{names}}", { names: "iris.csv" })).toBe("Received iris.csv");
    expect(format("Hi {{who}}", {})).toBe("Hi {{who}}");
    expect(makeT("en")("status.ortLoaded", { version: "1.2.3", provider: "CPU" })).toBe(
      "ONNX Runtime 1.2.3 · CPU",
    );
  });

  it("picks a shipped locale, falling back to English", () => {
    expect(pickLocale(["en-GB"])).toBe("en");
    expect(pickLocale(["fr-FR"])).toBe("en");
  });
});
