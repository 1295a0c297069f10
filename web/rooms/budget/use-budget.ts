// Loads one of the Budget IA API's answers and loads it again when the ledger changes (the live
// stream's `balance` topic), whoever changed it: a debit, a refund, a pack.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get } from "../../api";
import { useLive } from "../../state";

const RELOAD_DEBOUNCE_MS = 150;

export function useBudget<T>(path: string, failed: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loads = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const seq = ++loads.current;
    try {
      const fresh = await get<T>(path);
      if (seq !== loads.current) return;
      setData(fresh);
      setError(null);
    } catch (e) {
      if (seq !== loads.current) return;
      setError(e instanceof ApiError ? e.message : failed);
    }
  }, [path, failed]);

  useEffect(() => {
    void load();
    return () => clearTimeout(timer.current);
  }, [load]);

  useLive((event) => {
    if (!event.changes.balance && !event.reset) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), RELOAD_DEBOUNCE_MS);
  });

  return { data, error, reload: load };
}
