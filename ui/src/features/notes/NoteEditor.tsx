import { useEffect, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { SelectField } from "../../components/SelectField";
import { TextAreaField } from "../../components/TextAreaField";
import { TextField } from "../../components/TextField";
import { useAction } from "../../components/useAction";
import { useDebounced } from "../../components/useDebounced";
import { useT } from "../../i18n";
import { api, type DatasetInfo, type ModelInfo, type NoteInfo, type NoteInput } from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { useModelsStore } from "../models/modelsStore";
import { datasetReference, parseTags, TYPING_DELAY_MS } from "./notesText";
import { useEntityLabel } from "./useEntityLabel";

/**
 * The "Attached to" choice: the project, a model (`model:<id>`), a dataset version
 * (`dataset:<name>@<version>`), or where an edited note already is.
 */
const PROJECT = "project";
const KEEP = "keep";
const MODEL_PREFIX = "model:";
const DATASET_PREFIX = "dataset:";

/** An edited note's choice; one on a dataset version not listed (an older one) keeps its place. */
function attachmentOf(note: NoteInfo | null, datasets: readonly DatasetInfo[]): string {
  if (note === null || note.entityKind === "project") return PROJECT;
  if (note.entityKind === "model" && note.entityId !== null) return `${MODEL_PREFIX}${note.entityId}`;
  const dataset = note.entityKind === "dataset" ? datasets.find((d) => d.id === note.entityId) : undefined;
  if (dataset) return `${DATASET_PREFIX}${datasetReference(dataset)}`;
  return KEEP;
}

/** The entity fields of a `NoteInput`; an empty kind keeps an edited note where it is. */
function attachmentInput(choice: string): Pick<NoteInput, "entityKind" | "entity"> {
  if (choice.startsWith(MODEL_PREFIX)) return { entityKind: "model", entity: choice.slice(MODEL_PREFIX.length) };
  if (choice.startsWith(DATASET_PREFIX)) return { entityKind: "dataset", entity: choice.slice(DATASET_PREFIX.length) };
  if (choice === KEEP) return { entityKind: "", entity: null };
  return { entityKind: "project", entity: null };
}

/**
 * Writes a new note (`note` null) or a new version of one: title, Markdown with a live preview,
 * tags, pin and what it is attached to. An edit names the version it started from, so one saved
 * meanwhile is not overwritten: the refusal is shown with Reload (`onReload`).
 */
export function NoteEditor({
  note,
  onSaved,
  onCancel,
  onReload,
}: {
  note: NoteInfo | null;
  onSaved: (note: NoteInfo) => void;
  onCancel: () => void;
  onReload?: () => Promise<void>;
}) {
  const { t } = useT();
  const { models } = useModelsStore();
  const { datasets } = useDataStore();
  const modelList = models.kind === "loaded" ? models.items : [];
  const datasetList = datasets.kind === "loaded" ? datasets.items : [];
  const label = useEntityLabel();
  const [title, setTitle] = useState(note?.title ?? "");
  const [body, setBody] = useState(note?.body ?? "");
  const [tags, setTags] = useState(note?.tags.join(", ") ?? "");
  const [pinned, setPinned] = useState(note?.pinned ?? false);
  const [attachment, setAttachment] = useState(() => attachmentOf(note, datasetList));
  const save = useAction();

  const empty = title.trim() === "" && body.trim() === "";

  function submit(e: FormEvent) {
    e.preventDefault();
    if (empty || save.busy) return;
    const input: NoteInput = { ...attachmentInput(attachment), title: title.trim(), body, tags: parseTags(tags), pinned };
    void save.run(async () => {
      onSaved(note === null ? await api.addNote(input) : await api.editNote(note.id, input, note.version));
    });
  }

  const heading = note === null ? t("notes.editor.new") : t("notes.editor.edit", { version: note.version });
  return (
    <form className="models-section note-editor" aria-label={heading} onSubmit={submit} data-testid="note-editor">
      <h2 className="section-title">{heading}</h2>
      <TextField label={t("notes.editor.title")} value={title} onChange={setTitle} testId="note-editor-title" />
      <div className="note-editor-body">
        <TextAreaField
          label={t("notes.editor.body")}
          value={body}
          onChange={setBody}
          rows={12}
          placeholder={t("notes.editor.bodyPlaceholder")}
          testId="note-editor-body"
        />
        <MarkdownPreview text={body} />
      </div>
      <MentionHint />
      <div className="models-form-row">
        <TextField label={t("notes.editor.tags")} value={tags} onChange={setTags} placeholder={t("notes.editor.tagsPlaceholder")} spellCheck={false} testId="note-editor-tags" />
        <SelectField label={t("notes.editor.attachedTo")} value={attachment} onChange={setAttachment} testId="note-editor-entity">
          <option value={PROJECT}>{t("notes.entity.project")}</option>
          {note !== null && attachment === KEEP && <option value={KEEP}>{label(note.entityKind, note.entityId)}</option>}
          <AttachmentModels models={modelList} current={note} />
          {datasetList.map((d) => (
            <option key={d.id} value={`${DATASET_PREFIX}${datasetReference(d)}`}>
              {t("notes.entity.dataset", { name: datasetReference(d) })}
            </option>
          ))}
        </SelectField>
      </div>
      {save.error && (
        <div className="note-editor-error" data-testid="note-editor-error">
          <ErrorMessage error={save.error} />
          {note !== null && onReload && (
            <button type="button" className="button small-button" onClick={() => void onReload()} data-testid="note-editor-reload">
              {t("notes.editor.reload")}
            </button>
          )}
        </div>
      )}
      <div className="models-actions">
        <label className="models-check">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} data-testid="note-editor-pinned" />
          <span>{t("notes.editor.pinned")}</span>
        </label>
        <button type="button" className="button" onClick={onCancel} data-testid="note-editor-cancel">
          {t("notes.editor.cancel")}
        </button>
        <button type="submit" className="button primary" disabled={empty || save.busy} data-testid="note-editor-save">
          {save.busy ? t("notes.editor.saving") : t("notes.editor.save")}
        </button>
      </div>
    </form>
  );
}

