import { fractionOf, JobProgress } from "../../components/JobProgress";
import { useT } from "../../i18n";
import type { ExplainProgress } from "../../lib/api";
import { formatCount } from "../data/format";
import type { BundleAction } from "./useBundleJob";

/** A running preview or export: its SHAP summary's rows explained, and Cancel (`bundle-cancel`). */
export function BundleProgress({
  action,
  progress,
  cancelling,
  onCancel,
}: {
  action: BundleAction;
  progress: ExplainProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t, locale } = useT();
  const total = progress?.total ?? null;
  const label = !progress
    ? t(action === "preview" ? "export.previewing" : "export.exporting")
    : total !== null
      ? t("export.progress", { done: formatCount(progress.done, locale), total: formatCount(total, locale) })
      : t("export.progressOpen", { done: formatCount(progress.done, locale) });
  return (
    <JobProgress
      testId="bundle"
      label={label}
      fraction={progress ? fractionOf(progress.done, total) : null}
      cancelling={cancelling}
      onCancel={onCancel}
      cancelText={t("export.cancel")}
      cancellingText={t("export.cancelling")}
    />
  );
}
