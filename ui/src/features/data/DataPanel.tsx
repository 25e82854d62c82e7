import { EmptyState } from "../../components/EmptyState";
import { DataIcon } from "../../components/icons";
import { useT } from "../../i18n";

export function DataPanel() {
  const { t } = useT();
  return <EmptyState icon={<DataIcon size={28} />} title={t("data.emptyTitle")} body={t("data.emptyBody")} />;
}
