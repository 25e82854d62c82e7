import { describe, expect, it } from "vitest";
import type { Channel } from "@tauri-apps/api/core";
import { api, ApiFailure, type SampleProgress } from "./api";
import { sendOnChannel } from "../test/appFixtures";
import { binaryView } from "../test/explainFixtures";
import { irisPrepared, irisPrepOutcome } from "../test/dataFixtures";
import { called, mockBackend } from "../test/invoke";

const options = { method: "auto", background: null, interactions: false } as const;

describe("api wrappers", () => {
  it("openSampleProject sends the language and hands on every step, total null where left out", async () => {
    const project = { id: "p-sample", name: "Sample", path: "/data/sample", createdAt: "2026-05-01T10:00:00Z", author: "ada", schemaVersion: 1 };
    const calls = mockBackend({
      open_sample_project: (a) => {
        const channel = a.onProgress as Channel<SampleProgress>;
        sendOnChannel(channel, 0, { step: "import", done: 0, total: 6 });
        sendOnChannel(channel, 1, { step: "split", done: 1 } as SampleProgress);
        return project;
      },
    });
    const seen: SampleProgress[] = [];
    expect(await api.openSampleProject("zh-CN", (p) => seen.push(p))).toEqual(project);
    expect(called(calls, "open_sample_project")[0]!.language).toBe("zh-CN");
    expect(seen).toEqual([
      { step: "import", done: 0, total: 6 },
      { step: "split", done: 1, total: null },
    ]);
  });

  it("openSampleProject rejects with code cancelled after cancelJob", async () => {
    mockBackend({
      open_sample_project: () => {
        throw { code: "cancelled", message: "cancelled" };
      },
    });
    const failure = await api.openSampleProject("en", () => {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).code).toBe("cancelled");
  });

  it("storedExplanation sends the request as explainModel would and answers null when nothing is kept", async () => {
    let kept: unknown = null;
    const calls = mockBackend({ stored_explanation: () => kept });
    expect(await api.storedExplanation("m-new", "events@1", 0, 500, options)).toBeNull();
    expect(called(calls, "stored_explanation")).toEqual([{ model: "m-new", dataset: "events@1", start: 0, end: 500, options }]);
    kept = undefined;
    expect(await api.storedExplanation("m-new", "events@1", null, null, {})).toBeNull();
    kept = { ...binaryView, stored: true };
    expect(await api.storedExplanation("m-new", "events@1", 0, 500, options)).toEqual({ ...binaryView, stored: true });
  });

  it("diagnostics answers the report and its text, or rejects with the backend's error", async () => {
    const diagnostics = { report: { appVersion: "0.1.0" }, text: "ModelDesk 0.1.0\n" };
    mockBackend({ diagnostics: () => diagnostics });
    expect(await api.diagnostics()).toEqual(diagnostics);
    mockBackend({
      diagnostics: () => {
        throw { code: "io", message: "cannot read the settings folder" };
      },
    });
    await expect(api.diagnostics()).rejects.toMatchObject({ code: "io", message: "cannot read the settings folder" });
  });

  it("previewRecipe and prepDataset send the dataset and steps; a cancelled prep rejects with code cancelled", async () => {
    const steps = [{ op: "one_hot", column: "species" }] as const;
    const calls = mockBackend({ preview_recipe: () => irisPrepared, prep_dataset: () => irisPrepOutcome(false) });
    expect(await api.previewRecipe("iris@2", [...steps], 20)).toEqual(irisPrepared);
    expect(await api.prepDataset("iris@2", [...steps])).toEqual(irisPrepOutcome(false));
    expect(called(calls, "preview_recipe")).toEqual([{ dataset: "iris@2", steps, rows: 20 }]);
    expect(called(calls, "prep_dataset")).toEqual([{ dataset: "iris@2", steps }]);
    mockBackend({
      prep_dataset: () => {
        throw { code: "cancelled", message: "cancelled" };
      },
    });
    await expect(api.prepDataset("iris@2", [...steps])).rejects.toMatchObject({ code: "cancelled" });
  });

  it("pickPath sends the kind and title and answers the chosen path, or null when dismissed", async () => {
    let chosen: string | null | undefined = "/data/churn.csv";
    const calls = mockBackend({ pick_path: () => chosen });
    expect(await api.pickPath("data_file", "Choose a data file to import")).toBe("/data/churn.csv");
    expect(called(calls, "pick_path")).toEqual([{ kind: "data_file", title: "Choose a data file to import" }]);
    chosen = null;
    expect(await api.pickPath("folder", "Choose a project folder")).toBeNull();
    chosen = undefined;
    expect(await api.pickPath("model_file", "Choose a model bundle")).toBeNull();
  });
});
