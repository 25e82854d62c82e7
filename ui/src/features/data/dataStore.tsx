// Datasets of the open project, the selection, the running import and the rows another panel asked
// the Data panel to show. Lives above the panels (App provides it) so a file dropped on the window
// can start an import from anywhere and the Data panel keeps its selection when the user switches
// panels.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { api, IMPORTABLE_EXTENSIONS, toFailure, type ApiFailure, type DatasetInfo, type ImportProgress, type ImportSettings, type ImportSummary } from "../../lib/api";
import { useProjectList, type ListState } from "../project/useProjectList";
import { useResetOn } from "../project/useResetOn";
import { useRowSubsetState, type RowSubset } from "./rowSubset";

export type ImportState =
  | { kind: "idle" }
  | { kind: "running"; id: number; path: string; progress: ImportProgress | null; cancelling: boolean }
  | { kind: "done"; id: number; path: string; summary: ImportSummary }
  | { kind: "failed"; id: number; path: string; error: ApiFailure }
  | { kind: "cancelled"; id: number; path: string };

export type DatasetsState = ListState<DatasetInfo>;

export type DataStore = {
  datasets: DatasetsState;
  selectedId: string | null;
  /** Selects a dataset (by the id the list has), showing all its rows. */
  select: (id: string | null) => void;
  refresh: () => Promise<void>;
  importState: ImportState;
  /**
   * Starts an import with `settings` (left out or null: sniff and infer everything); returns false
   * (and does nothing) while another one runs.
   */
  startImport: (path: string, name: string | null, settings?: ImportSettings | null) => boolean;
  cancelImport: () => Promise<void>;
  dismissImport: () => void;
  /** The rows the Data panel shows instead of all of its dataset version's; null = all. */
  rowSubset: RowSubset | null;
  /** Selects the subset's dataset and shows only its rows (the workspace then opens the Data panel). */
  showRows: (subset: Omit<RowSubset, "id">) => void;
  /** Back to all rows. */
  clearRows: () => void;
};

/** Whether a path names a file the importer reads (by its extension, any case). */
export function isImportable(path: string): boolean {
  const match = /\.([^./\\]+)$/.exec(path.trim());
  const ext = match?.[1]?.toLowerCase();
  return ext !== undefined && (IMPORTABLE_EXTENSIONS as readonly string[]).includes(ext);
}

/** The store for one open project (`projectId`); everything resets when it changes. */
export function useDataStoreState(projectId: string | null): DataStore {
  const { list: datasets, selectedId, select: selectListed, refresh, project } = useProjectList(projectId, api.listDatasets, {
    loadOnOpen: true,
  });
  const { rowSubset, show, clear: clearRows } = useRowSubsetState(projectId);
  const [importState, setImportState] = useState<ImportState>({ kind: "idle" });
  const running = useRef(false);
  const nextId = useRef(1);

  useResetOn(projectId, () => setImportState({ kind: "idle" }));

  const startImport = useCallback(
    (path: string, name: string | null, settings: ImportSettings | null = null) => {
      if (running.current || project.current === null) return false;
      running.current = true;
      const id = nextId.current++;
      const asked = project.current;
      setImportState({ kind: "running", id, path, progress: null, cancelling: false });
      const onProgress = (progress: ImportProgress) =>
        setImportState((s) => (s.kind === "running" && s.id === id ? { ...s, progress } : s));
      api.importDataset(path, name, settings, onProgress).then(
        async (summary) => {
          running.current = false;
          if (project.current !== asked) return;
          setImportState({ kind: "done", id, path, summary });
          await refresh();
          selectListed(summary.dataset.id);
        },
        (e: unknown) => {
          running.current = false;
          if (project.current !== asked) return;
          const error = toFailure(e);
          setImportState(
            error.code === "cancelled" ? { kind: "cancelled", id, path } : { kind: "failed", id, path, error },
          );
        },
      );
      return true;
    },
    [project, refresh, selectListed],
  );

  const cancelImport = useCallback(async () => {
    setImportState((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // The import's own result reports what happened.
    }
  }, []);

  const dismissImport = useCallback(
    () => setImportState((s) => (s.kind === "running" ? s : { kind: "idle" })),
    [],
  );

  const select = useCallback(
    (id: string | null) => {
      clearRows();
      selectListed(id);
    },
    [clearRows, selectListed],
  );

  const showRows = useCallback(
    (subset: Omit<RowSubset, "id">) => {
      // The list holds each dataset's newest version; the subset's may be an older one.
      const listed = datasets.kind === "loaded" ? datasets.items.find((d) => d.datasetId === subset.dataset.datasetId) : undefined;
      selectListed(listed?.id ?? subset.dataset.id);
      show(subset);
    },
    [datasets, selectListed, show],
  );

  return useMemo(
    () => ({
      datasets,
      selectedId,
      select,
      refresh,
      importState,
      startImport,
      cancelImport,
      dismissImport,
      rowSubset,
      showRows,
      clearRows,
    }),
    [datasets, selectedId, select, refresh, importState, startImport, cancelImport, dismissImport, rowSubset, showRows, clearRows],
  );
}

const DataStoreContext = createContext<DataStore | null>(null);

export function DataStoreProvider({ store, children }: { store: DataStore; children: ReactNode }) {
  return <DataStoreContext.Provider value={store}>{children}</DataStoreContext.Provider>;
}

export function useDataStore(): DataStore {
  const store = useContext(DataStoreContext);
  if (!store) throw new Error("useDataStore outside DataStoreProvider");
  return store;
}
