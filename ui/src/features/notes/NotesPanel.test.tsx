import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { CommentInfo, DiffLine, NoteInfo, NoteInput, NoteVersionInfo } from "../../lib/api";
import { I18nProvider } from "../../i18n";
import { App } from "../../App";
import { newModel } from "../../test/appFixtures";
import { iris } from "../../test/dataFixtures";
import { called, mockBackend, openProjectHandlers, type Args, type Handler } from "../../test/invoke";
import { activity, hostileHit, modelNote, pinnedNote, thread } from "../../test/notesFixtures";

/**
 * A backend that keeps its notes and comments: writes change what the next list answers.
 * `notes` holds every note, deleted ones too.
 */
function backend(overrides: Record<string, Handler> = {}) {
  const state = { notes: [pinnedNote, modelNote], comments: [...thread] };
  const input = (a: Args) => a.input as NoteInput;
  const base: Record<string, Handler> = {
    ...openProjectHandlers([iris]),
    list_models: () => [newModel],
    people: () => ["ada", "bo"],
    list_notes: (a) => state.notes.filter((n) => n.deleted === a.deleted && (a.tag === null || n.tags.includes(String(a.tag)))),
    add_note: (a) => {
      const note: NoteInfo = { ...modelNote, id: "n-new", ...input(a), entityId: input(a).entity, html: "<p>new</p>", pinned: input(a).pinned };
      state.notes = [note, ...state.notes];
      return note;
    },
    set_note_deleted: (a) => {
      state.notes = state.notes.map((n) => (n.id === a.note ? { ...n, deleted: a.deleted === true } : n));
      return state.notes.find((n) => n.id === a.note);
    },
    list_comments: () => state.comments,
    add_comment: (a) => {
      const comment: CommentInfo = {
        ...thread[1]!,
        id: `c-${state.comments.length + 1}`,
        parentId: (a.replyTo as string | null) ?? null,
        body: String(a.body),
        html: `<p>${String(a.body)}</p>`,
      };
      state.comments = [...state.comments, comment];
      return comment;
    },
    resolve_comment: (a) => {
      state.comments = state.comments.map((c) =>
        c.id === a.comment ? { ...c, resolvedAt: a.resolved ? "2026-05-04T10:00:00Z" : null, resolvedBy: a.resolved ? "ada" : null } : c,
      );
      return state.comments.find((c) => c.id === a.comment);
    },
    render_markdown: (a) => `<p><em>${String(a.text)}</em></p>`,
    search_notes: () => [hostileHit],
    activity_feed: () => activity,
  };
  return {
    calls: mockBackend(base, overrides),
    state,
  };
}

