import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useAlive } from "../../components/useAlive";
import { useLoaded } from "../../components/useLoaded";
import { useT } from "../../i18n";
import { api, type AppInfo, type DoctorReport, type RuntimeStatus, type StoreStatus } from "../../lib/api";
import { copyText } from "../../lib/clipboard";
import { formatCount } from "../data/format";

/** How long "Copied" stays after a copy. */
const COPIED_MS = 2_000;

/** The status bar's "ModelDesk x.y.z": opens the About dialog. */
export function AboutButton({ info, onOpen }: { info: AppInfo; onOpen: () => void }) {
  const { t } = useT();
  const label = t("about.open", { name: info.name, version: info.version });
  return (
    <button type="button" className="status-button" onClick={onOpen} aria-label={label} title={label} data-testid="about-open">
      {info.name} {info.version}
    </button>
  );
}

/**
 * About ModelDesk: versions, platform, ONNX Runtime, the open project's store and ModelDesk's
 * folders (asked for with `diagnostics` when it opens), and the plain-text report to copy for a
 * bug report. Escape or Close closes it; the focus goes back where it was.
 */
export function AboutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const titleId = useId();
  const { state } = useLoaded(api.diagnostics);
  const close = useRef<HTMLButtonElement>(null);
  // Read while rendering, before anything in the dialog takes the focus.
  const [before] = useState(() => document.activeElement);

  // Close has the focus while the dialog is open; it goes back where it was after.
  useEffect(() => {
    close.current?.focus();
    return () => {
      if (before instanceof HTMLElement) before.focus();
    };
  }, [before]);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose();
    }
  }

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog about-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
        data-testid="about-dialog"
      >
        <h2 id={titleId}>{t("about.title")}</h2>
        <div className="about-body">
          {state.kind === "loading" && (
            <p className="muted small" role="status">
              {t("about.loading")}
            </p>
          )}
          {state.kind === "failed" && <ErrorMessage error={state.error} />}
          {state.kind === "loaded" && (
            <>
              <ReportFacts report={state.value.report} />
              <ReportText text={state.value.text} />
            </>
          )}
        </div>
        <div className="models-actions">
          <button ref={close} type="button" className="button" onClick={onClose} data-testid="about-close">
            {t("about.close")}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Every part of the report, one titled list of facts each. */
function ReportFacts({ report }: { report: DoctorReport }) {
  const { t } = useT();
  return (
    <>
      <FactSection title={t("about.app")} testId="about-app">
        <Fact label={t("about.version")} value={report.appVersion} />
        <Fact label={t("about.platform")} value={report.platform} />
      </FactSection>
      <RuntimeFacts runtime={report.runtime} />
      <StoreFacts store={report.store} />
      {report.details.length > 0 && (
        <FactSection title={t("about.details")} testId="about-details">
          {report.details.map((d) => (
            <Fact key={d.label} label={d.label} value={d.value} />
          ))}
        </FactSection>
      )}
      <FactSection title={t("about.folders")} testId="about-folders">
        <Fact label={t("about.folders.config")} value={report.folders.config} mono />
        <Fact label={t("about.folders.data")} value={report.folders.data} mono />
        <Fact label={t("about.folders.logs")} value={report.folders.logs} mono />
      </FactSection>
    </>
  );
}

/** ONNX Runtime: its version, library, how it was found, providers and the one in use; or why it is not loaded. */
function RuntimeFacts({ runtime }: { runtime: RuntimeStatus }) {
  const { t } = useT();
  const unknown = t("about.unknown");
  return (
    <FactSection title={t("about.runtime")} testId="about-runtime">
      {runtime.loaded ? (
        <>
          <Fact label={t("about.runtime.version")} value={runtime.ortVersion ?? unknown} />
          <Fact label={t("about.runtime.active")} value={runtime.activeProvider ?? unknown} />
          <Fact label={t("about.runtime.providers")} value={runtime.providers.join(", ") || t("about.none")} />
        </>
      ) : (
        <>
          <Fact label={t("about.runtime.status")} value={t("about.runtime.notLoaded")} warn />
          <Fact label={t("about.runtime.error")} value={runtime.error ?? unknown} warn />
        </>
      )}
      {(runtime.loaded || runtime.libraryPath !== null) && (
        <Fact label={t("about.runtime.library")} value={runtime.libraryPath ?? unknown} mono />
      )}
      {(runtime.loaded || runtime.source !== null) && <Fact label={t("about.runtime.source")} value={runtime.source ?? unknown} />}
    </FactSection>
  );
}

