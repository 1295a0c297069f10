// Accepting an inbound event, once its webhook is verified (or its mail read): deduplicated by the
// channel and the provider's id, and queued in the store in one insert, so the webhook can be
// acknowledged at once. This key is the one dedupe of inbound events: retries and concurrent
// duplicates of a webhook, a mail read again after its mailbox was rebuilt, all queue one job.
import type { InboundEvent } from "../outbox/channel.js";
import type { Store } from "../store/index.js";

export const INBOUND_JOB = "inbound";

/** Queues the event unless it was seen before; returns whether this call queued it. */
export function acceptInbound(store: Store, event: InboundEvent): boolean {
  return store.jobs.enqueueOnce(
    { tenantId: event.tenantId, actor: `${event.channel}:${event.sender}` },
    {
      kind: INBOUND_JOB,
      idempotencyKey: `${event.channel}:${event.providerId}`,
      dueAt: store.clock(),
      payload: event as unknown as Record<string, unknown>,
    },
  );
}
