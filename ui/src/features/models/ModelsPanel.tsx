import { useEffect, useState } from "react";
import { PathField } from "../../components/PathField";
import { basename } from "../../components/DropNotice";
import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { CheckIcon, CloseIcon, ModelsIcon, WarningIcon } from "../../components/icons";
import { ProgressBar } from "../../components/JobProgress";
import { TabPanel, Tabs } from "../../components/Tabs";
import { TextField } from "../../components/TextField";
import { usePathImportForm } from "../../components/usePathImportForm";
import { useT } from "../../i18n";
import { api, toFailure, type ApiFailure, type ModelInfo, type ModelInspection } from "../../lib/api";
import { formatBytes } from "../data/format";
import { NotesButton } from "../notes/NotesButton";
import { BundleNote } from "./BundleNote";
import { InspectView } from "./InspectView";
import { IoEditor } from "./IoEditor";
import { Leaderboard } from "./Leaderboard";
import { EvaluateSection, LatencySection, PredictSection } from "./ModelJobs";
import { ReviewBar } from "./ReviewBar";
import { RuntimeSettings } from "./RuntimeSettings";
import { familyLabel, originLabel, taskLabel } from "./labels";
import { useModelsStore } from "./modelsStore";

type Tab = "model" | "leaderboard";
const TABS: readonly Tab[] = ["model", "leaderboard"];

export function ModelsPanel() {
  const { t } = useT();
  const { models, selectedId, refresh } = useModelsStore();
  const [tab, setTab] = useState<Tab>("model");
  const list = models.kind === "loaded" ? models.items : [];
  const selected = list.find((m) => m.id === selectedId) ?? null;

  // On every visit: trainings elsewhere add models meanwhile.
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <div className="models-panel">
      <aside className="models-list-column">
        <ModelImportForm />
        <ModelImportStatus />
        <section aria-label={t("models.list")}>
          <h2 className="section-title">{t("models.list")}</h2>
          {models.kind === "loading" && <p className="muted small">{t("models.listLoading")}</p>}
          {models.kind === "failed" && <ErrorMessage error={models.error} />}
          {models.kind === "loaded" && list.length === 0 && <p className="muted small">{t("models.listEmpty")}</p>}
          {list.length > 0 && <ModelList models={list} />}
        </section>
        <RuntimeSettings />
      </aside>
      <section className="models-main">
        <Tabs prefix="models" tabs={TABS} active={tab} onSelect={setTab} label={t("models.views")} text={(id) => t(`models.tab.${id}`)} />
        <TabPanel prefix="models" active={tab} className="models-tabpanel">
          {tab === "leaderboard" && <Leaderboard />}
          {tab === "model" && selected && <ModelView key={selected.id} model={selected} />}
          {tab === "model" && !selected && models.kind === "loaded" && list.length === 0 && (
            <EmptyState icon={<ModelsIcon size={28} />} title={t("models.emptyTitle")} body={t("models.emptyBody")} />
          )}
        </TabPanel>
      </section>
    </div>
  );
}

/** Path + optional name form for an ONNX file or a `.mdbundle`; one chosen with Browse… is imported at once, as a dropped one is. */
function ModelImportForm() {
  const { t } = useT();
  const { importState, startImport } = useModelsStore();
  const form = usePathImportForm(startImport);
  const [pickError, setPickError] = useState<unknown>(null);
  const running = importState.kind === "running";

  return (
    <form className="models-form models-import" aria-label={t("models.import.title")} onSubmit={form.submit}>
      <h2 className="section-title">{t("models.import.title")}</h2>
      <PathField
        label={t("models.import.path")}
        value={form.path}
        onChange={form.setPath}
        placeholder={t("models.import.pathPlaceholder")}
        testId="model-import-path"
        kind="model_file"
        browseTitle={t("models.import.browseTitle")}
        onPick={form.choose}
        onError={setPickError}
        disabled={running}
        browseTestId="model-import-browse"
      />
      <TextField
        label={t("models.import.name")}
        value={form.name}
        onChange={form.setName}
        placeholder={t("models.import.namePlaceholder")}
        spellCheck={false}
        testId="model-import-name"
      />
      {pickError !== null && <ErrorMessage error={pickError} />}
      <div className="models-actions">
        <button type="submit" className="button primary" disabled={running || !form.ready} data-testid="model-import-submit">
          {t("models.import.submit")}
        </button>
      </div>
    </form>
  );
}

