import { useCallback, useEffect, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorMessage } from "../../components/ErrorMessage";
import { NotesIcon } from "../../components/icons";
import { TextField } from "../../components/TextField";
import { useAction } from "../../components/useAction";
import { useDebounced } from "../../components/useDebounced";
import { useLoaded } from "../../components/useLoaded";
import { useT } from "../../i18n";
import { api, type NoteInfo } from "../../lib/api";
import { useModelsStore } from "../models/modelsStore";
import { NoteDetail } from "./NoteDetail";
import { NoteEditor } from "./NoteEditor";
import { NoteList } from "./NoteList";
import { NoteSearch } from "./NoteSearch";
import { noteHeading, TYPING_DELAY_MS } from "./notesText";

/** The notes: search, filters and the list on the left; the open note (or the new one) on the right. */
export function NotesBrowser() {
  const { t } = useT();
  const [tag, setTag] = useState("");
  const [deleted, setDeleted] = useState(false);
  const tagFilter = useDebounced(tag.trim().replace(/^#+/, ""), TYPING_DELAY_MS);
  const load = useCallback(() => api.listNotes(null, null, tagFilter === "" ? null : tagFilter, deleted), [tagFilter, deleted]);
  const { state, reload } = useLoaded(load);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [undone, setUndone] = useState<NoteInfo | null>(null);
  const { refresh: refreshModels } = useModelsStore();

  // Notes name models by id; the list gives their names (and the models a note can go on).
  useEffect(() => {
    void refreshModels();
  }, [refreshModels]);

  const notes = state.kind === "loaded" ? state.value : [];
  const selected = creating ? null : (notes.find((n) => n.id === selectedId) ?? notes[0] ?? null);

  /** Shows a note: back to the full list of live notes when the filters hide it. */
  function open(id: string) {
    setCreating(false);
    setSelectedId(id);
    if (!notes.some((n) => n.id === id)) {
      setTag("");
      setDeleted(false);
    }
  }

  /** After a save or restore: the list again, with the note open (the filters let it through). */
  function changed(note: NoteInfo) {
    setCreating(false);
    setSelectedId(note.id);
    setUndone(null);
    setDeleted(note.deleted);
    if (tagFilter !== "" && !note.tags.includes(tagFilter)) setTag("");
    void reload();
  }

  function deletedNow(note: NoteInfo) {
    setUndone(note);
    void reload();
  }

  return (
    <div className="notes-browser">
      <aside className="notes-list-column">
        <NoteSearch onOpen={open} />
        <section className="notes-filters" aria-label={t("notes.filters")}>
          <TextField label={t("notes.filter.tag")} value={tag} onChange={setTag} placeholder={t("notes.filter.tagPlaceholder")} spellCheck={false} testId="notes-tag-filter" />
          <label className="models-check">
            <input type="checkbox" checked={deleted} onChange={(e) => setDeleted(e.target.checked)} data-testid="notes-deleted-filter" />
            <span>{t("notes.filter.deleted")}</span>
          </label>
          <button type="button" className="button primary small-button" onClick={() => setCreating(true)} data-testid="notes-new">
            {t("notes.new")}
          </button>
        </section>
        <section aria-label={deleted ? t("notes.deletedList") : t("notes.list")}>
          <h2 className="section-title">{deleted ? t("notes.deletedList") : t("notes.list")}</h2>
          {state.kind === "loading" && <p className="muted small">{t("notes.loading")}</p>}
          {state.kind === "failed" && <ErrorMessage error={state.error} />}
          {state.kind === "loaded" && notes.length === 0 && (
            <p className="muted small">{deleted ? t("notes.deletedEmpty") : tagFilter !== "" ? t("notes.tagEmpty", { tag: tagFilter }) : t("notes.listEmpty")}</p>
          )}
          {notes.length > 0 && <NoteList notes={notes} selectedId={selected?.id ?? null} onSelect={open} />}
        </section>
      </aside>
      <section className="notes-main">
        {undone && <UndoDelete note={undone} onRestored={changed} onDismiss={() => setUndone(null)} />}
        {creating && <NoteEditor note={null} onSaved={changed} onCancel={() => setCreating(false)} />}
        {selected && <NoteDetail key={selected.id} note={selected} onChanged={changed} onDeleted={deletedNow} onReload={reload} />}
        {!creating && state.kind === "loaded" && notes.length === 0 && !deleted && tagFilter === "" && (
          <EmptyState icon={<NotesIcon size={28} />} title={t("notes.emptyTitle")} body={t("notes.emptyBody")} />
        )}
      </section>
    </div>
  );
}

/** "Note deleted", with Undo (restores it) right after deleting. */
function UndoDelete({ note, onRestored, onDismiss }: { note: NoteInfo; onRestored: (note: NoteInfo) => void; onDismiss: () => void }) {
  const { t } = useT();
  const restore = useAction();
  return (
    <div className="import-status notes-undo" role="status" data-testid="notes-undo">
      <div className="import-status-body">
        <div className="import-status-title">{t("notes.deleted", { title: noteHeading(note, t) })}</div>
        {restore.error && <ErrorMessage error={restore.error} />}
      </div>
      <button
        type="button"
        className="button small-button"
        disabled={restore.busy}
        onClick={() => void restore.run(async () => onRestored(await api.setNoteDeleted(note.id, false)))}
        data-testid="notes-undo-button"
      >
        {t("notes.undo")}
      </button>
      <button type="button" className="button small-button" onClick={onDismiss} data-testid="notes-undo-dismiss">
        {t("notes.undoDismiss")}
      </button>
    </div>
  );
}
