import { describe, expect, it } from "vitest";
import { IMPORTABLE_EXTENSIONS } from "../../lib/api";
import { isImportable } from "./dataStore";

describe("isImportable", () => {
  it("reads its extensions from the generated list, the same as before", () => {
    expect([...IMPORTABLE_EXTENSIONS]).toEqual(["csv", "tsv", "tab", "txt", "json", "ndjson", "jsonl", "parquet", "pq", "xlsx", "xlsm", "xlsb", "xls", "ods"]);
  });

  it("accepts every importable extension, in any case, on either separator", () => {
    for (const ext of IMPORTABLE_EXTENSIONS) {
      expect(isImportable(`/data/file.${ext}`)).toBe(true);
      expect(isImportable(`C:\\data\\FILE.${ext.toUpperCase()}`)).toBe(true);
    }
    expect(isImportable(" /data/sales.TSV ")).toBe(true);
  });

  it("rejects other files, models and paths without an extension", () => {
    for (const path of ["/tmp/slides.pptx", "/tmp/iris.onnx", "/tmp/m.mdbundle", "/tmp/csv", "/tmp/data.csv/", "/tmp/.csv.d/readme", "", "/tmp/a.csv.gz"]) {
      expect({ path, importable: isImportable(path) }).toEqual({ path, importable: false });
    }
  });
});