/** The models a note can be attached to; a model no longer listed stays as the edited note's choice. */
function AttachmentModels({ models, current }: { models: readonly ModelInfo[]; current: NoteInfo | null }) {
  const { t } = useT();
  const own = current?.entityKind === "model" ? current.entityId : null;
  const missing = own !== null && !models.some((m) => m.id === own) ? own : null;
  return (
    <>
      {models.map((m) => (
        <option key={m.id} value={`${MODEL_PREFIX}${m.id}`}>
          {t("notes.entity.model", { name: m.name })}
        </option>
      ))}
      {missing !== null && <option value={`${MODEL_PREFIX}${missing}`}>{t("notes.entity.model", { name: missing })}</option>}
    </>
  );
}

/** The body as it will read: rendered (and sanitised) by the backend once typing pauses. */
function MarkdownPreview({ text }: { text: string }) {
  const { t } = useT();
  const settled = useDebounced(text, TYPING_DELAY_MS);
  const [html, setHtml] = useState("");

  useEffect(() => {
    let live = true;
    if (settled.trim() === "") {
      setHtml("");
      return;
    }
    api.renderMarkdown(settled).then(
      (rendered) => live && setHtml(rendered),
      // The preview is a convenience: saving still works, and shows any error.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [settled]);

  return (
    <section className="note-preview" aria-label={t("notes.editor.preview")}>
      <span className="note-preview-label">{t("notes.editor.preview")}</span>
      {html === "" ? (
        <p className="muted small">{t("notes.editor.previewEmpty")}</p>
      ) : (
        // Sanitised by the backend (ammonia) before it is sent.
        <div className="note-body" data-testid="note-preview" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </section>
  );
}

/** Who `@name` reaches: everyone who wrote in the project. */
function MentionHint() {
  const { t } = useT();
  const [people, setPeople] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    api.people().then(
      (names) => live && setPeople(names),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  if (people.length === 0) return null;
  return (
    <p className="muted small" data-testid="note-editor-people">
      {t("notes.editor.people", { names: people.map((name) => `@${name}`).join(" ") })}
    </p>
  );
}
