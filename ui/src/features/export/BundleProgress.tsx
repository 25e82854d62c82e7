import { fractionOf, JobProgress } from "../../components/JobProgress";
import { useT, type MessageKey } from "../../i18n";
import type { ExplainProgress } from "../../lib/api";
import { formatCount } from "../data/format";
import type { JobAction } from "./useBundleJob";

/** What the label says until the first progress message. */
const STARTING: Record<JobAction, MessageKey> = {
  preview: "export.previewing",
  export: "export.exporting",
  report: "export.report.writing",
};

/**
 * A running preview, export or report: its SHAP summary's rows explained, and Cancel (`bundle-cancel`,
 * or `report-cancel` for the report).
 */
export function BundleProgress({
  action,
  progress,
  cancelling,
  onCancel,
}: {
  action: JobAction;
  progress: ExplainProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t, locale } = useT();
  const total = progress?.total ?? null;
  const label = !progress
    ? t(STARTING[action])
    : total !== null
      ? t("export.progress", { done: formatCount(progress.done, locale), total: formatCount(total, locale) })
      : t("export.progressOpen", { done: formatCount(progress.done, locale) });
  return (
    <JobProgress
      testId={action === "report" ? "report" : "bundle"}
      label={label}
      fraction={progress ? fractionOf(progress.done, total) : null}
      cancelling={cancelling}
      onCancel={onCancel}
      cancelText={t("export.cancel")}
      cancellingText={t("export.cancelling")}
    />
  );
}
