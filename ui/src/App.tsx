import { useCallback, useEffect, useState } from "react";
import { api, ApiFailure, onDroppedFiles, type AppInfo, type ProjectSummary } from "./lib/api";
import { useT } from "./i18n";
import { StatusBar, type RuntimeState } from "./components/StatusBar";
import { DropNotice } from "./components/DropNotice";
import { StartScreen } from "./features/project/StartScreen";
import { Workspace } from "./features/project/Workspace";

type ProjectState = { kind: "loading" } | { kind: "none" } | { kind: "open"; project: ProjectSummary };

export function App() {
  const { t } = useT();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [runtime, setRuntime] = useState<RuntimeState>({ kind: "checking" });
  const [project, setProject] = useState<ProjectState>({ kind: "loading" });
  const [dropped, setDropped] = useState<string[]>([]);

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
        setRuntime({
          kind: "unavailable",
          message:
            error instanceof ApiFailure && error.code !== "unavailable"
              ? error.message
              : t("status.backendUnavailable"),
        });
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
  }, [t]);

  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let live = true;
    void onDroppedFiles((paths) => setDropped(paths)).then((fn) => {
      if (live) unlisten = fn;
      else fn();
    });
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);

  const close = useCallback(async () => {
    await api.closeProject();
    setProject({ kind: "none" });
  }, []);

  return (
    <div className="app">
      <div className="app-body">
        {project.kind === "loading" && <div className="app-loading muted">{t("app.loading")}</div>}
        {project.kind === "none" && (
          <StartScreen info={info} onOpened={(p) => setProject({ kind: "open", project: p })} />
        )}
        {project.kind === "open" && <Workspace project={project.project} onClose={close} />}
        <DropNotice paths={dropped} onDismiss={() => setDropped([])} />
      </div>
      <StatusBar
        state={runtime}
        right={info ? `${info.name} ${info.version}` : undefined}
      />
    </div>
  );
}