/** The latest model import (an ONNX file or a bundle): running, refused (with the backend's reason) or done. */
function ModelImportStatus() {
  const { t } = useT();
  const { importState: state, dismissImport } = useModelsStore();
  if (state.kind === "idle") return null;
  const file = basename(state.path);
  const dismiss = (
    <button type="button" className="icon-button" onClick={dismissImport} aria-label={t("models.import.dismiss")} title={t("models.import.dismiss")}>
      <CloseIcon size={14} />
    </button>
  );
  if (state.kind === "running") {
    return (
      <div className="import-status import-running" role="status" data-testid="model-import-progress">
        <span className="import-status-title">{t("models.import.running", { name: file })}</span>
        <ProgressBar fraction={null} label={t("models.import.running", { name: file })} />
      </div>
    );
  }
  if (state.kind === "failed") {
    return (
      <div className="import-status import-failed" role="alert" data-testid="model-import-error" title={t("error.code", { code: state.error.code })}>
        <WarningIcon size={15} />
        <div className="import-status-body">
          <div className="import-status-title">{t("models.import.failed", { name: file })}</div>
          <div className="import-error-message">
            {state.error.code === "unavailable" ? t("error.unavailable") : state.error.message}
          </div>
        </div>
        {dismiss}
      </div>
    );
  }
  return (
    <div className="import-status import-done" role="status" data-testid="model-import-done">
      <CheckIcon size={15} />
      <div className="import-status-body">
        <div className="import-status-title">{t("models.import.done", { name: state.model.name })}</div>
      </div>
      {dismiss}
    </div>
  );
}

function ModelList({ models }: { models: ModelInfo[] }) {
  const { t, locale } = useT();
  const { selectedId, select } = useModelsStore();
  return (
    <ul className="dataset-list" data-testid="model-list">
      {models.map((m) => (
        <li key={m.id}>
          <button
            type="button"
            className="dataset-item"
            data-testid="model-item"
            aria-current={m.id === selectedId ? "true" : undefined}
            onClick={() => select(m.id)}
            title={m.id}
          >
            <span className="dataset-item-top">
              <span className="dataset-item-name">{m.name}</span>
              <span className="badge" data-testid="model-origin">
                {originLabel(m.origin, t)}
              </span>
            </span>
            <span className="dataset-item-meta">
              <span>{taskLabel(m.summary.task, t)}</span>
              <span>{formatBytes(m.onnxBytes, t, locale)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

type InspectState = { kind: "loading" } | { kind: "loaded"; inspection: ModelInspection } | { kind: "failed"; error: ApiFailure };

/** The selected model: what it is, how an imported one reads data, and what can be done with it. */
function ModelView({ model }: { model: ModelInfo }) {
  const { t } = useT();
  const [state, setState] = useState<InspectState>({ kind: "loading" });

  useEffect(() => {
    let live = true;
    api.inspectModel(model.id).then(
      (inspection) => live && setState({ kind: "loaded", inspection }),
      (e: unknown) => live && setState({ kind: "failed", error: toFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [model.id]);

  return (
    <div className="models-detail" data-testid="model-detail">
      <div className="table-title">
        <h2 data-testid="model-detail-name">{model.name}</h2>
        <span className="badge">{originLabel(model.origin, t)}</span>
        <span className="muted small">
          {familyLabel(model.summary.family, t)} · {taskLabel(model.summary.task, t)}
        </span>
        <NotesButton entityKind="model" entity={model.name} title={model.name} testId="model-notes" />
      </div>
      {model.bundle && <BundleNote origin={model.bundle} />}
      <ReviewBar model={model} />
      {state.kind === "loading" && <p className="muted small">{t("models.inspectLoading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && <InspectView model={model} inspection={state.inspection} />}
      {state.kind === "loaded" && model.origin === "imported" && <IoEditor model={model} inspection={state.inspection} />}
      <EvaluateSection model={model} />
      <PredictSection model={model} />
      <LatencySection model={model} />
    </div>
  );
}
