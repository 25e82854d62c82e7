// A list that belongs to the open project (its datasets, its models) with a selection in it.
// The data and models stores build on it; each adds its own import on top.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { toFailure, type ApiFailure } from "../../lib/api";
import { useResetOn } from "./useResetOn";

export type ListState<T> = { kind: "loading" } | { kind: "loaded"; items: T[] } | { kind: "failed"; error: ApiFailure };

export type ProjectList<T> = {
  list: ListState<T>;
  selectedId: string | null;
  select: (id: string | null) => void;
  /** Reloads the list: keeps the selection while it is still listed, else selects the first item. */
  refresh: () => Promise<void>;
  /** The open project's id now, for async work to drop answers that arrive after a switch. */
  project: RefObject<string | null>;
};

/**
 * The list of the project `projectId` and its selection. Opening another project empties both
 * (back to "loading"), and loads the new list right away when `loadOnOpen` is set; otherwise the
 * owner calls `refresh`. Answers for a project that is no longer open are dropped.
 */
export function useProjectList<T extends { id: string }>(
  projectId: string | null,
  load: () => Promise<T[]>,
  { loadOnOpen }: { loadOnOpen: boolean },
): ProjectList<T> {
  const [list, setList] = useState<ListState<T>>({ kind: "loading" });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const project = useRef(projectId);
  project.current = projectId;
  const loader = useRef(load);
  loader.current = load;

  const refresh = useCallback(async () => {
    const asked = project.current;
    if (asked === null) return;
    try {
      const items = await loader.current();
      if (project.current !== asked) return;
      setList({ kind: "loaded", items });
      setSelectedId((current) =>
        current !== null && items.some((item) => item.id === current) ? current : (items[0]?.id ?? null),
      );
    } catch (e) {
      if (project.current === asked) setList({ kind: "failed", error: toFailure(e) });
    }
  }, []);

  useResetOn(projectId, () => {
    setList({ kind: "loading" });
    setSelectedId(null);
  });
  useEffect(() => {
    if (loadOnOpen && projectId !== null) void refresh();
  }, [projectId, loadOnOpen, refresh]);

  return { list, selectedId, select: setSelectedId, refresh, project };
}
