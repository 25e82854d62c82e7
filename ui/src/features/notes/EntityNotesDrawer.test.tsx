import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { CommentInfo, DatasetInfo, ModelInfo, NoteInfo, NoteInput } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { importedInspection, importedModel, newModel } from "../../test/appFixtures";
import { iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Args, type Handler } from "../../test/invoke";
import { datasetNote, modelNote, pinnedNote, thread } from "../../test/notesFixtures";

/** A note by ada on the imported model `iris` (id `m-onnx`). */
const irisModelNote: NoteInfo = { ...modelNote, id: "n-4", entityId: importedModel.id, title: "Labels are ints" };

/**
 * A backend that keeps its notes and comments (writes change what the next list answers) and, like
 * the real one, resolves a model by name or id and a dataset version by `name@version` or id.
 */
function backend(overrides: Record<string, Handler> = {}) {
  const models: ModelInfo[] = [importedModel, newModel];
  const datasets: DatasetInfo[] = [iris];
  const state = {
    notes: [pinnedNote, modelNote, irisModelNote, datasetNote],
    comments: [{ ...thread[0]!, entityKind: "note", entityId: pinnedNote.id }] as (CommentInfo & { entityKind: string; entityId: string | null })[],
  };
  const resolve = (kind: unknown, entity: unknown): string | null => {
    if (entity === null || entity === undefined) return null;
    if (kind === "model") return models.find((m) => m.name === entity || m.id === entity)?.id ?? String(entity);
    if (kind === "dataset") return datasets.find((d) => `${d.name}@${d.version}` === entity || d.id === entity)?.id ?? String(entity);
    return String(entity);
  };
  const input = (a: Args) => a.input as NoteInput;
  const base: Record<string, Handler> = {
    ...openProjectHandlers(datasets),
    list_models: () => models,
    inspect_model: () => importedInspection,
    runtime_settings: () => ({ provider: "auto", intraThreads: 0, interThreads: 0, optimization: "all" }),
    leaderboard: () => [],
    people: () => ["ada", "bo"],
    render_markdown: (a) => `<p>${String(a.text)}</p>`,
    list_notes: (a) =>
      state.notes.filter(
        (n) => !n.deleted && (a.entityKind === null || (n.entityKind === a.entityKind && n.entityId === resolve(a.entityKind, a.entity))),
      ),
    add_note: (a) => {
      const note: NoteInfo = {
        ...modelNote,
        ...input(a),
        id: `n-new-${state.notes.length}`,
        entityId: resolve(input(a).entityKind, input(a).entity),
        html: `<p>${input(a).body}</p>`,
      };
      state.notes = [...state.notes, note];
      return note;
    },
    list_comments: (a) => state.comments.filter((c) => c.entityKind === a.entityKind && c.entityId === resolve(a.entityKind, a.entity)),
    add_comment: (a) => {
      const comment = {
        ...thread[1]!,
        id: `c-new-${state.comments.length}`,
        parentId: (a.replyTo as string | null) ?? null,
        body: String(a.body),
        html: `<p>${String(a.body)}</p>`,
        entityKind: String(a.entityKind),
        entityId: resolve(a.entityKind, a.entity),
      };
      state.comments = [...state.comments, comment];
      return comment;
    },
  };
  return { calls: mockBackend(base, overrides), state };
}

async function openPanel(panel: "data" | "models" | "notes" | "train") {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId(`panel-${panel}`));
}

function type(within: HTMLElement, testId: string, value: string) {
  fireEvent.change(within.querySelector(`[data-testid="${testId}"]`)!, { target: { value } });
}

function noteTitles(drawer: HTMLElement): string[] {
  return within(drawer)
    .queryAllByTestId("note-item-title")
    .map((t) => t.textContent ?? "");
}

