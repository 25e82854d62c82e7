import { useState, type FormEvent } from "react";

/**
 * The state of a "path + optional name → Import" form. `submit` hands the trimmed path and name
 * (null when blank) to `start`, and clears the name once `start` says the import began; the path
 * stays. `choose` (a path from the file dialog) fills the path and starts at once, as a file
 * dropped on the window does.
 */
export function usePathImportForm(start: (path: string, name: string | null) => boolean) {
  const [path, setPath] = useState("");
  const [name, setName] = useState("");

  function begin(p: string) {
    const n = name.trim();
    if (start(p, n === "" ? null : n)) setName("");
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = path.trim();
    if (p) begin(p);
  }

  function choose(p: string) {
    setPath(p);
    begin(p);
  }

  return { path, setPath, name, setName, submit, choose, ready: path.trim() !== "" };
}
