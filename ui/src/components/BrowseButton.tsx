import { useState } from "react";
import { useT } from "../i18n";
import { api, type PickKind } from "../lib/api";
import { useAlive } from "./useAlive";

/**
 * "Browse…" beside a path field: opens the system's open dialog for `kind` (titled `title`, already
 * translated) and hands the chosen path to `onPick`; a dismissed dialog changes nothing. Disabled
 * while its dialog is open or when `disabled` (its form is busy). `onError` gets the failure of
 * the call, and null as each dialog opens (so the form's error slot clears).
 */
export function BrowseButton({
  kind,
  title,
  onPick,
  onError,
  disabled = false,
  testId,
}: {
  kind: PickKind;
  title: string;
  onPick: (path: string) => void;
  onError: (error: unknown) => void;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useT();
  const [picking, setPicking] = useState(false);
  const alive = useAlive();

  async function browse() {
    setPicking(true);
    onError(null);
    try {
      const path = await api.pickPath(kind, title);
      if (alive.current && path !== null) onPick(path);
    } catch (e) {
      if (alive.current) onError(e);
    } finally {
      if (alive.current) setPicking(false);
    }
  }

  return (
    <button type="button" className="button browse-button" title={title} disabled={disabled || picking} onClick={() => void browse()} data-testid={testId}>
      {t("browse.button")}
    </button>
  );
}
