// An inbound message or button click from any channel, once its webhook is verified: deduplicated by
// the provider's id and queued in the store in one insert, so the webhook can be acknowledged at
// once. Retries and concurrent duplicates of the same event queue one turn.
import type { Store } from "../store/index.js";

export type InboundChannel = "slack" | "whatsapp" | "botframework" | "web";

export interface InboundEvent {
  channel: InboundChannel;
  /** The provider's unique id: Slack event_id, Twilio MessageSid, activity id, web client id. */
  providerId: string;
  tenantId: number;
  /** Who wrote, as the channel names them: "T0DEMO:U0DEMO", "+33600000001", a web user id. */
  sender: string;
  /** The thread the reply goes to: a Slack channel or thread, a WhatsApp number, a web session. */
  conversationKey: string;
  text?: string;
  /** A click on a confirmation card's button. */
  decision?: { kind: "confirm" | "cancel"; actionId: number };
  /** What the channel needs to answer (Slack channel and thread ts, a conversation reference). */
  meta?: Record<string, unknown>;
}

export const INBOUND_JOB = "inbound";

/** Queues the event unless it was seen before; returns whether this call queued it. */
export function acceptInbound(store: Store, event: InboundEvent): boolean {
  return store.jobs.enqueueOnce(
    { tenantId: event.tenantId, actor: `${event.channel}:${event.sender}` },
    {
      kind: INBOUND_JOB,
      idempotencyKey: `${event.channel}:${event.providerId}`,
      dueAt: store.ctx.clock(),
      payload: event as unknown as Record<string, unknown>,
    },
  );
}
