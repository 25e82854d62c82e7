import { TagList } from "../../components/TagList";
import { useT, useFormatDate } from "../../i18n";
import type { NoteInfo } from "../../lib/api";
import { noteHeading } from "./notesText";
import { useEntityLabel } from "./useEntityLabel";

/**
 * The notes, pinned first (as listed): pin, title, author, version, tags and what each is on
 * (`showEntity` false leaves that out: a list of one entity's notes).
 */
export function NoteList({
  notes,
  selectedId,
  onSelect,
  showEntity = true,
}: {
  notes: NoteInfo[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  showEntity?: boolean;
}) {
  const { t } = useT();
  const formatDate = useFormatDate();
  const label = useEntityLabel();
  return (
    <ul className="dataset-list" data-testid="note-list">
      {notes.map((note) => (
        <li key={note.id}>
          <button
            type="button"
            className="dataset-item"
            aria-current={note.id === selectedId ? "true" : undefined}
            onClick={() => onSelect(note.id)}
            data-testid="note-item"
          >
            <span className="dataset-item-top">
              {note.pinned && (
                <span className="badge accent" data-testid="note-pinned">
                  {t("notes.pinned")}
                </span>
              )}
              <span className="dataset-item-name" data-testid="note-item-title">
                {noteHeading(note, t)}
              </span>
              <span className="dataset-item-version">{t("notes.version", { version: note.version })}</span>
            </span>
            <span className="dataset-item-meta">
              {showEntity && <span>{label(note.entityKind, note.entityId)}</span>}
              <span title={formatDate(note.updatedAt)}>{note.author}</span>
            </span>
            {note.tags.length > 0 && <TagList tags={note.tags} testId="note-tags" />}
          </button>
        </li>
      ))}
    </ul>
  );
}
