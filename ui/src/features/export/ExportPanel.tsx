import { EmptyState } from "../../components/EmptyState";
import { ExportIcon } from "../../components/icons";
import { useT } from "../../i18n";

export function ExportPanel() {
  const { t } = useT();
  return <EmptyState icon={<ExportIcon size={28} />} title={t("export.emptyTitle")} body={t("export.emptyBody")} />;
}
