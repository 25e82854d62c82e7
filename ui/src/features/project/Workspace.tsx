import { useEffect, useState, type ComponentType, type SVGProps } from "react";
import type { ProjectSummary } from "../../lib/api";
import { useT, type MessageKey } from "../../i18n";
import { ErrorMessage } from "../../components/ErrorMessage";
import { CloseIcon, DataIcon, ExplainIcon, ExportIcon, ModelsIcon, NotesIcon, TrainIcon } from "../../components/icons";
import { DataPanel } from "../data/DataPanel";
import { useDataStore } from "../data/dataStore";
import { TrainPanel } from "../train/TrainPanel";
import { TrainStoreProvider } from "../train/trainStore";
import { ModelsPanel } from "../models/ModelsPanel";
import { useModelsStore } from "../models/modelsStore";
import { ExplainPanel } from "../explain/ExplainPanel";
import { ExplainStoreProvider, useExplainStoreState } from "../explain/explainStore";
import { NotesPanel } from "../notes/NotesPanel";
import { ExportPanel } from "../export/ExportPanel";

export type PanelId = "data" | "train" | "models" | "explain" | "notes" | "export";

type PanelDef = {
  id: PanelId;
  label: MessageKey;
  Icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
  View: ComponentType;
};

export const PANELS: readonly PanelDef[] = [
  { id: "data", label: "panel.data", Icon: DataIcon, View: DataPanel },
  { id: "train", label: "panel.train", Icon: TrainIcon, View: TrainPanel },
  { id: "models", label: "panel.models", Icon: ModelsIcon, View: ModelsPanel },
  { id: "explain", label: "panel.explain", Icon: ExplainIcon, View: ExplainPanel },
  { id: "notes", label: "panel.notes", Icon: NotesIcon, View: NotesPanel },
  { id: "export", label: "panel.export", Icon: ExportIcon, View: ExportPanel },
];

export function Workspace({
  project,
  onClose,
}: {
  project: ProjectSummary;
  onClose: () => Promise<void>;
}) {
  const { t } = useT();
  const [active, setActive] = useState<PanelId>("data");
  const [closeError, setCloseError] = useState<unknown>(null);
  const [closing, setClosing] = useState(false);
  const panel = PANELS.find((p) => p.id === active) ?? PANELS[0]!;
  const { importState, rowSubset } = useDataStore();
  const importId = importState.kind === "idle" ? null : importState.id;
  const subsetId = rowSubset?.id ?? null;
  const { importState: modelImport } = useModelsStore();
  const modelImportId = modelImport.kind === "idle" ? null : modelImport.id;
  const explain = useExplainStoreState(project.id);
  const explainId = explain.pending?.id ?? null;

  // A file dropped while another panel is open: show its import (data, or an ONNX model).
  useEffect(() => {
    if (importId !== null) setActive("data");
  }, [importId]);
  useEffect(() => {
    if (modelImportId !== null) setActive("models");
  }, [modelImportId]);
  // A row asked to be explained (the Data table's Explain action).
  useEffect(() => {
    if (explainId !== null) setActive("explain");
  }, [explainId]);
  // Rows asked to be shown (a click on a run's confusion-matrix cell).
  useEffect(() => {
    if (subsetId !== null) setActive("data");
  }, [subsetId]);

  async function close() {
    setClosing(true);
    setCloseError(null);
    try {
      await onClose();
    } catch (e) {
      setCloseError(e);
      setClosing(false);
    }
  }

  // The training and Explain states live here, above the panels, so they survive switching panels.
  return (
    <TrainStoreProvider key={project.id}>
      <div className="workspace">
        <aside className="sidebar">
          <div className="sidebar-project" title={t("workspace.projectPath", { path: project.path })}>
            <div className="sidebar-project-name" data-testid="project-name">{project.name}</div>
            <div className="sidebar-project-path">{project.path}</div>
          </div>
          <nav aria-label={t("workspace.panels")}>
            <ul className="panel-list">
              {PANELS.map(({ id, label, Icon }) => (
                <li key={id}>
                  <button
                    type="button"
                    className="panel-link"
                    data-testid={`panel-${id}`}
                    aria-current={id === active ? "page" : undefined}
                    onClick={() => setActive(id)}
                  >
                    <Icon size={16} />
                    <span>{t(label)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="sidebar-footer">
            {closeError !== null && <ErrorMessage error={closeError} />}
            <button type="button" className="panel-link" onClick={close} disabled={closing}>
              <CloseIcon size={16} />
              <span>{t("workspace.close")}</span>
            </button>
          </div>
        </aside>
        <main className="panel" aria-label={t(panel.label)}>
          <header className="panel-header">
            <h1>{t(panel.label)}</h1>
          </header>
          <div className="panel-body">
            <ExplainStoreProvider store={explain}>
              <panel.View />
            </ExplainStoreProvider>
          </div>
        </main>
      </div>
    </TrainStoreProvider>
  );
}
