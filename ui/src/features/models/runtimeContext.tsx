// How a panel tells the app that the ONNX Runtime status changed (new session settings), so the
// status bar App draws shows the provider sessions now run on.
import { createContext, useContext, type ReactNode } from "react";
import type { RuntimeStatus } from "../../lib/api";

type OnRuntimeStatus = (status: RuntimeStatus) => void;

const RuntimeStatusContext = createContext<OnRuntimeStatus | null>(null);

export function RuntimeStatusProvider({ onChange, children }: { onChange: OnRuntimeStatus; children: ReactNode }) {
  return <RuntimeStatusContext.Provider value={onChange}>{children}</RuntimeStatusContext.Provider>;
}

/** Reports a new runtime status to the app (the status bar). */
export function useRuntimeStatusChanged(): OnRuntimeStatus {
  const onChange = useContext(RuntimeStatusContext);
  if (!onChange) throw new Error("useRuntimeStatusChanged outside RuntimeStatusProvider");
  return onChange;
}
