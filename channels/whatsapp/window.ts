// WhatsApp's 24-hour window (the rule is src/domain/reachability.ts) at delivery: the webhook stamps
// each inbound event's meta with the time; the worker copies that meta into the staff conversation's
// meta and into each reply's meta (inReplyTo). A prospect's last message is their latest inbound row,
// which the worker stores.
import { whatsappWindowOpen } from "../../src/domain/index.js";
import type { Outbound } from "../../src/outbox/channel.js";
import type { Store } from "../../src/store/index.js";

export const inboundMeta = (at: Date) => ({ lastInboundAt: at.toISOString() });

function stampOf(meta: unknown): number | undefined {
  const at = (meta as { lastInboundAt?: unknown } | null | undefined)?.lastInboundAt;
  return typeof at === "string" ? Date.parse(at) : undefined;
}

/** Whether the recipient wrote to us less than 24 h ago, so free text may be sent. */
export function inWindow(store: Store, { message, conversation }: Outbound): boolean {
  const fromLead = message.leadId
    ? store.messages.lastInboundAt(message.tenantId, message.leadId, "whatsapp")?.getTime()
    : undefined;
  const stamps = [stampOf(message.meta.inReplyTo), stampOf(conversation?.meta), fromLead].filter(
    (t): t is number => t !== undefined && !Number.isNaN(t),
  );
  return stamps.length > 0 && whatsappWindowOpen(Math.max(...stamps), store.clock());
}
