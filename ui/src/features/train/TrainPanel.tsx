import { EmptyState } from "../../components/EmptyState";
import { TrainIcon } from "../../components/icons";
import { useT } from "../../i18n";

export function TrainPanel() {
  const { t } = useT();
  return <EmptyState icon={<TrainIcon size={28} />} title={t("train.emptyTitle")} body={t("train.emptyBody")} />;
}
