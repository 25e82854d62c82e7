import { useCallback, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TextField } from "../../components/TextField";
import { useDebounced } from "../../components/useDebounced";
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT } from "../../i18n";
import { api, type SearchResult } from "../../lib/api";
import { splitSnippet, TYPING_DELAY_MS } from "./notesText";

/**
 * Full-text search over notes and comments, asked as the user types. A note hit opens the note; a
 * comment on a note opens that note.
 */
export function NoteSearch({ onOpen }: { onOpen: (noteId: string) => void }) {
  const { t } = useT();
  const [text, setText] = useState("");
  const query = useDebounced(text.trim(), TYPING_DELAY_MS);
  return (
    <section className="notes-search" aria-label={t("notes.search")}>
      <TextField label={t("notes.search")} value={text} onChange={setText} type="search" placeholder={t("notes.searchPlaceholder")} testId="notes-search" />
      {query !== "" && <SearchResults query={query} onOpen={onOpen} />}
    </section>
  );
}

function SearchResults({ query, onOpen }: { query: string; onOpen: (noteId: string) => void }) {
  const { t } = useT();
  const load = useCallback(() => api.searchNotes(query, null, null, null), [query]);
  const { state } = useLoaded(load);
  if (state.kind === "loading") return <p className="muted small">{t("notes.searching")}</p>;
  if (state.kind === "failed") return <ErrorMessage error={state.error} />;
  if (state.value.length === 0) return <p className="muted small" data-testid="search-empty">{t("notes.searchEmpty", { query })}</p>;
  return (
    <ul className="dataset-list" data-testid="search-results">
      {state.value.map((hit) => (
        <li key={`${hit.kind}:${hit.id}`}>
          <SearchHit hit={hit} onOpen={onOpen} />
        </li>
      ))}
    </ul>
  );
}

/** The note a hit opens: the note itself, or the note a comment is on (none for other comments). */
function noteOf(hit: SearchResult): string | null {
  if (hit.kind === "note") return hit.id;
  return hit.entityKind === "note" ? hit.entityId : null;
}

function SearchHit({ hit, onOpen }: { hit: SearchResult; onOpen: (noteId: string) => void }) {
  const { t } = useT();
  const formatDate = useFormatDate();
  const note = noteOf(hit);
  const body = (
    <>
      <span className="dataset-item-top">
        <span className="badge">{hit.kind === "note" ? t("notes.hit.note") : t("notes.hit.comment")}</span>
        <span className="dataset-item-name">{hit.title || t("notes.untitled")}</span>
      </span>
      <Snippet snippet={hit.snippet} />
      <span className="dataset-item-meta">
        <span>{hit.author}</span>
        <span>{formatDate(hit.updatedAt)}</span>
      </span>
    </>
  );
  if (note === null) {
    return (
      <div className="dataset-item search-hit" data-testid="search-hit">
        {body}
      </div>
    );
  }
  return (
    <button type="button" className="dataset-item search-hit" onClick={() => onOpen(note)} data-testid="search-hit">
      {body}
    </button>
  );
}

/** A snippet with its matches marked; everything in it is text (never HTML). */
export function Snippet({ snippet }: { snippet: string }) {
  return (
    <span className="search-snippet" data-testid="search-snippet">
      {splitSnippet(snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}
