// Who the user is. Loaded once when the app starts; with no profile saved yet, the app asks for
// one ("Who are you?"). The dialog can be put off and reopened (the Notes panel's header).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type Profile } from "../../lib/api";

export type ProfileStore = {
  /** The saved profile; null until one is saved (or while it loads). */
  profile: Profile | null;
  /** Whether the profile dialog is open. */
  asking: boolean;
  /** Opens the profile dialog. */
  ask: () => void;
  /** Closes it without saving ("Later"). */
  dismiss: () => void;
  /** Takes the profile the dialog saved, and closes it. */
  saved: (profile: Profile) => void;
};

export function useProfileState(): ProfileStore {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    let live = true;
    api.profile().then(
      (current) => {
        if (!live) return;
        setProfile(current);
        if (current === null) setAsking(true);
      },
      // Without a backend there is nobody to save a profile to; the status bar says why.
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  const ask = useCallback(() => setAsking(true), []);
  const dismiss = useCallback(() => setAsking(false), []);
  const saved = useCallback((value: Profile) => {
    setProfile(value);
    setAsking(false);
  }, []);

  return useMemo(() => ({ profile, asking, ask, dismiss, saved }), [profile, asking, ask, dismiss, saved]);
}

const ProfileContext = createContext<ProfileStore | null>(null);

export function ProfileProvider({ store, children }: { store: ProfileStore; children: ReactNode }) {
  return <ProfileContext.Provider value={store}>{children}</ProfileContext.Provider>;
}

export function useProfile(): ProfileStore {
  const store = useContext(ProfileContext);
  if (!store) throw new Error("useProfile outside ProfileProvider");
  return store;
}