/** Opens the Notes panel and waits for the note list. */
async function openNotesPanel() {
  render(
    <I18nProvider locale="en">
      <App />
    </I18nProvider>,
  );
  fireEvent.click(await screen.findByTestId("panel-notes"));
  return screen.findByTestId("note-list");
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function titles(): string[] {
  return screen.getAllByTestId("note-item-title").map((t) => t.textContent ?? "");
}

describe("Notes panel", () => {
  it("lists the notes, pinned first, and shows the open one rendered with its tags and mentions", async () => {
    const { calls } = backend();
    const list = await openNotesPanel();
    expect(called(calls, "list_notes")[0]).toEqual({ entityKind: null, entity: null, tag: null, deleted: false });
    const items = within(list).getAllByTestId("note-item");
    expect(titles()).toEqual(["Baseline agreed", "Calibration looks off above 0.9."]);
    expect(within(items[0]!).getByTestId("note-pinned").textContent).toBe("Pinned");
    expect(within(items[1]!).queryByTestId("note-pinned")).toBeNull();
    expect(items[0]!.textContent).toContain("v2");
    expect(items[0]!.textContent).toContain("#baseline");
    await waitFor(() => expect(items[1]!.textContent).toContain("Model: events-gbdt-1"));

    // The first note is open: the backend's (sanitised) HTML is rendered as HTML.
    const detail = screen.getByTestId("note-detail");
    expect(within(detail).getByTestId("note-title").textContent).toBe("Baseline agreed");
    expect(within(detail).getByText("GBDT").tagName).toBe("STRONG");
    expect(within(detail).getByTestId("note-meta").textContent).toContain("Project · bo · version 2");
    expect(within(detail).getByTestId("note-mentions").textContent).toBe("@ada");

    fireEvent.click(items[1]!);
    await waitFor(() => expect(screen.getByTestId("note-title").textContent).toBe("Calibration looks off above 0.9."));
    expect(screen.getByTestId("note-body").innerHTML).toContain("Second line.");
    expect(items[1]!.getAttribute("aria-current")).toBe("true");
  });

  it("New note sends the title, Markdown, tags, pin and the model it is attached to, with a live preview", async () => {
    const { calls } = backend();
    await openNotesPanel();
    fireEvent.click(screen.getByTestId("notes-new"));
    const editor = await screen.findByTestId("note-editor");
    type("note-editor-title", " Drift check ");
    type("note-editor-body", "Drift is **low**");
    type("note-editor-tags", "drift, #churn  drift");
    fireEvent.click(within(editor).getByTestId("note-editor-pinned"));
    await waitFor(() => expect(within(editor).getByTestId("note-editor-entity").querySelectorAll("option")).toHaveLength(3));
    type("note-editor-entity", "model:m-new");
    expect(within(editor).getByTestId("note-editor-people").textContent).toBe("@mentions reach: @ada @bo");

    // The preview asks the backend once typing pauses.
    await waitFor(() => expect(within(editor).getByTestId("note-preview").innerHTML).toBe("<p><em>Drift is **low**</em></p>"));
    expect(called(calls, "render_markdown")).toEqual([{ text: "Drift is **low**" }]);

    fireEvent.click(within(editor).getByTestId("note-editor-save"));
    await waitFor(() => expect(called(calls, "add_note")).toHaveLength(1));
    expect(called(calls, "add_note")[0]).toEqual({
      input: { entityKind: "model", entity: "m-new", title: "Drift check", body: "Drift is **low**", tags: ["drift", "churn"], pinned: true },
    });
    await waitFor(() => expect(screen.getByTestId("note-title").textContent).toBe("Drift check"));
    expect(screen.queryByTestId("note-editor")).toBeNull();
  });

  it("an edit refused because the note changed meanwhile shows the reason, and Reload starts over from the latest version", async () => {
    const { calls, state } = backend({
      edit_note: () => {
        throw { code: "invalid_input", message: "note: it was edited meanwhile (you edited version 2, it is at version 3)" };
      },
    });
    await openNotesPanel();
    fireEvent.click(screen.getByTestId("note-edit"));
    expect((screen.getByTestId("note-editor-title") as HTMLInputElement).value).toBe("Baseline agreed");
    expect((screen.getByTestId("note-editor-tags") as HTMLInputElement).value).toBe("baseline, decision");
    type("note-editor-title", "Baseline kept");
    fireEvent.click(screen.getByTestId("note-editor-save"));

    const error = await screen.findByTestId("note-editor-error");
    expect(within(error).getByRole("alert").textContent).toContain("it was edited meanwhile (you edited version 2, it is at version 3)");
    expect(called(calls, "edit_note")).toEqual([
      {
        note: "n-1",
        input: { entityKind: "project", entity: null, title: "Baseline kept", body: pinnedNote.body, tags: ["baseline", "decision"], pinned: true },
        expectedVersion: 2,
      },
    ]);
    // What the user typed stays until they choose to reload.
    expect((screen.getByTestId("note-editor-title") as HTMLInputElement).value).toBe("Baseline kept");

    state.notes = state.notes.map((n) => (n.id === "n-1" ? { ...n, title: "Baseline agreed (bo)", version: 3 } : n));
    fireEvent.click(within(error).getByTestId("note-editor-reload"));
    await waitFor(() => expect((screen.getByTestId("note-editor-title") as HTMLInputElement).value).toBe("Baseline agreed (bo)"));
    expect(screen.queryByTestId("note-editor-error")).toBeNull();
    expect(screen.getByRole("form", { name: "Edit note (from version 3)" })).toBeTruthy();
  });

  it("Delete offers Undo, which restores the note; the deleted notes filter lists them with Restore", async () => {
    const { calls } = backend();
    await openNotesPanel();
    fireEvent.click(screen.getByTestId("note-delete"));
    const undo = await screen.findByTestId("notes-undo");
    expect(undo.textContent).toContain("Deleted “Baseline agreed”.");
    expect(called(calls, "set_note_deleted")).toEqual([{ note: "n-1", deleted: true }]);
    await waitFor(() => expect(titles()).toEqual(["Calibration looks off above 0.9."]));

    fireEvent.click(within(undo).getByTestId("notes-undo-button"));
    await waitFor(() => expect(titles()).toEqual(["Baseline agreed", "Calibration looks off above 0.9."]));
    expect(called(calls, "set_note_deleted")[1]).toEqual({ note: "n-1", deleted: false });
    expect(screen.queryByTestId("notes-undo")).toBeNull();
    expect(screen.getByTestId("note-title").textContent).toBe("Baseline agreed");

    // Deleted again, it is listed under "Deleted notes" with Restore.
    fireEvent.click(screen.getByTestId("note-delete"));
    await waitFor(() => expect(titles()).toEqual(["Calibration looks off above 0.9."]));
    fireEvent.click(screen.getByTestId("notes-deleted-filter"));
    await waitFor(() => expect(titles()).toEqual(["Baseline agreed"]));
    expect(called(calls, "list_notes").at(-1)).toEqual({ entityKind: null, entity: null, tag: null, deleted: true });
    expect(screen.queryByTestId("note-edit")).toBeNull();
    fireEvent.click(screen.getByTestId("note-restore"));
    await waitFor(() => expect(titles()).toEqual(["Baseline agreed", "Calibration looks off above 0.9."]));
    expect((screen.getByTestId("notes-deleted-filter") as HTMLInputElement).checked).toBe(false);
  });

  it("History lists the versions and shows the diff between two, inserted and deleted lines marked", async () => {
    const versions: NoteVersionInfo[] = [
      { version: 1, title: "Baseline", body: "old", author: "bo", createdAt: "2026-05-01T09:00:00Z" },
      { version: 2, title: "Baseline agreed", body: "new", author: "ada", createdAt: "2026-05-02T10:00:00Z" },
    ];
    const diff: DiffLine[] = [
      { op: "equal", text: "We keep GBDT." },
      { op: "delete", text: "Maybe linear?" },
      { op: "insert", text: "@ada please check the split." },
    ];
    const { calls } = backend({ note_history: () => versions, note_diff: () => diff });
    await openNotesPanel();
    fireEvent.click(screen.getByTestId("note-history-toggle"));

    const history = await screen.findByTestId("note-history");
    expect(within(history).getAllByTestId("note-version").map((r) => r.textContent)).toEqual([
      expect.stringContaining("1Baselinebo"),
      expect.stringContaining("2Baseline agreedada"),
    ]);
    const shown = await within(history).findByTestId("note-diff");
    expect(called(calls, "note_history")).toEqual([{ note: "n-1" }]);
    expect(called(calls, "note_diff")).toEqual([{ note: "n-1", from: 1, to: 2 }]);
    const inserted = within(shown).getByTestId("diff-insert");
    const deleted = within(shown).getByTestId("diff-delete");
    expect(inserted.tagName).toBe("INS");
    expect(inserted.className).toContain("diff-insert");
    expect(inserted.textContent).toBe("+@ada please check the split.");
    expect(deleted.tagName).toBe("DEL");
    expect(deleted.textContent).toBe("−Maybe linear?");
    expect(within(shown).getByTestId("diff-equal").textContent).toBe(" We keep GBDT.");

    // Picking the same version twice asks for nothing.
    type("note-diff-from", "2");
    expect(within(history).queryByTestId("note-diff")).toBeNull();
    expect(called(calls, "note_diff")).toHaveLength(1);
  });

  it("search marks the matches and keeps markup in a snippet as text; a hit opens its note", async () => {
    const { calls } = backend();
    await openNotesPanel();
    fireEvent.click(screen.getAllByTestId("note-item")[1]!);
    type("notes-search", "gbdt");

    const results = await screen.findByTestId("search-results");
    expect(called(calls, "search_notes")).toEqual([{ text: "gbdt", author: null, tag: null, entityKind: null }]);
    const snippet = within(results).getByTestId("search-snippet");
    expect([...snippet.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["GBDT", "baseline"]);
    expect(snippet.querySelector("img")).toBeNull();
    expect(document.querySelector("img")).toBeNull();
    expect(snippet.textContent).toBe("keep GBDT <img src=x onerror=alert(1)> as the baseline");

    fireEvent.click(within(results).getByTestId("search-hit"));
    await waitFor(() => expect(screen.getByTestId("note-title").textContent).toBe("Baseline agreed"));
  });

  it("comments: threads with indented replies; a new comment, a reply and resolve send the right arguments", async () => {
    const { calls } = backend();
    await openNotesPanel();
    const comments = screen.getByTestId("comments");
    const first = await within(comments).findByTestId("comment-thread");
    expect(called(calls, "list_comments")[0]).toEqual({ entityKind: "note", entity: "n-1" });
    expect(within(first).getByRole("list", { name: "Replies" }).textContent).toContain("42, as always.");

    type("comment-new-body", "Also check **drift**.");
    fireEvent.click(within(comments).getByTestId("comment-new-submit"));
    await waitFor(() => expect(within(comments).getAllByTestId("comment-thread")).toHaveLength(2));
    expect(called(calls, "add_comment")).toEqual([{ entityKind: "note", entity: "n-1", replyTo: null, body: "Also check **drift**." }]);
    expect((screen.getByTestId("comment-new-body") as HTMLTextAreaElement).value).toBe("");

    const [firstThread] = within(comments).getAllByTestId("comment-thread");
    fireEvent.change(within(firstThread!).getByTestId("comment-reply-body"), { target: { value: "Seed 7 too" } });
    fireEvent.click(within(firstThread!).getByTestId("comment-reply-submit"));
    await waitFor(() => expect(within(firstThread!).getByRole("list", { name: "Replies" }).textContent).toContain("Seed 7 too"));
    expect(called(calls, "add_comment")[1]).toEqual({ entityKind: "note", entity: "n-1", replyTo: "c-1", body: "Seed 7 too" });

    fireEvent.click(within(firstThread!).getByTestId("comment-resolve"));
    await waitFor(() => expect(within(firstThread!).getByTestId("comment-resolved").textContent).toContain("Resolved by ada"));
    expect(called(calls, "resolve_comment")).toEqual([{ comment: "c-1", resolved: true }]);
    expect(within(firstThread!).getByTestId("comment-resolve").textContent).toBe("Reopen");
    fireEvent.click(within(firstThread!).getByTestId("comment-resolve"));
    await waitFor(() => expect(within(firstThread!).queryByTestId("comment-resolved")).toBeNull());
    expect(called(calls, "resolve_comment")[1]).toEqual({ comment: "c-1", resolved: false });
  });

  it("Activity highlights what mentions me and filters by kind and mentions", async () => {
    const { calls } = backend();
    await openNotesPanel();
    fireEvent.click(screen.getByTestId("notes-tab-activity"));
    const list = await screen.findByTestId("activity-list");
    expect(called(calls, "activity_feed")).toEqual([{ limit: 100, kind: null, mentionsOnly: false }]);
    const [mention, other] = within(list).getAllByTestId("activity-item");
    expect(mention!.className).toContain("activity-mention");
    expect(within(mention!).getByRole("img", { name: "Mentions you" }).textContent).toBe("@");
    expect(mention!.textContent).toContain("bo wrote Baseline agreed");
    expect(other!.className).not.toContain("activity-mention");
    expect(within(other!).queryByTestId("activity-mention")).toBeNull();

    type("activity-kind", "review");
    fireEvent.click(screen.getByTestId("activity-mentions"));
    await waitFor(() => expect(called(calls, "activity_feed").at(-1)).toEqual({ limit: 100, kind: "review", mentionsOnly: true }));
  });
});
