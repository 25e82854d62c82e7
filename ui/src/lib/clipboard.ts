// Copying text for the user: the Clipboard API where the webview grants it, else the old way.

/**
 * Copies `text`: `navigator.clipboard.writeText`, falling back to a hidden textarea and
 * `document.execCommand("copy")` when that API is missing or refuses. Resolves to whether either worked.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, the window not focused): try the old way.
  }
  return copyWithTextarea(text);
}

/** Selects `text` in a hidden textarea and asks the browser to copy it; the focus goes back after. */
function copyWithTextarea(text: string): boolean {
  if (typeof document === "undefined" || typeof document.execCommand !== "function") return false;
  const focused = document.activeElement;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  Object.assign(area.style, { position: "fixed", top: "0", left: "0", width: "1px", height: "1px", opacity: "0" });
  document.body.appendChild(area);
  try {
    area.focus({ preventScroll: true });
    area.select();
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
    if (focused instanceof HTMLElement) focused.focus();
  }
}
