// Loads one of the Budget IA API's answers and loads it again when the ledger changes (the live
// stream's `balance` topic), whoever changed it: a debit, a refund, a pack.
import { useLiveLoad } from "../../components/use-live-load";

const RELOAD_DEBOUNCE_MS = 150;

export function useBudget<T>(path: string, failed: string) {
  return useLiveLoad<T>(path, (event) => Boolean(event.changes.balance), {
    debounceMs: RELOAD_DEBOUNCE_MS,
    failed,
  });
}
