import { EmptyState } from "../../components/EmptyState";
import { ExplainIcon } from "../../components/icons";
import { useT } from "../../i18n";

export function ExplainPanel() {
  const { t } = useT();
  return <EmptyState icon={<ExplainIcon size={28} />} title={t("explain.emptyTitle")} body={t("explain.emptyBody")} />;
}
