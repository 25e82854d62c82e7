import type { ReactNode } from "react";
import type { RuntimeStatus } from "../lib/api";
import { useT } from "../i18n";
import { CheckIcon, WarningIcon } from "./icons";

export type RuntimeState =
  | { kind: "checking" }
  | { kind: "known"; runtime: RuntimeStatus }
  | { kind: "unavailable"; message: string };

/** Bottom bar shown on every screen: ONNX Runtime status on the left, `right` on the right. */
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
    title = state.kind === "known" ? (state.runtime.error ?? undefined) : state.message;
    content = (
      <>
        <WarningIcon size={13} />
        <span>{t("status.ortMissing")}</span>
        {state.kind === "unavailable" && <span className="status-muted">· {state.message}</span>}
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
      {right && <div className="status-item status-muted">{right}</div>}
    </footer>
  );
}