/** The open project's store: name, folder, schema, journal mode, blobs and whether it is healthy. */
function StoreFacts({ store }: { store: StoreStatus | null }) {
  const { t, locale } = useT();
  const unknown = t("about.unknown");
  const known = (n: number | null) => (n === null ? unknown : formatCount(n, locale));
  return (
    <FactSection title={t("about.store")} testId="about-store">
      {store === null ? (
        <p className="muted small">{t("about.store.none")}</p>
      ) : (
        <>
          <Fact label={t("about.store.name")} value={store.name ?? unknown} />
          <Fact label={t("about.store.path")} value={store.path} mono />
          <Fact label={t("about.store.schema")} value={known(store.schemaVersion)} />
          <Fact label={t("about.store.journal")} value={store.journalMode ?? unknown} />
          <Fact label={t("about.store.blobs")} value={known(store.blobCount)} />
          <Fact
            label={t("about.store.health")}
            value={store.ok ? t("about.store.ok") : (store.error ?? t("about.store.problem"))}
            warn={!store.ok}
          />
        </>
      )}
    </FactSection>
  );
}

/** A titled part of the report; `children` are its facts (or a line saying there are none). */
function FactSection({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="about-section" aria-labelledby={id} data-testid={testId}>
      <h3 id={id}>{title}</h3>
      <dl className="about-facts">{children}</dl>
    </section>
  );
}

/** One fact: its label, then its value (`mono` for paths, `warn` for a problem). */
function Fact({ label, value, mono, warn }: { label: string; value: string; mono?: boolean; warn?: boolean }) {
  const className = [mono && "about-mono", warn && "about-warn"].filter(Boolean).join(" ");
  return (
    <div>
      <dt>{label}</dt>
      <dd className={className || undefined}>{value}</dd>
    </div>
  );
}

/**
 * The report as plain text: a button copying it (then "Copied" for a moment), and the text itself
 * in a collapsed, read-only box, opened and selected when copying failed.
 */
function ReportText({ text }: { text: string }) {
  const { t } = useT();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const [failures, setFailures] = useState(0);
  const [open, setOpen] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const alive = useAlive();

  useEffect(() => () => window.clearTimeout(timer.current), []);

  // Copying failed: the text is shown, selected, for the user to copy.
  useEffect(() => {
    if (failures === 0) return;
    area.current?.focus();
    area.current?.select();
  }, [failures]);

  async function onCopy() {
    const copied = await copyText(text);
    if (!alive.current) return;
    window.clearTimeout(timer.current);
    if (copied) {
      setCopy("copied");
      timer.current = window.setTimeout(() => setCopy("idle"), COPIED_MS);
    } else {
      setOpen(true);
      setCopy("failed");
      setFailures((n) => n + 1);
    }
  }

  return (
    <div className="about-report">
      <div className="about-copy">
        <button type="button" className="button" onClick={() => void onCopy()} data-testid="copy-diagnostics">
          {t("about.copy")}
        </button>
        <span className={copy === "failed" ? "about-warn small" : "muted small"} role="status" data-testid="copy-status">
          {copy === "copied" ? t("about.copied") : copy === "failed" ? t("about.copyFailed") : ""}
        </span>
      </div>
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t("about.report")}</summary>
        <textarea
          ref={area}
          className="about-text"
          readOnly
          value={text}
          rows={12}
          spellCheck={false}
          aria-label={t("about.report")}
          data-testid="diagnostics-text"
        />
      </details>
    </div>
  );
}