describe("Notes drawer", () => {
  it("opens from the Models panel's model detail with that model's notes; adds a note and a comment on the model; Escape closes it", async () => {
    const { calls } = backend();
    await openPanel("models");
    const detail = await screen.findByTestId("model-detail");
    const trigger = within(detail).getByTestId("model-notes");
    // The count says how many notes the model has before anything is opened.
    await waitFor(() => expect(within(trigger).getByTestId("model-notes-count").textContent).toBe("1"));
    expect(trigger.getAttribute("aria-label")).toBe("Notes and comments · Model: iris · notes: 1");
    expect(called(calls, "list_notes")).toContainEqual({ entityKind: "model", entity: "iris", tag: null, deleted: false });
    expect(screen.queryByRole("complementary", { name: "Notes · iris" })).toBeNull();

    fireEvent.click(trigger);
    const drawer = await screen.findByRole("complementary", { name: "Notes · iris" });
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    expect(drawer.textContent).toContain("Model: iris");
    await waitFor(() => expect(noteTitles(drawer)).toEqual(["Labels are ints"]));
    expect(called(calls, "list_notes").every((a) => a.entityKind === "model" && a.entity === "iris")).toBe(true);

    // A note opens in place, rendered, with its own comment threads.
    fireEvent.click(within(drawer).getByTestId("note-item"));
    expect(within(drawer).getByTestId("note-title").textContent).toBe("Labels are ints");
    await waitFor(() => expect(called(calls, "list_comments")).toContainEqual({ entityKind: "note", entity: irisModelNote.id }));
    fireEvent.click(within(drawer).getByTestId("note-item"));
    expect(within(drawer).queryByTestId("note-detail")).toBeNull();

    // A new note goes on the model.
    const form = within(drawer).getByTestId("entity-note-form");
    const add = within(form).getByTestId("entity-note-add") as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    type(form, "entity-note-title", " Threshold ");
    type(form, "entity-note-body", "Use **0.4**.");
    fireEvent.click(add);
    await waitFor(() => expect(called(calls, "add_note")).toHaveLength(1));
    expect(called(calls, "add_note")[0]).toEqual({
      input: { entityKind: "model", entity: "iris", title: "Threshold", body: "Use **0.4**.", tags: [], pinned: false },
    });
    await waitFor(() => expect(noteTitles(drawer)).toEqual(["Labels are ints", "Threshold"]));
    expect((within(form).getByTestId("entity-note-title") as HTMLInputElement).value).toBe("");
    await waitFor(() => expect(within(trigger).getByTestId("model-notes-count").textContent).toBe("2"));

    // The comment threads are the model's own.
    const comments = within(drawer).getByTestId("comments");
    expect(called(calls, "list_comments")[0]).toEqual({ entityKind: "model", entity: "iris" });
    await within(comments).findByText("No comments yet.");
    type(comments, "comment-new-body", "Who owns this model?");
    fireEvent.click(within(comments).getByTestId("comment-new-submit"));
    await waitFor(() => expect(within(comments).getAllByTestId("comment-thread")).toHaveLength(1));
    expect(called(calls, "add_comment")).toEqual([{ entityKind: "model", entity: "iris", replyTo: null, body: "Who owns this model?" }]);
    expect(within(comments).getByTestId("comment-thread").textContent).toContain("Who owns this model?");

    fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("entity-notes")).toBeNull());
    expect(trigger.getAttribute("aria-expanded")).toBe("false");

    // The close button closes it too.
    fireEvent.click(trigger);
    fireEvent.click(await screen.findByTestId("entity-notes-close"));
    expect(screen.queryByTestId("entity-notes")).toBeNull();
  });

  it("the Data panel's trigger opens the selected version's notes: entity kind dataset, name@version", async () => {
    const v1: DatasetInfo = { ...iris, id: "v-iris-1", version: 1 };
    const { calls } = backend({ dataset_versions: () => [v1, iris] });
    await openPanel("data");
    const trigger = await screen.findByTestId("dataset-notes");
    await waitFor(() => expect(within(trigger).getByTestId("dataset-notes-count").textContent).toBe("1"));
    fireEvent.click(trigger);
    const drawer = await screen.findByRole("complementary", { name: "Notes · iris@2" });
    expect(drawer.textContent).toContain("Dataset: iris@2");
    await waitFor(() => expect(noteTitles(drawer)).toEqual(["Species labels checked"]));
    expect(called(calls, "list_notes")).toContainEqual({ entityKind: "dataset", entity: "iris@2", tag: null, deleted: false });
    expect(called(calls, "list_comments")).toContainEqual({ entityKind: "dataset", entity: "iris@2" });

    const form = within(drawer).getByTestId("entity-note-form");
    type(form, "entity-note-body", "Dropped the email column next.");
    fireEvent.click(within(form).getByTestId("entity-note-add"));
    await waitFor(() => expect(called(calls, "add_note")).toHaveLength(1));
    expect(called(calls, "add_note")[0]!.input).toMatchObject({ entityKind: "dataset", entity: "iris@2", title: "" });

    // Another version shown: the drawer follows it.
    fireEvent.change(await screen.findByTestId("version-select"), { target: { value: v1.id } });
    await screen.findByRole("complementary", { name: "Notes · iris@1" });
    await waitFor(() => expect(called(calls, "list_notes")).toContainEqual({ entityKind: "dataset", entity: "iris@1", tag: null, deleted: false }));
    expect(within(screen.getByTestId("dataset-notes")).queryByTestId("dataset-notes-count")).toBeNull();
  });

  it("opening another entity's drawer replaces the open one", async () => {
    backend();
    await openPanel("train");
    const rows = await screen.findAllByTestId("model-row");
    fireEvent.click(within(rows[0]!).getByTestId("model-row-notes"));
    await screen.findByRole("complementary", { name: "Notes · iris" });
    fireEvent.click(within(rows[1]!).getByTestId("model-row-notes"));
    await screen.findByRole("complementary", { name: "Notes · events-gbdt-1" });
    expect(screen.getAllByTestId("entity-notes")).toHaveLength(1);
  });
});

