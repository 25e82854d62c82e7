import { useEffect, useId, useSyncExternalStore } from "react";
import { NotesIcon } from "../../components/icons";
import { useT } from "../../i18n";
import { EntityNotesDrawer, useEntityNotes, type NotesEntity } from "./EntityNotesDrawer";

// Which trigger's drawer is open: one at a time, so opening another replaces it.
let openTrigger: string | null = null;
const listeners = new Set<() => void>();

function setOpenTrigger(id: string | null) {
  openTrigger = id;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentTrigger = () => openTrigger;

/**
 * "Notes", with the number of notes on the entity when there are any; opens (or closes) the
 * entity's notes drawer. `label` replaces "Notes" where a header has more than one (run notes).
 */
export function NotesButton({ entityKind, entity, title, label, testId }: NotesEntity & { label?: string; testId: string }) {
  const { t } = useT();
  const id = useId();
  const open = useSyncExternalStore(subscribe, currentTrigger) === id;
  const { state, reload } = useEntityNotes(entityKind, entity);
  const count = state.kind === "loaded" ? state.value.length : 0;
  const what = t(`notes.entity.${entityKind}`, { name: title });

  // A trigger that goes away (another model selected, the panel left) takes its drawer along.
  useEffect(
    () => () => {
      if (openTrigger === id) setOpenTrigger(null);
    },
    [id],
  );

  return (
    <>
      <button
        type="button"
        className="button small-button notes-button"
        aria-expanded={open}
        // "Notes" alone would read like the Notes panel's link; the name says whose notes.
        aria-label={count > 0 ? t("entityNotes.openCount", { entity: what, count }) : t("entityNotes.open", { entity: what })}
        title={t("entityNotes.open", { entity: what })}
        onClick={() => setOpenTrigger(open ? null : id)}
        data-testid={testId}
      >
        <NotesIcon size={14} />
        <span>{label ?? t("entityNotes.button")}</span>
        {count > 0 && (
          <span className="badge accent notes-count" data-testid={`${testId}-count`}>
            {count}
          </span>
        )}
      </button>
      {open && (
        <EntityNotesDrawer
          // Another entity (a version switched meanwhile) starts the drawer over.
          key={`${entityKind}\u0000${entity}`}
          entityKind={entityKind}
          entity={entity}
          title={title}
          onClose={() => setOpenTrigger(null)}
          onNotesChanged={() => void reload()}
        />
      )}
    </>
  );
}
