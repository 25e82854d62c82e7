import type { ReactNode } from "react";
import type { RuntimeStatus } from "../lib/api";
import { useT } from "../i18n";
import { CheckIcon, WarningIcon } from "./icons";
import { LanguageSelect } from "./LanguageSelect";

export type RuntimeState =
  | { kind: "checking" }
  | { kind: "known"; runtime: RuntimeStatus }
  /** No backend: `message` says why (none: the backend is not there at all). */
  | { kind: "unavailable"; message?: string };

/** Bottom bar shown on every screen: ONNX Runtime status on the left; the language select and `right` on the right. */
export function StatusBar({ state, right }: { state: RuntimeState; right?: ReactNode }) {
  const { t } = useT();
  let content: ReactNode;
  let className = "status-item";
  let title: string | undefined;
  let fallback: ReactNode = null;

  if (state.kind === "checking") {
    content = <span>{t("status.ortChecking")}</span>;
  } else if (state.kind === "known" && state.runtime.loaded) {
    const rt = state.runtime;
    const text = t("status.ortLoaded", {
      version: rt.ortVersion ?? "?",
      provider: rt.activeProvider ?? t("status.providerUnknown"),
    });
    title = rt.libraryPath ?? undefined;
    const choice = rt.provider;
    if (choice?.fallbackReason) {
      // Sessions run on another provider than the settings asked for (or Auto found no accelerator).
      fallback = (
        <div className="status-item status-warning" data-testid="provider-fallback" title={choice.fallbackReason}>
          <WarningIcon size={13} />
          <span>
            {choice.requested === "auto"
              ? t("status.providerFallbackAuto")
              : t("status.providerFallback", { provider: t(`provider.${choice.requested}`) })}
          </span>
        </div>
      );
    }
    content = (
      <>
        <CheckIcon size={13} />
        <span>{text}</span>
      </>
    );
  } else {
    className += " status-warning";
    const reason = state.kind === "unavailable" ? (state.message ?? t("status.backendUnavailable")) : undefined;
    title = state.kind === "known" ? (state.runtime.error ?? undefined) : reason;
    content = (
      <>
        <WarningIcon size={13} />
        <span>{t("status.ortMissing")}</span>
        {reason !== undefined && <span className="status-muted">· {reason}</span>}
      </>
    );
  }

  return (
    <footer className="status-bar">
      <div className={className} data-testid="ort-status" title={title}>
        {content}
      </div>
      {fallback}
      <div className="status-spacer" />
      <LanguageSelect />
      {right && <div className="status-item status-muted">{right}</div>}
    </footer>
  );
}
