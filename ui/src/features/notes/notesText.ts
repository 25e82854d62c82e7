// Pure helpers of the Notes panel: tags as typed, snippets, threads and how notes are named.
import type { TFunction } from "../../i18n";
import { NOTE_ENTITY_KINDS, type CommentInfo, type DatasetInfo, type ModelInfo, type NoteEntityKind, type NoteInfo } from "../../lib/api";

/** How long typing (search, a filter, the editor's preview) waits before the backend is asked. */
export const TYPING_DELAY_MS = 250;

/** Tags as typed in the editor: separated by commas or spaces, a leading `#` dropped, each once. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[\s,]+/)
    .map((tag) => tag.replace(/^#+/, ""))
    .filter((tag) => tag !== "");
  return [...new Set(tags)];
}

/** A snippet's pieces: the backend marks each match as `[match]`. */
export type SnippetPart = { text: string; match: boolean };

/** Splits a search snippet into plain text and matches (an unclosed `[` is plain text). */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text !== "") parts.push({ text, match });
  };
  let rest = snippet;
  for (;;) {
    const open = rest.indexOf("[");
    const close = open < 0 ? -1 : rest.indexOf("]", open + 1);
    if (close < 0) break;
    push(rest.slice(0, open), false);
    push(rest.slice(open + 1, close), true);
    rest = rest.slice(close + 1);
  }
  push(rest, false);
  return parts;
}

/** A thread: its first comment and the replies to it, oldest first. */
export type Thread = { first: CommentInfo; replies: CommentInfo[] };

/** Groups comments (as listed: oldest first) into threads; a reply to an unknown comment starts its own. */
export function groupThreads(comments: CommentInfo[]): Thread[] {
  const byId = new Map<string, Thread>();
  const threads: Thread[] = [];
  for (const comment of comments) {
    const parent = comment.parentId === null ? undefined : byId.get(comment.parentId);
    if (parent) {
      parent.replies.push(comment);
    } else {
      const thread = { first: comment, replies: [] };
      byId.set(comment.id, thread);
      threads.push(thread);
    }
  }
  return threads;
}

/** A note's name in lists: its title, else the first line of its body, else "Untitled". */
export function noteHeading(note: Pick<NoteInfo, "title" | "body">, t: TFunction): string {
  if (note.title.trim() !== "") return note.title.trim();
  const firstLine = note.body
    .split("\n")
    .map((line) => line.replace(/^[#>*\-\s]+/, "").trim())
    .find((line) => line !== "");
  return firstLine ?? t("notes.untitled");
}

function isEntityKind(kind: string): kind is NoteEntityKind {
  return (NOTE_ENTITY_KINDS as readonly string[]).includes(kind);
}

/** How a dataset version is named where the backend takes a reference: `sales@2`. */
export function datasetReference(dataset: Pick<DatasetInfo, "name" | "version">): string {
  return `${dataset.name}@${dataset.version}`;
}

/** A dataset version's id as `name@version` when it is listed, else the id itself. */
function datasetName(id: string, datasets: readonly DatasetInfo[]): string {
  const dataset = datasets.find((d) => d.id === id);
  return dataset ? datasetReference(dataset) : id;
}

/** What an entity id names: a model by its name, a dataset version as `name@version`, a column as `name@version:column`. */
function entityName(kind: string, id: string, models: readonly ModelInfo[], datasets: readonly DatasetInfo[]): string {
  switch (kind) {
    case "model":
      return models.find((m) => m.id === id)?.name ?? id;
    case "dataset":
      return datasetName(id, datasets);
    case "column": {
      // Stored as `<version id>:<column>`; a version id (a UUID) has no colon.
      const colon = id.indexOf(":");
      return colon < 0 ? id : `${datasetName(id.slice(0, colon), datasets)}:${id.slice(colon + 1)}`;
    }
    default:
      return id;
  }
}

/**
 * What a note is attached to: "Project", "Model: churn-gbdt" (a model by its name when known),
 * "Dataset: sales@2" (a dataset version by name and version when listed in `datasets`).
 */
export function entityLabel(
  kind: string,
  id: string | null,
  models: readonly ModelInfo[],
  t: TFunction,
  datasets: readonly DatasetInfo[] = [],
): string {
  if (kind === "project" || id === null) return t("notes.entity.project");
  const name = entityName(kind, id, models, datasets);
  return isEntityKind(kind) ? t(`notes.entity.${kind}`, { name }) : `${kind}: ${name}`;
}
