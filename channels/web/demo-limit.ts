// The no-login demo hands the demo owner's session to whoever asks, so each remote address may open
// only a few per minute: plenty for a person opening tabs, too few for a script collecting tokens.

export const DEMO_SESSIONS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
// Bounds the memory an attacker with many addresses can take; past it, unknown addresses wait.
const MAX_ADDRESSES = 10_000;

/** Returns whether `address` may open one more demo session now (and counts it if so). */
export function demoSessionLimiter(
  now: () => number,
  perMinute = DEMO_SESSIONS_PER_MINUTE,
): (address: string) => boolean {
  const opened = new Map<string, number[]>();
  const prune = (since: number) => {
    for (const [address, times] of opened) if ((times.at(-1) ?? 0) <= since) opened.delete(address);
  };
  return (address) => {
    const at = now();
    const since = at - WINDOW_MS;
    if (!opened.has(address) && opened.size >= MAX_ADDRESSES) prune(since);
    if (!opened.has(address) && opened.size >= MAX_ADDRESSES) return false;
    const recent = (opened.get(address) ?? []).filter((time) => time > since);
    const allowed = recent.length < perMinute;
    if (allowed) recent.push(at);
    opened.set(address, recent);
    return allowed;
  };
}
