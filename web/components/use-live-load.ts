// One API answer a room shows, loaded now and again (once per burst of changes) whenever a live event
// concerns it: `matters` says which; a reset of the stream (what changed is unknown) always does.
// An answer for an address the room has left meanwhile is dropped.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get } from "../api";
import { useLive } from "../state";
import type { LiveEvent } from "../types";

export function useLiveLoad<T>(
  path: string,
  matters: (event: LiveEvent) => boolean,
  { debounceMs = 300, failed = "Chargement impossible : réessayez." } = {},
) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(path);
  latest.current = path;
  const loads = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const seq = ++loads.current;
    const asked = latest.current;
    try {
      const value = await get<T>(asked);
      if (seq !== loads.current) return;
      setData(value);
      setError(null);
    } catch (e) {
      if (seq === loads.current) setError(e instanceof ApiError ? e.message : failed);
    }
  }, [failed]);

  useEffect(() => {
    void load();
    return () => clearTimeout(timer.current);
  }, [path, load]);

  useLive((event) => {
    if (!event.reset && !matters(event)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), debounceMs);
  });

  return { data, error, reload: load };
}
