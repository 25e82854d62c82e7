// PROVISIONAL: will be overwritten by tauri-specta output generated from src-tauri (do not edit by hand).
import { invoke as TAURI_INVOKE, Channel as TAURI_CHANNEL } from "@tauri-apps/api/core";
import * as TAURI_API_EVENT from "@tauri-apps/api/event";
import { type WebviewWindow as __WebviewWindow__ } from "@tauri-apps/api/webviewWindow";

export const commands = {
  /** Application name, version and the ONNX Runtime status. */
  async appInfo(): Promise<AppInfo> {
    return await TAURI_INVOKE("app_info");
  },
  async recentProjects(): Promise<Result<RecentProject[], ApiError>> {
    try { return { status: "ok", data: await TAURI_INVOKE("recent_projects") }; }
    catch (e) { if (e instanceof Error) throw e; else return { status: "error", error: e as any }; }
  },
  async createProject(path: string, name: string | null): Promise<Result<ProjectSummary, ApiError>> {
    try { return { status: "ok", data: await TAURI_INVOKE("create_project", { path, name }) }; }
    catch (e) { if (e instanceof Error) throw e; else return { status: "error", error: e as any }; }
  },
  async openProject(path: string): Promise<Result<ProjectSummary, ApiError>> {
    try { return { status: "ok", data: await TAURI_INVOKE("open_project", { path }) }; }
    catch (e) { if (e instanceof Error) throw e; else return { status: "error", error: e as any }; }
  },
  async currentProject(): Promise<ProjectSummary | null> {
    return await TAURI_INVOKE("current_project");
  },
  async closeProject(): Promise<null> {
    return await TAURI_INVOKE("close_project");
  },
};

export const events = __makeEvents__<{ droppedFiles: DroppedFiles }>({ droppedFiles: "dropped-files" });

export type ApiError = { code: ErrorCode; message: string };
export type ErrorCode = "not_found" | "invalid_input" | "store" | "runtime" | "io" | "internal";
export type AppInfo = { name: string; version: string; runtime: RuntimeStatus };
export type RuntimeStatus = {
  loaded: boolean;
  ortVersion: string | null;
  providers: string[];
  activeProvider: string | null;
  libraryPath: string | null;
  source: string | null;
  error: string | null;
};
export type ProjectSummary = { id: string; name: string; path: string; createdAt: string; schemaVersion: number };
export type RecentProject = { name: string; path: string; openedAt: string; exists: boolean };
export type DroppedFiles = { paths: string[] };

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

function __makeEvents__<T extends Record<string, any>>(mappings: Record<keyof T, string>) {
  return new Proxy({} as unknown as {
    [K in keyof T]: { listen: (cb: TAURI_API_EVENT.EventCallback<T[K]>) => ReturnType<typeof TAURI_API_EVENT.listen<T[K]>> };
  }, {
    get: (_, event) => {
      const name = mappings[event as keyof T];
      return { listen: (arg: any) => TAURI_API_EVENT.listen(name, arg) };
    },
  });
}
void TAURI_CHANNEL; type _Unused = __WebviewWindow__;
