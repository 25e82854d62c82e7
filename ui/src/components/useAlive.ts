import { useEffect, useRef } from "react";

/** Whether the component that started a call is still mounted when it answers. */
export function useAlive() {
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  return alive;
}
