import { useCallback, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { SelectField } from "../../components/SelectField";
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT } from "../../i18n";
import { api, type DiffLine, type NoteInfo, type NoteVersionInfo } from "../../lib/api";

/** Every version of a note, and the diff of its body between two of them (the last two at first). */
export function NoteHistory({ note }: { note: NoteInfo }) {
  const { t } = useT();
  // Asked again once the note has a new version (the dependency is deliberate).
  const load = useCallback(() => api.noteHistory(note.id), [note.id, note.version]);
  const { state } = useLoaded(load);
  if (state.kind === "loading") return <p className="muted small">{t("notes.historyLoading")}</p>;
  if (state.kind === "failed") return <ErrorMessage error={state.error} />;
  return <Versions key={note.version} noteId={note.id} versions={state.value} />;
}

function Versions({ noteId, versions }: { noteId: string; versions: NoteVersionInfo[] }) {
  const { t } = useT();
  const formatDate = useFormatDate();
  const last = versions[versions.length - 1]?.version ?? 1;
  const [from, setFrom] = useState(versions[versions.length - 2]?.version ?? last);
  const [to, setTo] = useState(last);

  const options = versions.map((v) => (
    <option key={v.version} value={v.version}>
      {t("notes.version", { version: v.version })}
    </option>
  ));
  return (
    <section className="note-history" aria-label={t("notes.history")} data-testid="note-history">
      <table className="model-table" data-testid="note-versions">
        <thead>
          <tr>
            <th scope="col">{t("notes.historyVersion")}</th>
            <th scope="col">{t("notes.historyTitle")}</th>
            <th scope="col">{t("notes.historyAuthor")}</th>
            <th scope="col">{t("notes.historyWhen")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid="note-version">
              <td className="models-number">{v.version}</td>
              <td>{v.title}</td>
              <td>{v.author}</td>
              <td>{formatDate(v.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length < 2 ? (
        <p className="muted small">{t("notes.historyOne")}</p>
      ) : (
        <>
          <div className="models-form-inline note-diff-pick">
            <SelectField label={t("notes.diffFrom")} value={String(from)} onChange={(v) => setFrom(Number(v))} testId="note-diff-from">
              {options}
            </SelectField>
            <SelectField label={t("notes.diffTo")} value={String(to)} onChange={(v) => setTo(Number(v))} testId="note-diff-to">
              {options}
            </SelectField>
          </div>
          {from === to ? <p className="muted small">{t("notes.diffSame")}</p> : <VersionDiff noteId={noteId} from={from} to={to} />}
        </>
      )}
    </section>
  );
}


/** The line diff of the body from version `from` to `to`: inserted and deleted lines marked. */
function VersionDiff({ noteId, from, to }: { noteId: string; from: number; to: number }) {
  const { t } = useT();
  const load = useCallback(() => api.noteDiff(noteId, from, to), [noteId, from, to]);
  const { state } = useLoaded(load);
  if (state.kind === "loading") return <p className="muted small">{t("notes.diffLoading")}</p>;
  if (state.kind === "failed") return <ErrorMessage error={state.error} />;
  if (state.value.length === 0) return <p className="muted small">{t("notes.diffEmpty")}</p>;
  return (
    <pre className="note-diff" aria-label={t("notes.diff", { from, to })} data-testid="note-diff">
      {state.value.map((line, i) => (
        <DiffRow key={i} line={line} />
      ))}
    </pre>
  );
}

/** One line of a diff: `<ins>` / `<del>` for inserted / deleted lines, with a +/− sign. */
function DiffRow({ line }: { line: DiffLine }) {
  const testId = `diff-${line.op}`;
  if (line.op === "insert") {
    return (
      <ins className="diff-line diff-insert" data-testid={testId}>
        <span className="diff-sign" aria-hidden="true">+</span>
        {line.text}
      </ins>
    );
  }
  if (line.op === "delete") {
    return (
      <del className="diff-line diff-delete" data-testid={testId}>
        <span className="diff-sign" aria-hidden="true">−</span>
        {line.text}
      </del>
    );
  }
  return (
    <span className="diff-line" data-testid={testId}>
      <span className="diff-sign" aria-hidden="true"> </span>
      {line.text}
    </span>
  );
}
