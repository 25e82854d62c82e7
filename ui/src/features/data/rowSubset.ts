// A chosen set of rows the Data panel shows instead of a whole dataset version: the rows behind a
// confusion-matrix cell. Another panel asks for it, the workspace switches to the Data panel, and
// "Show all rows" drops it (the data store holds it, above the panels).
import { useCallback, useMemo, useRef, useState } from "react";
import { api, type DatasetInfo, type RunPart } from "../../lib/api";
import { useResetOn } from "../project/useResetOn";

/** Where a subset comes from: one cell (actual and predicted class) of a run's confusion matrix on one part. */
export type SubsetOrigin = { run: string; part: RunPart; actual: string; predicted: string };

/** Rows `rows` (0-based, ascending) of the dataset version `dataset`; `id` tells the asks apart. */
export type RowSubset = { id: number; dataset: DatasetInfo; rows: number[]; origin: SubsetOrigin };

export type RowSubsetState = {
  /** The subset the Data panel shows; null = every row. */
  rowSubset: RowSubset | null;
  show: (subset: Omit<RowSubset, "id">) => void;
  clear: () => void;
};

/** The subset of one open project (`projectId`); it goes when the project changes. */
export function useRowSubsetState(projectId: string | null): RowSubsetState {
  const [rowSubset, setRowSubset] = useState<RowSubset | null>(null);
  const nextId = useRef(1);

  useResetOn(projectId, () => setRowSubset(null));

  const show = useCallback((subset: Omit<RowSubset, "id">) => setRowSubset({ ...subset, id: nextId.current++ }), []);
  const clear = useCallback(() => setRowSubset(null), []);
  return useMemo(() => ({ rowSubset, show, clear }), [rowSubset, show, clear]);
}

/** A long id shortened for a label: its first and last four characters (`0193…abcd`). */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** The dataset version `ref` (`name@N`, or a version id) names; null when the project has no such version. */
export async function findVersion(ref: string): Promise<DatasetInfo | null> {
  const versions = await api.datasetVersions(ref);
  return versions.find((v) => `${v.name}@${v.version}` === ref || v.id === ref) ?? null;
}
