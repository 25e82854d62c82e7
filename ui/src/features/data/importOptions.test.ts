import { describe, expect, it } from "vitest";
import { DEFAULT_IMPORT_OPTIONS, importSettingsOf, parseColumnTypes } from "./importOptions";

describe("import options", () => {
  it("untouched (or blank) options ask for nothing", () => {
    expect(importSettingsOf(DEFAULT_IMPORT_OPTIONS)).toEqual({ ok: true, settings: null });
    expect(importSettingsOf({ ...DEFAULT_IMPORT_OPTIONS, missing: " , ", types: " ,", sheet: "  " })).toEqual({ ok: true, settings: null });
  });

  it("a header choice is a boolean either way", () => {
    expect(importSettingsOf({ ...DEFAULT_IMPORT_OPTIONS, header: "yes" })).toEqual({ ok: true, settings: { hasHeader: true } });
    expect(importSettingsOf({ ...DEFAULT_IMPORT_OPTIONS, header: "no" })).toEqual({ ok: true, settings: { hasHeader: false } });
  });

  it("column types parse into a record; malformed, unknown and repeated entries are problems", () => {
    expect(parseColumnTypes("zip=text, when = DateTime")).toEqual({ ok: true, types: { zip: "text", when: "datetime" } });
    expect(parseColumnTypes("=text")).toMatchObject({ ok: false, problem: "data.import.options.typesMalformed", vars: { entry: "=text" } });
    expect(parseColumnTypes("zip=")).toMatchObject({ ok: false, problem: "data.import.options.typesMalformed" });
    expect(parseColumnTypes("zip=string")).toMatchObject({ ok: false, problem: "data.import.options.typesUnknown", vars: { entry: "zip=string" } });
    expect(parseColumnTypes("zip=text, zip=integer")).toMatchObject({ ok: false, problem: "data.import.options.typesTwice", vars: { column: "zip" } });
  });
});
