import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { DataIcon } from "../../components/icons";
import { useT } from "../../i18n";
import type { DatasetInfo } from "../../lib/api";
import { DataTable } from "./DataTable";
import { ImportForm, ImportStatus } from "./ImportPanel";
import { ProfilePanel } from "./ProfilePanel";
import { SplitPanel } from "./SplitPanel";
import { useDataStore } from "./dataStore";
import { formatBytes, formatCount } from "./format";

export function DataPanel() {
  const { t } = useT();
  const { datasets, selectedId, importState } = useDataStore();
  const list = datasets.kind === "loaded" ? datasets.datasets : [];
  const selected = list.find((d) => d.id === selectedId) ?? null;

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
          <>
            <section className="table-column">
              <div className="table-title">
                <h2>{selected.name}</h2>
                <span className="badge">{t("data.version", { version: selected.version })}</span>
                {selected.sourcePath && (
                  <span className="table-source muted small" title={selected.sourcePath}>
                    {t("data.importedFrom", { path: selected.sourcePath })}
                  </span>
                )}
              </div>
              <DataTable key={selected.id} dataset={selected} />
            </section>
            <aside className="profile-column">
              <SplitPanel key={`split-${selected.id}`} dataset={selected} paused={importState.kind === "running"} />
              <ProfilePanel key={selected.id} dataset={selected.id} paused={importState.kind === "running"} />
            </aside>
          </>
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
