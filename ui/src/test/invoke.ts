// A fake Tauri backend for the panel tests: answers `invoke` from a table of handlers and records
// every call.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { DatasetInfo } from "../lib/api";
import { info, project } from "./appFixtures";
import { big, iris, rowsAt, rowsOf } from "./dataFixtures";
import { draftReview, me } from "./notesFixtures";

export type Args = Record<string, unknown>;
export type Handler = (args: Args) => unknown;
export type Call = { cmd: string; args: Args };

/**
 * Mocks the backend: a command runs `overrides[cmd]`, else `base[cmd]`, else answers undefined.
 * Returns the calls, in order. `events` also mocks the event plugin (for `emit` in tests).
 */
export function mockBackend(base: Record<string, Handler>, overrides: Record<string, Handler> = {}, opts: { events?: boolean } = {}): Call[] {
  const calls: Call[] = [];
  mockWindows("main");
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Args;
      calls.push({ cmd, args: a });
      const handler = overrides[cmd] ?? base[cmd];
      return handler ? handler(a) : undefined;
    },
    { shouldMockEvents: opts.events ?? false },
  );
  return calls;
}

/** The arguments of every call of `cmd`, in order. */
export function called(calls: Call[], cmd: string): Args[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

/**
 * What the panel tests' backend answers besides their own commands: the
 * project `project` is open, its datasets are `datasets`, and their rows (by range or by number),
 * profile, split and versions are empty; there are no runs; cancel_job succeeds; the user's profile is saved (`me`), every model's
 * review is a draft, and nothing has notes or comments.
 */
export function openProjectHandlers(datasets: DatasetInfo[]): Record<string, Handler> {
  return {
    app_info: () => info,
    recent_projects: () => [],
    current_project: () => project,
    list_datasets: () => datasets,
    dataset_rows: () => ({ columns: [], offset: 0, totalRows: 0, rows: [] }),
    dataset_rows_at: () => ({ columns: [], offset: 0, totalRows: 0, rows: [] }),
    dataset_profile: () => ({ rows: 0, columns: [] }),
    dataset_split: () => null,
    dataset_versions: () => [],
    list_runs: () => [],
    cancel_job: () => true,
    profile: () => me,
    model_review: (a) => draftReview(String(a.model)),
    list_notes: () => [],
    list_comments: () => [],
  };
}

/**
 * Mocks the backend of the data tests: the project is open (`openProjectHandlers`), has no models,
 * and its dataset list can change under the app: list_datasets answers the current list (`datasets`,
 * iris and big unless told, until `setDatasets`), and dataset_rows and dataset_rows_at the rows of the
 * one a call names, by id or name, in that list or in `known`. `handlers` add to or replace these
 * answers; `overrides` replace every answer, as in `mockBackend`.
 */
export function mockDataBackend(
  handlers: Record<string, Handler> = {},
  overrides: Record<string, Handler> = {},
  opts: { datasets?: DatasetInfo[]; known?: DatasetInfo[]; events?: boolean } = {},
) {
  let datasets = opts.datasets ?? [iris, big];
  const byId = (id: unknown) => [...datasets, ...(opts.known ?? [])].find((d) => d.id === id || d.name === id)!;
  const base: Record<string, Handler> = {
    ...openProjectHandlers(datasets),
    list_datasets: () => datasets,
    dataset_rows: (a) => rowsOf(byId(a.dataset), a.offset as number, a.limit as number),
    dataset_rows_at: (a) => rowsAt(byId(a.dataset), a.rows as number[]),
    list_models: () => [],
    ...handlers,
  };
  return {
    calls: mockBackend(base, overrides, { events: opts.events }),
    setDatasets: (d: DatasetInfo[]) => {
      datasets = d;
    },
  };
}
