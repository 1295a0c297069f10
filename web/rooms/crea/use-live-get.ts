// What a list of the room shows, kept current: read once, then read again (once per burst of
// changes) when the live stream reports a change of one of the given topics — a draft made in the
// chat, a campaign that starts sending or is opened.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get } from "../../api";
import { useLive } from "../../state";
import type { LiveEvent } from "../../types";

const RELOAD_DEBOUNCE_MS = 200;

type Topic = keyof LiveEvent["changes"];

export function useLiveGet<T>(path: string, topics: readonly Topic[], failed: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      setData(await get<T>(path));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : failed);
    }
  }, [path, failed]);

  useEffect(() => {
    load();
    return () => clearTimeout(timer.current);
  }, [load]);

  useLive((event) => {
    if (!event.reset && !topics.some((t) => event.changes[t])) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(load, RELOAD_DEBOUNCE_MS);
  });

  return { data, error, reload: load };
}
