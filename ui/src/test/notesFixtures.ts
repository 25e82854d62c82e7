// Fake team-notes data shared by the Notes panel, profile and review tests.
import type { ActivityInfo, CommentInfo, NoteInfo, Profile, ReviewInfo, SearchResult } from "../lib/api";

/** The user, as `profile` answers once one is saved. */
export const me: Profile = { name: "ada", email: "ada@example.com", colour: "#4f46e5" };

/** A pinned project note by bo that mentions ada, at version 2. */
export const pinnedNote: NoteInfo = {
  id: "n-1",
  entityKind: "project",
  entityId: null,
  title: "Baseline agreed",
  body: "We keep **GBDT** as the baseline.\n\n@ada please check the split.",
  html: "<p>We keep <strong>GBDT</strong> as the baseline.</p>\n<p>@ada please check the split.</p>",
  tags: ["baseline", "decision"],
  pinned: true,
  version: 2,
  author: "bo",
  createdAt: "2026-05-01T09:00:00Z",
  updatedAt: "2026-05-02T10:00:00Z",
  deleted: false,
  mentions: ["ada"],
  links: [],
};

/** An untitled note on the model `m-new` (its name is `events-gbdt-1`). */
export const modelNote: NoteInfo = {
  id: "n-2",
  entityKind: "model",
  entityId: "m-new",
  title: "",
  body: "Calibration looks off above 0.9.\nSecond line.",
  html: "<p>Calibration looks off above 0.9.\nSecond line.</p>",
  tags: [],
  pinned: false,
  version: 1,
  author: "ada",
  createdAt: "2026-05-03T09:00:00Z",
  updatedAt: "2026-05-03T09:00:00Z",
  deleted: false,
  mentions: [],
  links: [],
};

/** A comment thread on `pinnedNote`: bo's first comment and ada's reply. */
export const thread: CommentInfo[] = [
  {
    id: "c-1",
    parentId: null,
    body: "Which seed?",
    html: "<p>Which seed?</p>",
    author: "bo",
    createdAt: "2026-05-02T11:00:00Z",
    resolvedAt: null,
    resolvedBy: null,
    mentions: [],
  },
  {
    id: "c-2",
    parentId: "c-1",
    body: "42, as always.",
    html: "<p>42, as always.</p>",
    author: "ada",
    createdAt: "2026-05-02T11:05:00Z",
    resolvedAt: null,
    resolvedBy: null,
    mentions: [],
  },
];

/** A search hit on `pinnedNote` whose snippet carries markup that must stay text. */
export const hostileHit: SearchResult = {
  kind: "note",
  id: "n-1",
  entityKind: "project",
  entityId: null,
  title: "Baseline agreed",
  snippet: "keep [GBDT] <img src=x onerror=alert(1)> as the [baseline]",
  author: "bo",
  updatedAt: "2026-05-02T10:00:00Z",
};

export const activity: ActivityInfo[] = [
  {
    kind: "note.added",
    entityKind: "note",
    entityId: "n-1",
    summary: "wrote Baseline agreed",
    author: "bo",
    createdAt: "2026-05-02T10:00:00Z",
    mentionsMe: true,
  },
  {
    kind: "model.trained",
    entityKind: "model",
    entityId: "m-new",
    summary: "trained events-gbdt-1",
    author: "ada",
    createdAt: "2026-05-01T10:00:00Z",
    mentionsMe: false,
  },
];

/** A model's review before anyone asked for one. */
export function draftReview(model: string): ReviewInfo {
  return { model, state: "draft", requestedBy: null, reviewers: [], decision: null, events: [] };
}

/** The review of `model` ada asked bo and chen for. */
export function inReview(model: string): ReviewInfo {
  return {
    model,
    state: "in_review",
    requestedBy: "ada",
    reviewers: ["bo", "chen"],
    decision: null,
    events: [{ action: "request", state: "in_review", comment: "for the May release", author: "ada", createdAt: "2026-05-01T10:00:00Z" }],
  };
}

/** A note by bo on the dataset version `v-iris-2` (iris@2, `iris` in dataFixtures). */
export const datasetNote: NoteInfo = {
  ...modelNote,
  id: "n-3",
  entityKind: "dataset",
  entityId: "v-iris-2",
  title: "Species labels checked",
  body: "All three species are balanced.",
  html: "<p>All three species are balanced.</p>",
  author: "bo",
};
