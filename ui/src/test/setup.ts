import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { LOCALE_STORAGE_KEY } from "../i18n";

// Tests read English: jsdom's navigator.languages is ["en-US", "en"], and a language a test
// chose (the language select saves it) is forgotten after it.
afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.removeItem(LOCALE_STORAGE_KEY);
  document.documentElement.lang = "";
});

// jsdom draws nothing: a canvas answers no 2D context (as a webview without one would), instead of
// jsdom's "not implemented" error. Tests that need one stub it themselves.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
