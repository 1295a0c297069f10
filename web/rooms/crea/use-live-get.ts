// What a list of the room shows, kept current: read once, then read again (once per burst of
// changes) when the live stream reports a change of one of the given topics — a draft made in the
// chat, a campaign that starts sending or is opened.
import { useLiveLoad } from "../../components/use-live-load";
import type { LiveEvent } from "../../types";

const RELOAD_DEBOUNCE_MS = 200;

type Topic = keyof LiveEvent["changes"];

export function useLiveGet<T>(path: string, topics: readonly Topic[], failed: string) {
  return useLiveLoad<T>(path, (event) => topics.some((t) => event.changes[t]), {
    debounceMs: RELOAD_DEBOUNCE_MS,
    failed,
  });
}
