import { useEffect, useState, type FormEvent } from "react";
import { api, type AppInfo, type ProjectSummary, type RecentProject } from "../../lib/api";
import { useFormatDate, useT } from "../../i18n";
import { PathField } from "../../components/PathField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AppLogo, FolderIcon } from "../../components/icons";
import { SampleOffer, WelcomeCard } from "./SampleProject";
import { useSampleProject } from "./useSampleProject";

type Recent = { kind: "loading" } | { kind: "ok"; items: RecentProject[] } | { kind: "error"; error: unknown };

/**
 * What shows while no project is open: a welcome with the sample project on a first run (no recent
 * projects), create and open forms, and the recent projects (the sample still offered below them).
 */
export function StartScreen({
  info,
  onOpened,
}: {
  info: AppInfo | null;
  onOpened: (project: ProjectSummary) => void;
}) {
  const { t } = useT();
  const formatDate = useFormatDate();
  const [recent, setRecent] = useState<Recent>({ kind: "loading" });
  const [createPath, setCreatePath] = useState("");
  const [createName, setCreateName] = useState("");
  const [openPath, setOpenPath] = useState("");
  const [createError, setCreateError] = useState<unknown>(null);
  const [openError, setOpenError] = useState<unknown>(null);
  const [recentError, setRecentError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const sample = useSampleProject(onOpened);
  // Nothing else starts while the sample project is being made.
  const locked = busy || sample.state.kind === "running";
  const sampleProps = { state: sample.state, disabled: busy, onOpen: sample.open, onCancel: sample.cancel };
  const firstRun = recent.kind === "ok" && recent.items.length === 0;

  useEffect(() => {
    let live = true;
    api.recentProjects().then(
      (items) => live && setRecent({ kind: "ok", items }),
      (error: unknown) => live && setRecent({ kind: "error", error }),
    );
    return () => {
      live = false;
    };
  }, []);

  async function attempt(run: () => Promise<ProjectSummary>, setError: (e: unknown) => void) {
    setBusy(true);
    setError(null);
    try {
      const project = await run();
      onOpened(project);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submitCreate(e: FormEvent) {
    e.preventDefault();
    const path = createPath.trim();
    if (!path) return;
    const name = createName.trim();
    void attempt(() => api.createProject(path, name === "" ? null : name), setCreateError);
  }

  function submitOpen(e: FormEvent) {
    e.preventDefault();
    const path = openPath.trim();
    if (!path) return;
    void attempt(() => api.openProject(path), setOpenError);
  }

  return (
    <div className="start">
      <div className="start-inner">
        <header className="start-header">
          <AppLogo size={44} />
          <div>
            <h1>{info?.name ?? "ModelDesk"}</h1>
            <p className="muted">
              {info ? `${t("start.version", { version: info.version })} · ` : ""}
              {t("start.tagline")}
            </p>
          </div>
        </header>

        {firstRun && <WelcomeCard {...sampleProps} />}

        <div className="start-grid">
          <form className="card" onSubmit={submitCreate} aria-labelledby="create-title">
            <h2 id="create-title">{t("start.create.title")}</h2>
            <p className="muted small">{t("start.create.hint")}</p>
            <PathField
              label={t("start.create.path")}
              value={createPath}
              onChange={setCreatePath}
              placeholder={t("start.create.pathPlaceholder")}
              testId="create-path"
              kind="folder"
              browseTitle={t("start.create.browseTitle")}
              onError={setCreateError}
              disabled={locked}
              browseTestId="create-browse"
            />
            <label className="field">
              <span>{t("start.create.name")}</span>
              <input
                type="text"
                value={createName}
                onChange={(e) => setCreateName(e.target.value)}
                placeholder={t("start.create.namePlaceholder")}
                autoComplete="off"
              />
            </label>
            {createError !== null && <ErrorMessage error={createError} />}
            <div className="actions">
              <button
                type="submit"
                className="button primary"
                data-testid="create-submit"
                disabled={locked || createPath.trim() === ""}
              >
                {t("start.create.submit")}
              </button>
            </div>
          </form>

          <form className="card" onSubmit={submitOpen} aria-labelledby="open-title">
            <h2 id="open-title">{t("start.open.title")}</h2>
            <p className="muted small">{t("start.open.hint")}</p>
            <PathField
              label={t("start.open.path")}
              value={openPath}
              onChange={setOpenPath}
              placeholder={t("start.open.pathPlaceholder")}
              testId="open-path"
              kind="folder"
              browseTitle={t("start.open.browseTitle")}
              onError={setOpenError}
              disabled={locked}
              browseTestId="open-browse"
            />
            {openError !== null && <ErrorMessage error={openError} />}
            <div className="actions">
              <button type="submit" className="button" disabled={locked || openPath.trim() === ""}>
                {t("start.open.submit")}
              </button>
            </div>
          </form>
        </div>

        <section className="card recent" aria-labelledby="recent-title">
          <h2 id="recent-title">{t("start.recent.title")}</h2>
          {recent.kind === "loading" && <p className="muted small">{t("app.loading")}</p>}
          {recent.kind === "error" && <ErrorMessage error={recent.error} />}
          {recent.kind === "ok" && recent.items.length === 0 && (
            <p className="muted small">{t("start.recent.empty")}</p>
          )}
          {recent.kind === "ok" && recent.items.length > 0 && (
            <ul className="recent-list">
              {recent.items.map((item) => (
                <li key={item.path}>
                  <button
                    type="button"
                    className="recent-item"
                    disabled={!item.exists || locked}
                    title={item.exists ? item.path : t("start.recent.missingTitle", { path: item.path })}
                    onClick={() => void attempt(() => api.openProject(item.path), setRecentError)}
                  >
                    <FolderIcon size={16} />
                    <span className="recent-text">
                      <span className="recent-name">{item.name}</span>
                      <span className="recent-path">{item.path}</span>
                    </span>
                    {item.exists ? (
                      <span className="recent-when">{t("start.recent.opened", { when: formatDate(item.openedAt) })}</span>
                    ) : (
                      <span className="badge warning">{t("start.recent.missing")}</span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {recentError !== null && <ErrorMessage error={recentError} />}
        </section>
        {recent.kind !== "loading" && !firstRun && <SampleOffer {...sampleProps} />}
        {busy && <p className="muted small" aria-live="polite">{t("start.busy")}</p>}
      </div>
    </div>
  );
}
