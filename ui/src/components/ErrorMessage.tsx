import { ApiFailure } from "../lib/api";
import { useT } from "../i18n";
import { WarningIcon } from "./icons";

/** An inline error: the backend's message, with its code as a tooltip. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useT();
  let text: string;
  let code: string | undefined;
  if (error instanceof ApiFailure) {
    code = error.code;
    text = error.code === "unavailable" ? t("error.unavailable") : t("error.inline", { message: error.message });
  } else {
    text = t("error.unknown", { message: error instanceof Error ? error.message : String(error) });
  }
  return (
    <div className="inline-error" role="alert" title={code ? t("error.code", { code }) : undefined}>
      <WarningIcon size={14} />
      <span>{text}</span>
    </div>
  );
}
