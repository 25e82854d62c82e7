import { useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TagList } from "../../components/TagList";
import { useAction } from "../../components/useAction";
import { useFormatDate, useT } from "../../i18n";
import { api, type NoteInfo } from "../../lib/api";
import { CommentThreads } from "./CommentThreads";
import { NoteEditor } from "./NoteEditor";
import { NoteHistory } from "./NoteHistory";
import { noteHeading } from "./notesText";
import { useEntityLabel } from "./useEntityLabel";

type Mode = "view" | "edit" | "history";

/**
 * The open note: rendered, with Edit, History and Delete (Restore for a deleted one), and its
 * comment threads. `onReload` reloads the notes (after a refused edit).
 */
export function NoteDetail({
  note,
  onChanged,
  onDeleted,
  onReload,
}: {
  note: NoteInfo;
  onChanged: (note: NoteInfo) => void;
  onDeleted: (note: NoteInfo) => void;
  onReload: () => Promise<void>;
}) {
  const { t } = useT();
  const [mode, setMode] = useState<Mode>("view");
  const remove = useAction();

  if (mode === "edit") {
    // A newer version (after Reload) starts the editor over from it.
    return (
      <NoteEditor
        key={note.version}
        note={note}
        onSaved={(saved) => {
          setMode("view");
          onChanged(saved);
        }}
        onCancel={() => setMode("view")}
        onReload={onReload}
      />
    );
  }

  function setDeleted(deleted: boolean) {
    void remove.run(async () => {
      const changed = await api.setNoteDeleted(note.id, deleted);
      if (deleted) onDeleted(changed);
      else onChanged(changed);
    });
  }

  return (
    <article className="models-section note-detail" aria-label={noteHeading(note, t)} data-testid="note-detail">
      <NoteHeader note={note} />
      <div className="models-inline-actions note-actions">
        {!note.deleted && (
          <button type="button" className="button small-button" onClick={() => setMode("edit")} data-testid="note-edit">
            {t("notes.edit")}
          </button>
        )}
        <button
          type="button"
          className="button small-button"
          aria-pressed={mode === "history"}
          onClick={() => setMode(mode === "history" ? "view" : "history")}
          data-testid="note-history-toggle"
        >
          {mode === "history" ? t("notes.historyClose") : t("notes.history")}
        </button>
        <button type="button" className="button small-button" disabled={remove.busy} onClick={() => setDeleted(!note.deleted)} data-testid={note.deleted ? "note-restore" : "note-delete"}>
          {note.deleted ? t("notes.restore") : t("notes.delete")}
        </button>
      </div>
      {remove.error && <ErrorMessage error={remove.error} />}
      {mode === "history" ? (
        <NoteHistory note={note} />
      ) : (
        // Sanitised by the backend (ammonia) before it is sent.
        <div className="note-body" data-testid="note-body" dangerouslySetInnerHTML={{ __html: note.html }} />
      )}
      <CommentThreads entityKind="note" entity={note.id} />
    </article>
  );
}

/** Title, pin, what the note is on, who wrote it and when, its tags and the people it mentions. */
function NoteHeader({ note }: { note: NoteInfo }) {
  const { t } = useT();
  const formatDate = useFormatDate();
  const label = useEntityLabel();
  return (
    <header className="note-header">
      <div className="table-title">
        <h2 data-testid="note-title">{noteHeading(note, t)}</h2>
        {note.pinned && <span className="badge accent">{t("notes.pinned")}</span>}
        {note.deleted && <span className="badge warning">{t("notes.deletedBadge")}</span>}
      </div>
      <p className="muted small" data-testid="note-meta">
        {t("notes.meta", {
          entity: label(note.entityKind, note.entityId),
          author: note.author,
          version: note.version,
          when: formatDate(note.updatedAt),
        })}
      </p>
      {(note.tags.length > 0 || note.mentions.length > 0) && (
        <div className="chips">
          {note.tags.length > 0 && <TagList tags={note.tags} testId="note-tags" />}
          {note.mentions.length > 0 && (
            <span className="chips" data-testid="note-mentions">
              {note.mentions.map((name) => (
                <span key={name} className="badge accent" title={t("notes.mentioned", { name })}>
                  @{name}
                </span>
              ))}
            </span>
          )}
        </div>
      )}
    </header>
  );
}
