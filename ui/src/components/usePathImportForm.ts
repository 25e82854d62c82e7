import { useState, type FormEvent } from "react";

/**
 * The state of a "path + optional name → Import" form (there is no file dialog yet). `submit`
 * hands the trimmed path and name (null when blank) to `start`, and clears the name once `start`
 * says the import began; the path stays.
 */
export function usePathImportForm(start: (path: string, name: string | null) => boolean) {
  const [path, setPath] = useState("");
  const [name, setName] = useState("");

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = path.trim();
    if (!p) return;
    const n = name.trim();
    if (start(p, n === "" ? null : n)) setName("");
  }

  return { path, setPath, name, setName, submit, ready: path.trim() !== "" };
}
