import { describe, expect, it } from "vitest";
import { parseCsv, sampleTable } from "./csv";

describe("parseCsv", () => {
  it("splits plain records and fields", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('name,note\n"Smith, Ada","said ""hi""\nthen left"\n')).toEqual([
      ["name", "note"],
      ["Smith, Ada", 'said "hi"\nthen left'],
    ]);
  });

  it("keeps empty fields and a last record without a line break; takes CRLF", () => {
    expect(parseCsv("a,,c\r\n,\r\nx")).toEqual([["a", "", "c"], ["", ""], ["x"]]);
    expect(parseCsv('""\n')).toEqual([[""]]);
  });

  it("has no records for empty text", () => {
    expect(parseCsv("")).toEqual([]);
    expect(sampleTable("")).toEqual({ columns: [], rows: [] });
    expect(sampleTable("a,b\n")).toEqual({ columns: ["a", "b"], rows: [] });
  });
});
