// The bot's turn logic, shared by the CloudAdapter and botbuilder's TestAdapter: a message activity
// becomes an InboundEvent (text, or a card's Confirmer / Annuler submit) queued through accept().
// The turn itself runs later in the worker, so this logic never answers in the turn.
import { type Activity, ActivityTypes, TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { z } from "zod";
import type { InboundEvent } from "../../src/outbox/channel.js";
import type { Store } from "../../src/store/index.js";

export interface BotDeps {
  store: Store;
  log: Logger;
  accept(event: InboundEvent): Promise<boolean>;
}

/** What a card's Action.Submit (or a messageBack suggested action) carries in activity.value. */
const decisionSchema = z.object({
  decision: z.enum(["confirm", "cancel"]),
  actionId: z.coerce.number().int().positive(),
});

/**
 * The tenant a message belongs to. One bot registration may serve several tenants, so the most
 * specific key wins: the Microsoft 365 tenant of the conversation (Teams), then the bot the message
 * was addressed to (its own registration, or the Emulator's bot id). `max connect botframework
 * --bot ID` links either.
 */
export function tenantOf(store: Store, activity: Activity): number | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const candidates = [activity.conversation?.tenantId, channelData?.tenant?.id, activity.recipient?.id];
  for (const id of candidates) {
    if (typeof id !== "string" || !id) continue;
    const tenantId = store.tenantLinks.tenantIdFor("botframework", id);
    if (tenantId !== undefined) return tenantId;
  }
  return undefined;
}

/** The event for a message activity of the tenant, or null when it is not one M.A.X. can act on. */
export function eventOf(activity: Activity, tenantId: number): InboundEvent | null {
  if (activity.type !== ActivityTypes.Message || !activity.id || !activity.from?.id) return null;
  const conversationKey = activity.conversation?.id;
  if (!conversationKey) return null;
  const decision = decisionSchema.safeParse(activity.value);
  const text = activity.text?.trim();
  if (!decision.success && !text) return null;
  return {
    channel: "botframework",
    // Activity ids are unique within a conversation only: the dedupe key names both.
    providerId: `${activity.channelId}:${conversationKey}:${activity.id}`,
    tenantId,
    sender: activity.from.id,
    conversationKey,
    ...(decision.success
      ? { decision: { kind: decision.data.decision, actionId: decision.data.actionId } }
      : { text }),
    meta: {
      reference: TurnContext.getConversationReference(activity),
      // A card's submit answers the card's own activity, which the reply then updates in place.
      ...(decision.success && activity.replyToId ? { cardActivityId: activity.replyToId } : {}),
    },
  };
}

/** The logic function botbuilder adapters run for each incoming activity. */
export function botLogic({ store, log, accept }: BotDeps) {
  return async (context: TurnContext): Promise<void> => {
    const { activity } = context;
    const tenantId = tenantOf(store, activity);
    if (tenantId === undefined) {
      // Operators see which id to link with `max connect botframework --bot ID`.
      log.warn({ bot: activity.recipient?.id }, "botframework activity for a bot linked to no tenant");
      return;
    }
    const event = eventOf(activity, tenantId);
    if (!event) {
      log.debug({ type: activity.type }, "botframework activity ignored");
      return;
    }
    await accept(event);
  };
}