describe("Note editor and list: datasets", () => {
  it("a note can be attached to a dataset version (name@version); notes on one read “Dataset: iris@2”", async () => {
    const { calls } = backend();
    await openPanel("notes");
    const list = await screen.findByTestId("note-list");
    await waitFor(() => expect(list.textContent).toContain("Dataset: iris@2"));
    fireEvent.click(within(list).getAllByTestId("note-item").find((i) => i.textContent?.includes("Species labels checked"))!);
    await waitFor(() => expect(screen.getByTestId("note-meta").textContent).toContain("Dataset: iris@2 · bo"));

    // Editing it keeps the dataset chosen.
    fireEvent.click(screen.getByTestId("note-edit"));
    expect((screen.getByTestId("note-editor-entity") as HTMLSelectElement).value).toBe("dataset:iris@2");
    fireEvent.click(screen.getByTestId("note-editor-cancel"));

    fireEvent.click(screen.getByTestId("notes-new"));
    const editor = await screen.findByTestId("note-editor");
    const select = within(editor).getByTestId("note-editor-entity") as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.value)).toContain("dataset:iris@2"));
    expect([...select.options].find((o) => o.value === "dataset:iris@2")!.textContent).toBe("Dataset: iris@2");
    type(editor, "note-editor-title", "Split is stratified");
    fireEvent.change(select, { target: { value: "dataset:iris@2" } });
    fireEvent.click(within(editor).getByTestId("note-editor-save"));
    await waitFor(() => expect(called(calls, "add_note")).toHaveLength(1));
    expect(called(calls, "add_note")[0]).toEqual({
      input: { entityKind: "dataset", entity: "iris@2", title: "Split is stratified", body: "", tags: [], pinned: false },
    });
  });
});
