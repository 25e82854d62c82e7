// What the Explain panel hands over between visits: the form as the user left it, and a row
// another panel asked it to explain (the Data table's Explain action). Lives above the panels (the
// workspace shell provides it, and switches to the Explain panel when a row is asked for).
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import type { DatasetInfo } from "../../lib/api";
import type { ExplainForm } from "./ExplainPanel";
import { useResetOn } from "../project/useResetOn";

/** Row `row` (0-based) of the dataset version `dataset`, to explain; `id` tells the asks apart. */
export type RowRequest = { id: number; dataset: DatasetInfo; row: number };

export type ExplainStore = {
  /** The row asked for that the Explain panel has not taken yet. */
  pending: RowRequest | null;
  /** Asks the Explain panel to explain `row` of `dataset`. */
  explainRow: (dataset: DatasetInfo, row: number) => void;
  /** The Explain panel took request `id` (a newer one stays pending). */
  take: (id: number) => void;
  /** The form as the Explain panel last left it; null before its first visit. */
  savedForm: () => ExplainForm | null;
  saveForm: (form: ExplainForm) => void;
};

/** The store for one open project (`projectId`); everything resets when it changes. */
export function useExplainStoreState(projectId: string): ExplainStore {
  const [pending, setPending] = useState<RowRequest | null>(null);
  // The form is read once per visit, so keeping it re-renders nothing.
  const form = useRef<ExplainForm | null>(null);
  const nextId = useRef(1);

  useResetOn(projectId, () => {
    setPending(null);
    form.current = null;
  });

  const explainRow = useCallback((dataset: DatasetInfo, row: number) => {
    setPending({ id: nextId.current++, dataset, row });
  }, []);
  const take = useCallback((id: number) => setPending((p) => (p?.id === id ? null : p)), []);
  const savedForm = useCallback(() => form.current, []);
  const saveForm = useCallback((f: ExplainForm) => {
    form.current = f;
  }, []);

  return useMemo(() => ({ pending, explainRow, take, savedForm, saveForm }), [pending, explainRow, take, savedForm, saveForm]);
}

const ExplainStoreContext = createContext<ExplainStore | null>(null);

export function ExplainStoreProvider({ store, children }: { store: ExplainStore; children: ReactNode }) {
  return <ExplainStoreContext.Provider value={store}>{children}</ExplainStoreContext.Provider>;
}

export function useExplainStore(): ExplainStore {
  const store = useContext(ExplainStoreContext);
  if (!store) throw new Error("useExplainStore outside ExplainStoreProvider");
  return store;
}
