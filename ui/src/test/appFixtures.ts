// Fake backend data and helpers shared by the panel tests (Data, Train, Explain).
import type { Channel } from "@tauri-apps/api/core";
import type { AppInfo, ModelInfo, ProjectSummary } from "../lib/api";

export const info: AppInfo = {
  name: "ModelDesk",
  version: "0.1.0",
  runtime: { loaded: true, ortVersion: "1.31.1", providers: [], activeProvider: "CPU", libraryPath: null, source: null, error: null },
};

export const project: ProjectSummary = {
  id: "p1",
  name: "Churn",
  path: "/home/me/churn",
  createdAt: "2025-01-01T10:00:00Z",
  author: "ada",
  schemaVersion: 1,
};

/** A binary GBDT model trained on `events@1`. */
export const newModel: ModelInfo = {
  id: "m-new",
  name: "events-gbdt-1",
  runId: "r-new",
  summary: { task: "binary", family: "gbdt", target: "ok", classes: ["false", "true"], features: 3, dataset: "events@1", inputs: "raw" },
  onnxBytes: 40_960,
  createdAt: "2025-01-06T10:00:00Z",
  author: "ada",
};

/** Sends one message down a mocked channel, as the Rust side would. */
export function sendOnChannel<T>(channel: Channel<T>, index: number, message: T) {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
  internals.runCallback(channel.id, { index, message });
}

/** A promise with its resolve and reject exposed. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
