import { useT } from "../i18n";
import { CloseIcon, FileIcon } from "./icons";

/** Last path segment, for both `/` and `\` separators. */
export function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const parts = trimmed.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Banner shown after files were dropped onto the window, until dismissed. */
export function DropNotice({
  paths,
  hint,
  onDismiss,
}: {
  paths: string[];
  /** Why the files were not imported, shown under the names. */
  hint?: string | undefined;
  onDismiss: () => void;
}) {
  const { t } = useT();
  if (paths.length === 0) return null;
  const names = paths.map(basename).join(", ");
  return (
    <div className="drop-notice" role="status" data-testid="drop-notice" title={paths.join("\n")}>
      <FileIcon size={15} />
      <span className="drop-notice-text">
        {t("drop.received", { names })}
        {hint && <span className="drop-notice-hint">{hint}</span>}
      </span>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label={t("drop.dismiss")} title={t("drop.dismiss")}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
