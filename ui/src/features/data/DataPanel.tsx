import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { DataIcon } from "../../components/icons";
import { useCallback, useEffect, useState } from "react";
import { useT, type TFunction } from "../../i18n";
import { api, type DatasetInfo } from "../../lib/api";
import { useExplainStore } from "../explain/explainStore";
import { NotesButton } from "../notes/NotesButton";
import { datasetReference } from "../notes/notesText";
import { DataTable } from "./DataTable";
import { ImportForm, ImportStatus } from "./ImportPanel";
import { ProfilePanel } from "./ProfilePanel";
import { RowSubsetBanner } from "./RowSubsetBanner";
import { RecipeEditor, type PreparedVersion } from "./recipe/RecipeEditor";
import { SplitPanel } from "./SplitPanel";
import { useDataStore } from "./dataStore";
import { formatBytes, formatCount } from "./format";

export function DataPanel() {
  const { t } = useT();
  const { datasets, selectedId, importState, refresh, select } = useDataStore();
  const list = datasets.kind === "loaded" ? datasets.items : [];
  const selected = list.find((d) => d.id === selectedId) ?? null;
  const [prepared, setPrepared] = useState<PreparedVersion | null>(null);

  // A recipe stored a new version: list it and show it, as after an import.
  const onPrepared = useCallback(
    async (made: PreparedVersion) => {
      setPrepared(made);
      await refresh();
      select(made.dataset.id);
    },
    [refresh, select],
  );

  return (
    <div className="data-panel">
      <div className="data-toolbar">
        <ImportForm />
        <ImportStatus />
      </div>
      <div className="data-main">
        <aside className="dataset-column" aria-label={t("data.datasets")}>
          <h2 className="section-title">{t("data.datasets")}</h2>
          {datasets.kind === "loading" && <p className="muted small">{t("data.listLoading")}</p>}
          {datasets.kind === "failed" && <ErrorMessage error={datasets.error} />}
          {datasets.kind === "loaded" && list.length === 0 && <p className="muted small">{t("data.listEmpty")}</p>}
          {list.length > 0 && <DatasetList datasets={list} />}
        </aside>
        {selected ? (
          <SelectedDataset
            key={selected.id}
            latest={selected}
            paused={importState.kind === "running"}
            prepared={prepared}
            onPrepared={(made) => void onPrepared(made)}
          />
        ) : (
          datasets.kind === "loaded" &&
          list.length === 0 && (
            <div className="data-empty">
              <EmptyState icon={<DataIcon size={28} />} title={t("data.emptyTitle")} body={t("data.emptyBody")} />
            </div>
          )
        )}
      </div>
    </div>
  );
}

/**
 * The selected dataset: header with a version switcher and lineage, its table, split, recipe and
 * profile. Starts on `latest` (the version the list shows) and loads the others from
 * `datasetVersions`. While the store holds a row subset of this dataset, its version and only its
 * rows are shown. `prepared` is the version a recipe made last (its note shows on that version).
 */
