// The pace of outbound sends: Slack and Twilio throttle above roughly one message per second per
// conversation, so each (channel, recipient) pair's sends are spaced by 1/rate seconds, the rate
// being the channel's. Injectable clock and sleep for tests.
export interface RateLimiter {
  /** Resolves when the channel may send one more message to this recipient. */
  take(channel: string, recipient?: string | null): Promise<void>;
}

const PRUNE_ABOVE = 1_000;

export function rateLimiter(
  perSecond: Record<string, number>,
  { now = () => Date.now(), sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = {},
): RateLimiter {
  const next = new Map<string, number>();
  const prune = (at: number) => {
    for (const [key, free] of next) if (free <= at) next.delete(key);
  };
  return {
    async take(channel, recipient) {
      const rate = perSecond[channel];
      if (!rate) return;
      const key = `${channel}\u0000${recipient ?? ""}`;
      if (next.size > PRUNE_ABOVE) prune(now());
      const at = Math.max(now(), next.get(key) ?? 0);
      next.set(key, at + 1000 / rate);
      const wait = at - now();
      if (wait > 0) await sleep(wait);
    },
  };
}
