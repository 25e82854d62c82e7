import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiFailure, onDroppedFiles, type AppInfo, type ProjectSummary, type RuntimeStatus } from "./lib/api";
import { useT } from "./i18n";
import { StatusBar, type RuntimeState } from "./components/StatusBar";
import { DropNotice } from "./components/DropNotice";
import { useBackendEvent } from "./components/useBackendEvent";
import { AboutButton, AboutDialog } from "./features/about/AboutDialog";
import { StartScreen } from "./features/project/StartScreen";
import { Workspace } from "./features/project/Workspace";
import { DataStoreProvider, isImportable, useDataStoreState } from "./features/data/dataStore";
import { isModelFile, ModelsStoreProvider, useModelsStoreState } from "./features/models/modelsStore";
import { RuntimeStatusProvider } from "./features/models/runtimeContext";
import { ProfileDialog } from "./features/profile/ProfileDialog";
import { ProfileProvider, useProfileState } from "./features/profile/profileStore";

type ProjectState = { kind: "loading" } | { kind: "none" } | { kind: "open"; project: ProjectSummary };

/** Files the drop notice names, and why they were not imported. */
type Dropped = { paths: string[]; hint: "noProject" | "unsupported" | "busy" | "oneAtATime" | null };

export function App() {
  const { t } = useT();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [runtime, setRuntime] = useState<RuntimeState>({ kind: "checking" });
  const [project, setProject] = useState<ProjectState>({ kind: "loading" });
  const [dropped, setDropped] = useState<Dropped>({ paths: [], hint: null });
  const [about, setAbout] = useState(false);
  const openId = project.kind === "open" ? project.project.id : null;
  const store = useDataStoreState(openId);
  const models = useModelsStoreState(openId);
  const profile = useProfileState();

  // The drop listener is registered once; it reads the latest project and stores from here.
  const latest = useRef({ project, store, models });
  latest.current = { project, store, models };

  const runtimeChanged = useCallback((status: RuntimeStatus) => setRuntime({ kind: "known", runtime: status }), []);

  useEffect(() => {
    let live = true;
    api.appInfo().then(
      (value) => {
        if (!live) return;
        setInfo(value);
        setRuntime({ kind: "known", runtime: value.runtime });
      },
      (error: unknown) => {
        if (!live) return;
        // The status bar names a missing backend itself, in the language chosen then.
        setRuntime(
          error instanceof ApiFailure && error.code !== "unavailable"
            ? { kind: "unavailable", message: error.message }
            : { kind: "unavailable" },
        );
      },
    );
    // A reload of the webview keeps the Rust side's open project.
    api.currentProject().then(
      (current) => live && setProject(current ? { kind: "open", project: current } : { kind: "none" }),
      () => live && setProject({ kind: "none" }),
    );
    return () => {
      live = false;
    };
  }, []);

  // Files dropped onto the window.
  const onDrop = useCallback((paths: string[]) => {
    const { project: current, store: data, models: modelStore } = latest.current;
    if (current.kind !== "open") {
      setDropped({ paths, hint: "noProject" });
      return;
    }
    // The first data file, ONNX model or model bundle is imported: a model into the Models panel.
    const importable = (p: string) => isImportable(p) || isModelFile(p);
    const first = paths.find(importable);
    if (first === undefined) {
      setDropped({ paths, hint: "unsupported" });
      return;
    }
    const started = isModelFile(first) ? modelStore.startImport(first, null) : data.startImport(first, null);
    if (!started) {
      setDropped({ paths, hint: "busy" });
      return;
    }
    const rest = paths.filter((p) => p !== first);
    const hint = rest.some(importable) ? "oneAtATime" : "unsupported";
    setDropped(rest.length > 0 ? { paths: rest, hint } : { paths: [], hint: null });
  }, []);
  useBackendEvent(onDroppedFiles, onDrop);

  const close = useCallback(async () => {
    await api.closeProject();
    setProject({ kind: "none" });
  }, []);

  return (
    <ProfileProvider store={profile}>
      <div className="app">
        <div className="app-body">
          {project.kind === "loading" && <div className="app-loading muted">{t("app.loading")}</div>}
          {project.kind === "none" && (
            <StartScreen info={info} onOpened={(p) => setProject({ kind: "open", project: p })} />
          )}
          {project.kind === "open" && (
            <DataStoreProvider store={store}>
              <ModelsStoreProvider store={models}>
                <RuntimeStatusProvider onChange={runtimeChanged}>
                  <Workspace project={project.project} onClose={close} />
                </RuntimeStatusProvider>
              </ModelsStoreProvider>
            </DataStoreProvider>
          )}
          <DropNotice
            paths={dropped.paths}
            hint={dropped.hint ? t(`drop.hint.${dropped.hint}`) : undefined}
            onDismiss={() => setDropped({ paths: [], hint: null })}
          />
        </div>
        <StatusBar state={runtime} right={info ? <AboutButton info={info} onOpen={() => setAbout(true)} /> : undefined} />
        {profile.asking && <ProfileDialog initial={profile.profile} onSaved={profile.saved} onDismiss={profile.dismiss} />}
        {about && <AboutDialog onClose={() => setAbout(false)} />}
      </div>
    </ProfileProvider>
  );
}
