import { EmptyState } from "../../components/EmptyState";
import { NotesIcon } from "../../components/icons";
import { useT } from "../../i18n";

export function NotesPanel() {
  const { t } = useT();
  return <EmptyState icon={<NotesIcon size={28} />} title={t("notes.emptyTitle")} body={t("notes.emptyBody")} />;
}
