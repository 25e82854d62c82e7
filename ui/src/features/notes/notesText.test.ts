import { describe, expect, it } from "vitest";
import { makeT } from "../../i18n";
import { newModel } from "../../test/appFixtures";
import { iris } from "../../test/dataFixtures";
import { thread } from "../../test/notesFixtures";
import { entityLabel, groupThreads, noteHeading, parseTags, splitSnippet } from "./notesText";

const t = makeT("en");

describe("notes text helpers", () => {
  it("parses tags separated by commas or spaces, without # and repeats", () => {
    expect(parseTags(" churn, #baseline  churn,,data ")).toEqual(["churn", "baseline", "data"]);
    expect(parseTags("  ")).toEqual([]);
  });

  it("splits a snippet into text and [matches]; an unclosed bracket stays text", () => {
    expect(splitSnippet("a [b] c [d]")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
      { text: " c ", match: false },
      { text: "d", match: true },
    ]);
    expect(splitSnippet("x [y")).toEqual([{ text: "x [y", match: false }]);
    expect(splitSnippet("[<b>]")).toEqual([{ text: "<b>", match: true }]);
  });

  it("groups comments into threads of a first comment and its replies", () => {
    const lone = { ...thread[0]!, id: "c-9" };
    expect(groupThreads([...thread, lone])).toEqual([
      { first: thread[0], replies: [thread[1]] },
      { first: lone, replies: [] },
    ]);
  });

  it("names a note by its title, else its first line, else Untitled", () => {
    expect(noteHeading({ title: " Plan ", body: "x" }, t)).toBe("Plan");
    expect(noteHeading({ title: "", body: "\n## Drift check\nmore" }, t)).toBe("Drift check");
    expect(noteHeading({ title: "", body: "" }, t)).toBe("Untitled");
  });

  it("labels what a note is on, models by name", () => {
    expect(entityLabel("project", null, [], t)).toBe("Project");
    expect(entityLabel("model", "m-new", [newModel], t)).toBe("Model: events-gbdt-1");
    expect(entityLabel("model", "m-gone", [newModel], t)).toBe("Model: m-gone");
    expect(entityLabel("dataset", "v-1", [], t)).toBe("Dataset: v-1");
    expect(entityLabel("widget", "w", [], t)).toBe("widget: w");
  });

  it("labels dataset versions as name@version and columns as name@version:column when the version is listed", () => {
    expect(entityLabel("dataset", "v-iris-2", [], t, [iris])).toBe("Dataset: iris@2");
    expect(entityLabel("dataset", "v-old", [], t, [iris])).toBe("Dataset: v-old");
    expect(entityLabel("column", "v-iris-2:species", [], t, [iris])).toBe("Column: iris@2:species");
    expect(entityLabel("column", "v-old:species", [], t, [iris])).toBe("Column: v-old:species");
  });
});
