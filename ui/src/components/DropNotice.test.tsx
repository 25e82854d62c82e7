import { describe, expect, it } from "vitest";
import { basename } from "./DropNotice";

describe("basename", () => {
  it("handles POSIX and Windows paths", () => {
    expect(basename("/tmp/iris.csv")).toBe("iris.csv");
    expect(basename("C:\\Users\\me\\data.xlsx")).toBe("data.xlsx");
    expect(basename("/tmp/folder/")).toBe("folder");
    expect(basename("plain.json")).toBe("plain.json");
  });
});
