// Building the channel adapters from their factories, and the outbound pace per channel.
import type { ChannelAdapter, ChannelDeps, ChannelFactory } from "./channel.js";

/**
 * Outbound pace per conversation (channel + recipient), messages per second: Slack's one message per
 * second per channel, Twilio's per-sender pace, and a gentle one for mail so a relance burst to one
 * inbox does not look like spam.
 */
export const SEND_RATES = { slack: 1, whatsapp: 5, botframework: 5, email: 2 };

export function buildAdapters(
  factories: readonly ChannelFactory[],
  deps: ChannelDeps,
): Map<string, ChannelAdapter> {
  const adapters = new Map<string, ChannelAdapter>();
  for (const factory of factories) {
    const adapter = factory(deps);
    if (adapter) adapters.set(adapter.channel, adapter);
  }
  return adapters;
}
