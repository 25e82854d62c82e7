import { describe, expect, it } from "vitest";
import { act, render } from "@testing-library/react";
import { useLayoutEffect, useState } from "react";
import { useResetOn } from "./useResetOn";

/** Shows its project and its state; records every committed render as "project:state". */
function Holder({ project, renders, onSet }: { project: string | null; renders: string[]; onSet: (set: (v: string) => void) => void }) {
  const [value, setValue] = useState("start");
  useResetOn(project, () => setValue("start"));
  onSet(setValue);
  useLayoutEffect(() => {
    renders.push(`${project}:${value}`);
  });
  return <span data-testid="value">{value}</span>;
}

describe("useResetOn", () => {
  it("resets in the render where the key changes, so no render shows the old project's state", () => {
    const renders: string[] = [];
    let set: (v: string) => void = () => {};
    const onSet = (s: (v: string) => void) => {
      set = s;
    };
    const { rerender, getByTestId } = render(<Holder project="a" renders={renders} onSet={onSet} />);
    act(() => set("a's import"));
    expect(getByTestId("value").textContent).toBe("a's import");
    rerender(<Holder project="b" renders={renders} onSet={onSet} />);
    expect(getByTestId("value").textContent).toBe("start");
    // An effect would have committed "b:a's import" first, then reset after it.
    expect(renders.filter((r) => r.startsWith("b:"))).toEqual(["b:start"]);
    // What is set for the new project stays.
    act(() => set("b's import"));
    rerender(<Holder project="b" renders={renders} onSet={onSet} />);
    expect(getByTestId("value").textContent).toBe("b's import");
  });

  it("does not reset on the first render or while the key stays", () => {
    const renders: string[] = [];
    let set: (v: string) => void = () => {};
    const { rerender, getByTestId } = render(<Holder project={null} renders={renders} onSet={(s) => (set = s)} />);
    act(() => set("kept"));
    rerender(<Holder project={null} renders={renders} onSet={(s) => (set = s)} />);
    expect(getByTestId("value").textContent).toBe("kept");
  });
});
