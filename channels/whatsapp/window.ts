// WhatsApp's 24-hour window: free text may go to someone only within 24 h of their last message to
// us; after that, only an approved template. The webhook stamps each inbound event's meta with the
// time; the worker copies that meta into the staff conversation's meta and into each reply's meta
// (inReplyTo). A prospect's last message is their latest inbound row, which the worker stores.

import type { Outbound } from "../../src/outbox/channel.js";
import type { Store } from "../../src/store/index.js";

export const WINDOW_MS = 24 * 3_600_000;
const LEAD_ROWS_SCANNED = 50;

export const inboundMeta = (at: Date) => ({ lastInboundAt: at.toISOString() });

function stampOf(meta: unknown): number | undefined {
  const at = (meta as { lastInboundAt?: unknown } | null | undefined)?.lastInboundAt;
  return typeof at === "string" ? Date.parse(at) : undefined;
}

function lastFromLead(store: Store, tenantId: number, leadId: number): number | undefined {
  return store.messages
    .listByLead(tenantId, leadId, LEAD_ROWS_SCANNED)
    .find((m) => m.direction === "in" && m.channel === "whatsapp")
    ?.createdAt.getTime();
}

/** Whether the recipient wrote to us less than 24 h ago, so free text may be sent. */
export function inWindow(store: Store, { message, conversation }: Outbound): boolean {
  const stamps = [
    stampOf(message.meta.inReplyTo),
    stampOf(conversation?.meta),
    message.leadId ? lastFromLead(store, message.tenantId, message.leadId) : undefined,
  ].filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return stamps.length > 0 && store.clock().getTime() - Math.max(...stamps) < WINDOW_MS;
}
