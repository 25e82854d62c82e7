import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { ErrorMessage } from "../../components/ErrorMessage";
import { CloseIcon } from "../../components/icons";
import { TextAreaField } from "../../components/TextAreaField";
import { TextField } from "../../components/TextField";
import { useAction } from "../../components/useAction";
import { useLoaded } from "../../components/useLoaded";
import { useT } from "../../i18n";
import { api, type NoteEntityKind, type NoteInfo } from "../../lib/api";
import { useModelsStore } from "../models/modelsStore";
import { CommentThreads } from "./CommentThreads";
import { NoteDetail } from "./NoteDetail";
import { NoteList } from "./NoteList";

/** What the drawer can be opened on (the project's own notes live in the Notes panel). */
export type DrawerEntityKind = Extract<NoteEntityKind, "dataset" | "run" | "model" | "column">;

/**
 * An entity as the backend takes it: a dataset version as `name@version` (or its id), a run id, a
 * model name or id, a column as `DATASET:COLUMN`; `title` is how the drawer names it.
 */
export type NotesEntity = { entityKind: DrawerEntityKind; entity: string; title: string };

/** The notes on one entity, pinned first; an answer that is not a list (no backend) reads as none. */
export function useEntityNotes(entityKind: DrawerEntityKind, entity: string) {
  const load = useCallback(
    async () => {
      const notes = await api.listNotes(entityKind, entity, null, false);
      return Array.isArray(notes) ? notes : [];
    },
    [entityKind, entity],
  );
  return useLoaded(load);
}

/**
 * A side panel on the right with the notes on one entity (open one to read, edit or comment on
 * it), a short form that adds a note to it, and the comment threads on the entity itself. The
 * close button and Escape close it; the focus goes back where it was. `onNotesChanged` hears of
 * every note added, edited or deleted here (a trigger's count).
 */
export function EntityNotesDrawer({
  entityKind,
  entity,
  title,
  onClose,
  onNotesChanged,
}: NotesEntity & { onClose: () => void; onNotesChanged?: () => void }) {
  const { t } = useT();
  const titleId = useId();
  const drawer = useRef<HTMLElement>(null);
  const { state, reload } = useEntityNotes(entityKind, entity);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const { models, refresh: refreshModels } = useModelsStore();
  // Read while rendering, before anything in the drawer takes the focus.
  const [before] = useState(() => document.activeElement);
  const close = useRef(onClose);
  close.current = onClose;

  // The drawer takes the focus while open; it goes back where it was after.
  useEffect(() => {
    drawer.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [before]);

  // Escape closes it wherever the focus is (a dialog above that handles Escape stops it first).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) close.current();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  // Notes name models by id: the list gives their names (and what the editor can attach to).
  const modelsLoaded = models.kind === "loaded";
  useEffect(() => {
    if (!modelsLoaded) void refreshModels();
  }, [modelsLoaded, refreshModels]);

  const notes = state.kind === "loaded" ? state.value : [];
  const selected = notes.find((n) => n.id === selectedId) ?? null;

  function changed(note: NoteInfo | null) {
    setSelectedId(note?.id ?? null);
    void reload();
    onNotesChanged?.();
  }

  return createPortal(
    <aside
      ref={drawer}
      className="entity-notes"
      role="complementary"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="entity-notes"
    >
      <header className="entity-notes-header">
        <div className="entity-notes-heading">
          <h2 id={titleId} data-testid="entity-notes-title">
            {t("entityNotes.title", { title })}
          </h2>
          <span className="muted small">{t(`notes.entity.${entityKind}`, { name: title })}</span>
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t("entityNotes.close")}
          title={t("entityNotes.close")}
          data-testid="entity-notes-close"
        >
          <CloseIcon size={14} />
        </button>
      </header>
      <div className="entity-notes-body">
        <section className="entity-notes-list" aria-label={t("entityNotes.notes")}>
          <h3 className="section-title">{t("entityNotes.notes")}</h3>
          {state.kind === "loading" && <p className="muted small">{t("notes.loading")}</p>}
          {state.kind === "failed" && <ErrorMessage error={state.error} />}
          {state.kind === "loaded" && notes.length === 0 && <p className="muted small">{t("entityNotes.empty")}</p>}
          {notes.length > 0 && (
            <NoteList
              notes={notes}
              selectedId={selected?.id ?? null}
              onSelect={(id) => setSelectedId(id === selectedId ? null : id)}
              showEntity={false}
            />
          )}
          {selected && (
            <NoteDetail key={selected.id} note={selected} onChanged={changed} onDeleted={() => changed(null)} onReload={reload} />
          )}
        </section>
        <AddNoteForm entityKind={entityKind} entity={entity} onAdded={() => changed(null)} />
        <CommentThreads entityKind={entityKind} entity={entity} />
      </div>
    </aside>,
    document.body,
  );
}

/** Title and Markdown for a new note on the entity; emptied once it is saved. */
function AddNoteForm({ entityKind, entity, onAdded }: { entityKind: DrawerEntityKind; entity: string; onAdded: (note: NoteInfo) => void }) {
  const { t } = useT();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const save = useAction();
  const empty = title.trim() === "" && body.trim() === "";

  function submit(e: FormEvent) {
    e.preventDefault();
    if (empty || save.busy) return;
    void save.run(async () => {
      const note = await api.addNote({ entityKind, entity, title: title.trim(), body, tags: [], pinned: false });
      setTitle("");
      setBody("");
      onAdded(note);
    });
  }

  return (
    <form className="entity-notes-add" aria-label={t("entityNotes.add")} onSubmit={submit} data-testid="entity-note-form">
      <h3 className="section-title">{t("entityNotes.add")}</h3>
      <TextField label={t("notes.editor.title")} value={title} onChange={setTitle} testId="entity-note-title" />
      <TextAreaField
        label={t("notes.editor.body")}
        value={body}
        onChange={setBody}
        rows={4}
        placeholder={t("entityNotes.bodyPlaceholder")}
        testId="entity-note-body"
      />
      {save.error && <ErrorMessage error={save.error} />}
      <div className="models-actions">
        <button type="submit" className="button primary small-button" disabled={empty || save.busy} data-testid="entity-note-add">
          {save.busy ? t("entityNotes.adding") : t("entityNotes.addSubmit")}
        </button>
      </div>
    </form>
  );
}
