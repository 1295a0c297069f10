// A per-channel pace for outbound sends (Slack and Twilio throttle above roughly one message per
// second per conversation): each channel's sends are spaced by 1/rate seconds. Injectable clock and
// sleep for tests.
export interface RateLimiter {
  /** Resolves when the channel may send one more message. */
  take(channel: string): Promise<void>;
}

export function rateLimiter(
  perSecond: Record<string, number>,
  { now = () => Date.now(), sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = {},
): RateLimiter {
  const next = new Map<string, number>();
  return {
    async take(channel) {
      const rate = perSecond[channel];
      if (!rate) return;
      const at = Math.max(now(), next.get(channel) ?? 0);
      next.set(channel, at + 1000 / rate);
      const wait = at - now();
      if (wait > 0) await sleep(wait);
    },
  };
}
