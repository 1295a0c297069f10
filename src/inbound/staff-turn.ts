// A staff user's message or button click: stored in their conversation, then one turn of M.A.X.
// (a click goes to the pending-action executor, never the model) whose reply, with its cards, is
// queued in the outbox. Before a slow model turn the channel's « je regarde… » notice is queued and
// sent at once, through the outbox like any reply (same pace, same record).
import { decisionTurn } from "../agent/offline-turn.js";
import { replyOf } from "../agent/reply-of.js";
import { runTurn } from "../agent/turn.js";
import type { Mode } from "../domain/index.js";
import type { InboundEvent } from "../outbox/channel.js";
import { queueReply } from "../outbox/compose.js";
import { deliverNow } from "../outbox/deliver.js";
import type { Conversation, Scope, Tenant, User } from "../store/index.js";
import type { JobDeps } from "./jobs.js";

/** A button click as the conversation shows it, in the words a user would have typed. */
const decisionText = (decision: InboundEvent["decision"]) =>
  decision ? `${decision.kind === "confirm" ? "Confirmer" : "Annuler"} l'action n°${decision.actionId}` : "";

/** A staff user's conversation on this channel; a shared thread gets one conversation per user. */
function conversationFor(deps: JobDeps, tenant: Tenant, event: InboundEvent, user: User): Conversation {
  const { store } = deps;
  const shared = store.conversations.open(tenant.id, event.channel, event.conversationKey, user.id);
  const conversation =
    shared.userId === user.id
      ? shared
      : store.conversations.open(tenant.id, event.channel, `${event.conversationKey}#${user.id}`, user.id);
  if (event.meta) store.conversations.setMeta(tenant.id, conversation.id, event.meta);
  return conversation;
}

async function sayWorking(deps: JobDeps, scope: Scope, conversation: Conversation, event: InboundEvent) {
  const text = deps.adapters.get(event.channel)?.workingText;
  if (!text) return;
  const notice = queueReply(
    deps.store,
    scope,
    conversation,
    { text, cards: [] },
    { inReplyTo: event.meta ?? {}, recipient: event.conversationKey, meta: { working: true } },
  );
  await deliverNow(deps, notice);
}

export async function staffTurn(deps: JobDeps, tenant: Tenant, user: User, event: InboundEvent) {
  const { store } = deps;
  const conversation = conversationFor(deps, tenant, event, user);
  const scope = { tenantId: tenant.id, actor: `user:${user.id}` };
  store.messages.receive(scope, {
    channel: event.channel,
    direction: "in",
    status: "received",
    conversationId: conversation.id,
    providerId: event.providerId,
    bodyText: event.text ?? decisionText(event.decision),
  });
  const ctx = {
    store,
    tools: deps.tools,
    tenant,
    user,
    scope,
    mode: tenant.defaultMode as Mode,
    settings: deps.settings,
    conversationId: conversation.id,
  };
  const answer = { inReplyTo: event.meta ?? {}, recipient: event.conversationKey };
  if (event.decision) {
    const turn = await decisionTurn(ctx, { kind: event.decision.kind, id: event.decision.actionId });
    queueReply(store, scope, conversation, replyOf(turn, event.decision.actionId), answer);
    return;
  }
  const turn = await runTurn(deps.brain, ctx, event.text ?? "", {
    beforeModel: () => sayWorking(deps, scope, conversation, event),
  });
  queueReply(store, scope, conversation, replyOf(turn, turn.decided), answer);
}