function SelectedDataset({
  latest,
  paused,
  prepared,
  onPrepared,
}: {
  latest: DatasetInfo;
  paused: boolean;
  prepared: PreparedVersion | null;
  onPrepared: (made: PreparedVersion) => void;
}) {
  const { t } = useT();
  const [versions, setVersions] = useState<DatasetInfo[]>([latest]);
  const [shownId, setShownId] = useState(latest.id);
  const { explainRow } = useExplainStore();
  const { rowSubset, clearRows } = useDataStore();
  const subset = rowSubset?.dataset.datasetId === latest.datasetId ? rowSubset : null;

  useEffect(() => {
    let live = true;
    api.datasetVersions(latest.id).then(
      (list) => {
        if (live && Array.isArray(list) && list.length > 0) setVersions(list);
      },
      () => {
        // Without the history the switcher just offers the version in hand.
      },
    );
    return () => {
      live = false;
    };
  }, [latest.id]);

  const all = withVersions(versions, latest, subset?.dataset);
  const shown = subset?.dataset ?? all.find((v) => v.id === shownId) ?? latest;
  const lineage = lineageText(shown, all, t);

  /** Shows every row of version `id`. */
  function showAll(id: string) {
    setShownId(id);
    clearRows();
  }

  return (
    <>
      <section className="table-column">
        <div className="table-title">
          <h2>{shown.name}</h2>
          <span className="badge">{t("data.version", { version: shown.version })}</span>
          {all.length > 1 && (
            <select
              className="version-select"
              data-testid="version-select"
              aria-label={t("data.versionSelect")}
              value={shown.id}
              onChange={(e) => showAll(e.target.value)}
            >
              {all.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionLabel(v, all, t)}
                </option>
              ))}
            </select>
          )}
          {lineage && (
            <span className="table-source muted small" data-testid="lineage" title={shown.sourcePath ?? lineage}>
              {lineage}
            </span>
          )}
          <NotesButton entityKind="dataset" entity={datasetReference(shown)} title={datasetReference(shown)} testId="dataset-notes" />
        </div>
        {subset && <RowSubsetBanner subset={subset} onClear={() => showAll(subset.dataset.id)} />}
        <DataTable
          key={subset ? `${shown.id}-subset-${subset.id}` : shown.id}
          dataset={shown}
          subset={subset?.rows}
          onExplainRow={(row) => explainRow(shown, row)}
        />
      </section>
      <aside className="profile-column">
        <SplitPanel key={`split-${shown.id}`} dataset={shown} paused={paused} />
        <RecipeEditor
          key={`recipe-${shown.id}`}
          dataset={shown}
          paused={paused}
          made={prepared?.dataset.id === shown.id ? prepared : null}
          onPrepared={onPrepared}
        />
        <ProfilePanel key={shown.id} dataset={shown.id} paused={paused} />
      </aside>
    </>
  );
}

/** `versions` with `extra` added where missing, oldest first. */
function withVersions(versions: DatasetInfo[], ...extra: (DatasetInfo | undefined)[]): DatasetInfo[] {
  const added = extra.filter((v): v is DatasetInfo => v !== undefined && !versions.some((known) => known.id === v.id));
  if (added.length === 0) return versions;
  const unique = added.filter((v, i) => added.findIndex((other) => other.id === v.id) === i);
  return [...versions, ...unique].sort((a, b) => a.version - b.version);
}

function parentOf(v: DatasetInfo, all: DatasetInfo[]): DatasetInfo | null {
  return v.parentId ? (all.find((p) => p.id === v.parentId) ?? null) : null;
}

function versionLabel(v: DatasetInfo, all: DatasetInfo[], t: TFunction): string {
  const parent = parentOf(v, all);
  if (!parent) return t("data.version", { version: v.version });
  const key = v.sourceFormat === "recipe" ? "data.versionOption.recipe" : "data.versionOption.derived";
  return t(key, { version: v.version, parent: parent.version });
}

function lineageText(v: DatasetInfo, all: DatasetInfo[], t: TFunction): string | null {
  const parent = parentOf(v, all);
  if (parent) {
    const key = v.sourceFormat === "recipe" ? "data.lineage.recipe" : "data.lineage.derived";
    return t(key, { version: parent.version });
  }
  if (v.sourceFormat === "recipe") return t("data.lineage.recipeUnknown");
  if (v.sourcePath) return t("data.importedFrom", { path: v.sourcePath });
  return null;
}

function DatasetList({ datasets }: { datasets: DatasetInfo[] }) {
  const { t, locale } = useT();
  const { selectedId, select } = useDataStore();
  return (
    <ul className="dataset-list" data-testid="dataset-list">
      {datasets.map((d) => {
        const rows = formatCount(d.rows, locale);
        const columns = formatCount(d.columns.length, locale);
        return (
          <li key={d.id}>
            <button
              type="button"
              className="dataset-item"
              data-testid="dataset-item"
              aria-current={d.id === selectedId ? "true" : undefined}
              onClick={() => select(d.id)}
              title={d.sourcePath ?? d.name}
            >
              <span className="dataset-item-top">
                <span className="dataset-item-name">{d.name}</span>
                <span className="dataset-item-version">{t("data.version", { version: d.version })}</span>
              </span>
              <span className="dataset-item-meta">
                <span title={t("data.shapeTitle", { rows, columns })}>{t("data.shape", { rows, columns })}</span>
                <span>{formatBytes(d.blobSize, t, locale)}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
