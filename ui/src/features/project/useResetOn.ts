// State that belongs to the open project goes back to its start in the render where the project
// changes, not in an effect after it: an effect runs after the first render of the new project,
// and could wipe what was started for it in between (a file dropped right after the project
// opened had its import reset to idle, so the Models panel was never shown).
import { useState } from "react";

/**
 * Calls `reset` during the render in which `key` differs from the previous render's
 * (React's "adjusting some state when a prop changes"). `reset` may only set this component's
 * state (and its refs); it must not start side effects.
 */
export function useResetOn(key: string | null, reset: () => void): void {
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    reset();
  }
}
