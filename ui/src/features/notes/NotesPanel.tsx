import { useState } from "react";
import { TabPanel, Tabs } from "../../components/Tabs";
import { useT } from "../../i18n";
import { useProfile } from "../profile/profileStore";
import { ActivityFeed } from "./ActivityFeed";
import { NotesBrowser } from "./NotesBrowser";

type Tab = "notes" | "activity";
const TABS: readonly Tab[] = ["notes", "activity"];

/** Team notes: the notes (search, list, the open one) and the activity feed. */
export function NotesPanel() {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>("notes");
  return (
    <div className="notes-panel">
      <div className="notes-toolbar">
        <Tabs prefix="notes" tabs={TABS} active={tab} onSelect={setTab} label={t("notes.views")} text={(id) => t(`notes.tab.${id}`)} />
        <ProfileButton />
      </div>
      <TabPanel prefix="notes" active={tab} className="notes-tabpanel">
        {tab === "notes" ? <NotesBrowser /> : <ActivityFeed />}
      </TabPanel>
    </div>
  );
}

/** Who writes here ("Profile: ada"); opens the profile dialog. */
function ProfileButton() {
  const { t } = useT();
  const { profile, ask } = useProfile();
  return (
    <button type="button" className="button small-button notes-profile" onClick={ask} data-testid="notes-profile">
      {profile && (
        <span className="profile-swatch profile-swatch-small" style={profile.colour ? { background: profile.colour } : undefined} aria-hidden="true" />
      )}
      {profile ? t("notes.profile", { name: profile.name }) : t("notes.profileMissing")}
    </button>
  );
}
