// Models of the open project (trained and imported), the selection, and the running model import
// (an ONNX file or a model bundle).
// Lives above the panels (App provides it) so a model file dropped on the window can be imported
// from anywhere and the Models panel keeps its selection when the user switches panels.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { api, toFailure, type ApiFailure, type ModelInfo } from "../../lib/api";
import { useProjectList, type ListState } from "../project/useProjectList";
import { useResetOn } from "../project/useResetOn";

export type ModelsState = ListState<ModelInfo>;

export type ModelImportState =
  | { kind: "idle" }
  | { kind: "running"; id: number; path: string }
  | { kind: "done"; id: number; path: string; model: ModelInfo }
  | { kind: "failed"; id: number; path: string; error: ApiFailure };

export type ModelsStore = {
  models: ModelsState;
  selectedId: string | null;
  select: (id: string | null) => void;
  /** Reloads the list (the Models panel does on mount: trainings add models meanwhile). */
  refresh: () => Promise<void>;
  importState: ModelImportState;
  /**
   * Imports an ONNX file (as `name`, null = from the file name) or a `.mdbundle` (named as its
   * bundle says) and selects it; returns false (and does nothing) while another one runs.
   */
  startImport: (path: string, name: string | null) => boolean;
  dismissImport: () => void;
};

/** Whether a path names a model bundle (`.mdbundle`). */
export function isBundleFile(path: string): boolean {
  return /\.mdbundle$/i.test(path.trim());
}

/** Whether a path names an ONNX model or a model bundle (imported as a model, not as data). */
export function isModelFile(path: string): boolean {
  return /\.onnx$/i.test(path.trim()) || isBundleFile(path);
}

/** The store for one open project (`projectId`); everything resets when it changes. */
export function useModelsStoreState(projectId: string | null): ModelsStore {
  // Not loaded on open: the Models panel refreshes on every visit (trainings add models meanwhile).
  const { list: models, selectedId, select, refresh, project } = useProjectList(projectId, api.listModels, { loadOnOpen: false });
  const [importState, setImportState] = useState<ModelImportState>({ kind: "idle" });
  const running = useRef(false);
  const nextId = useRef(1);

  useResetOn(projectId, () => setImportState({ kind: "idle" }));

  const startImport = useCallback(
    (path: string, name: string | null) => {
      if (running.current || project.current === null) return false;
      running.current = true;
      const id = nextId.current++;
      const asked = project.current;
      setImportState({ kind: "running", id, path });
      const imported = isBundleFile(path) ? api.importModelBundle(path) : api.importModel(path, name);
      imported.then(
        async (model) => {
          running.current = false;
          if (project.current !== asked) return;
          setImportState({ kind: "done", id, path, model });
          await refresh();
          select(model.id);
        },
        (e: unknown) => {
          running.current = false;
          if (project.current !== asked) return;
          setImportState({ kind: "failed", id, path, error: toFailure(e) });
        },
      );
      return true;
    },
    [project, refresh, select],
  );

  const dismissImport = useCallback(
    () => setImportState((s) => (s.kind === "running" ? s : { kind: "idle" })),
    [],
  );

  return useMemo(
    () => ({ models, selectedId, select, refresh, importState, startImport, dismissImport }),
    [models, selectedId, select, refresh, importState, startImport, dismissImport],
  );
}

const ModelsStoreContext = createContext<ModelsStore | null>(null);

export function ModelsStoreProvider({ store, children }: { store: ModelsStore; children: ReactNode }) {
  return <ModelsStoreContext.Provider value={store}>{children}</ModelsStoreContext.Provider>;
}

export function useModelsStore(): ModelsStore {
  const store = useContext(ModelsStoreContext);
  if (!store) throw new Error("useModelsStore outside ModelsStoreProvider");
  return store;
}
