// Delivers a queued reply on Bot Framework: a proactive turn on the conversation reference the
// inbound activity left (the message's inReplyTo, else the conversation's meta), one activity with
// the text and its cards. A reply to a card's button first updates that card in place to show its
// result. A 429, a 5xx or a network failure is a TransientError for the outbox. A reference whose
// serviceUrl the channel's policy does not allow is never sent to (a permanent failure).
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import { z } from "zod";
import { cardStates, decidedCardMessage } from "../../src/outbox/card-state.js";
import { type Outbound, TransientError } from "../../src/outbox/channel.js";
import type { Card } from "../../src/outbox/reply.js";
import type { Message, Store } from "../../src/store/index.js";
import { activityOf } from "./cards.js";
import { type ServiceUrlPolicy, serviceUrlAllowed } from "./service-url.js";

const referenceSchema = z.looseObject({
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

function referenceOf(meta: unknown): ConversationReference | undefined {
  const parsed = referenceSchema.safeParse((meta as { reference?: unknown } | null | undefined)?.reference);
  return parsed.success ? (parsed.data as unknown as ConversationReference) : undefined;
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|REQUEST_SEND_ERROR)$/;

/** Retry-After in milliseconds, when the service gave one in seconds. */
function retryAfterMs(error: { response?: { headers?: { get?(name: string): string | undefined } } }) {
  const seconds = Number(error.response?.headers?.get?.("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** A failure worth retrying becomes a TransientError; anything else stays permanent. */
export function classify(error: unknown): Error {
  const e = error as { statusCode?: number; code?: string; message?: string };
  const status = e.statusCode;
  if (status === 429 || (status !== undefined && status >= 500)) {
    return new TransientError(`Bot Framework ${status}`, retryAfterMs(error as never));
  }
  if (status === undefined && NETWORK_CODES.test(e.code ?? "")) {
    return new TransientError(`Bot Framework injoignable (${e.code})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The connector's HTTP pipeline retries 429/5xx on its own, for seconds (longer with Retry-After),
 * while the outbox's one worker waits. The outbox owns retries, so the SDK's are removed.
 */
function withoutSdkRetries(adapter: CloudAdapter, context: TurnContext): void {
  const connector = context.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(options: { phase: "Retry" }): unknown } } }
    | undefined;
  connector?.client?.pipeline?.removePolicy({ phase: "Retry" });
}

/**
 * The card's activity rebuilt with each card in its state, when this reply decided one of them (by
 * its button or by typing « confirme 12 »).
 */
function cardUpdate(store: Store, message: Message): Partial<Activity> | undefined {
  const original = decidedCardMessage(store, message);
  if (!original?.providerId) return undefined;
  const cards = (original.meta as { cards?: Card[] }).cards ?? [];
  return { ...activityOf(original, cardStates(store, message.tenantId, cards)), id: original.providerId };
}

export function sender(adapter: CloudAdapter, appId: string, store: Store, policy: ServiceUrlPolicy) {
  return async ({ message, conversation }: Outbound): Promise<{ providerId?: string }> => {
    const meta = message.meta as { inReplyTo?: unknown };
    const reference = referenceOf(meta.inReplyTo) ?? referenceOf(conversation?.meta);
    if (!reference) throw new Error("aucune référence de conversation Bot Framework pour ce message");
    // Stored references predate any check, and a row can be written by other means than the route.
    if (!serviceUrlAllowed(reference.serviceUrl, policy)) {
      throw new Error(`serviceUrl Bot Framework refusé : ${reference.serviceUrl}`);
    }
    const settled = cardUpdate(store, message);
    let providerId: string | undefined;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        withoutSdkRetries(adapter, context);
        if (settled) await context.updateActivity(settled);
        providerId = (await context.sendActivity(activityOf(message)))?.id;
      });
    } catch (error) {
      throw classify(error);
    }
    return { providerId };
  };
}
