// Routes one queued inbound event: a staff user's message goes to an agent turn, a button click to
// the pending-action executor (never the model), a prospect's message to the lead's timeline (their
// text is data, it never reaches a tool; STOP opts them out), anyone else gets a polite refusal and
// no data. Every answer is queued in the outbox for the channel to deliver.
import type { ToolSettings } from "../../tools/index.js";
import { parseIntent } from "../agent/offline-intents.js";
import { decisionTurn } from "../agent/offline-turn.js";
import { type Brain, runTurn } from "../agent/turn.js";
import type { Mode } from "../domain/index.js";
import { type Classifier, handleProspectAnswer } from "../scenarios/prequalification/index.js";
import { applyStopRulesNow } from "../scenarios/stop-now.js";
import { inTransaction } from "../store/context.js";
import type { Lead, Scope, Store, Tenant, User } from "../store/index.js";
import { CONSENT_CHANNELS } from "../store/lead-input.js";
import type { InboundEvent } from "./inbound.js";
import { type Reply, replyOf } from "./reply.js";

export interface InboundDeps {
  store: Store;
  brain: Brain;
  settings: ToolSettings;
  /** Tells the user M.A.X. is on it (a Slack status, "je regarde…"), before a model turn. */
  working?(event: InboundEvent): Promise<void>;
  /** Classifies prospects' answers to the pre-qualification (the model's; offline rules without). */
  classifier?: Classifier;
}

/** A button click as the conversation shows it, in the words a user would have typed. */
const decisionText = (decision: InboundEvent["decision"]) =>
  decision ? `${decision.kind === "confirm" ? "Confirmer" : "Annuler"} l'action n°${decision.actionId}` : "";

const STOP_WORDS = /^(stop|arret|arrêt|stopall|unsubscribe|désabonner|desabonner)$/i;

export const UNKNOWN_SENDER_FR =
  "Bonjour, je ne reconnais pas ce compte. Demandez à votre administrateur de le relier à M.A.X. pour pouvoir m'écrire.";
export const OPTED_OUT_FR =
  "C'est noté : vous ne recevrez plus de messages de notre part. Écrivez START pour vous réabonner.";

function queueReply(
  store: Store,
  scope: Scope,
  event: InboundEvent,
  conversationId: number,
  reply: Reply,
  leadId?: number,
) {
  store.messages.create(scope, {
    channel: event.channel,
    direction: "out",
    status: "queued",
    conversationId,
    leadId: leadId ?? null,
    recipient: event.conversationKey,
    bodyText: reply.text,
    meta: { cards: reply.cards, decided: reply.decided ?? null, inReplyTo: event.meta ?? {} },
  });
}

/** A staff user's conversation on this channel; a shared thread gets one conversation per user. */
function conversationFor(store: Store, tenant: Tenant, event: InboundEvent, user: User) {
  const shared = store.conversations.open(tenant.id, event.channel, event.conversationKey, user.id);
  const conversation =
    shared.userId === user.id
      ? shared
      : store.conversations.open(tenant.id, event.channel, `${event.conversationKey}#${user.id}`, user.id);
  if (event.meta) store.conversations.setMeta(tenant.id, conversation.id, event.meta);
  return conversation;
}

async function staffTurn(deps: InboundDeps, tenant: Tenant, user: User, event: InboundEvent) {
  const { store } = deps;
  const conversation = conversationFor(store, tenant, event, user);
  const scope = { tenantId: tenant.id, actor: `user:${user.id}` };
  // A retried job (the model timed out) finds its message already stored.
  if (!store.messages.findByProviderId(tenant.id, event.channel, event.providerId)) {
    store.messages.create(scope, {
      channel: event.channel,
      direction: "in",
      status: "received",
      conversationId: conversation.id,
      providerId: event.providerId,
      bodyText: event.text ?? decisionText(event.decision),
    });
  }
  const ctx = {
    store,
    tenant,
    user,
    scope,
    mode: tenant.defaultMode as Mode,
    settings: deps.settings,
    conversationId: conversation.id,
  };
  if (event.decision) {
    const turn = await decisionTurn(ctx, { kind: event.decision.kind, id: event.decision.actionId });
    queueReply(store, scope, event, conversation.id, replyOf(turn, event.decision.actionId));
    return;
  }
  const text = event.text ?? "";
  // A confirmation or cancellation is decided without the model: nothing to wait for.
  const forModel = !["confirm", "cancel"].includes(parseIntent(text).kind);
  if (deps.brain.kind === "llm" && forModel) await deps.working?.(event);
  const turn = await runTurn(deps.brain, ctx, text);
  queueReply(store, scope, event, conversation.id, replyOf(turn));
}

/**
 * A prospect writes: the text joins the lead's timeline as data; STOP opts them out everywhere. All
 * in one transaction, so a retry finds either nothing or everything. Then, as data again, it may be
 * the answer a pre-qualification waits for (the same handler as e-mail answers; it ends only once).
 */
async function prospectMessage(deps: InboundDeps, tenant: Tenant, lead: Lead, event: InboundEvent) {
  const { store } = deps;
  const stored =
    store.messages.findByProviderId(tenant.id, event.channel, event.providerId) ??
    inTransaction(store.ctx, () => recordProspectMessage(store, tenant, lead, event));
  if (!stored || stored.meta.optOut) return;
  await handleProspectAnswer(deps, {
    tenantId: tenant.id,
    leadId: lead.id,
    messageId: stored.id,
    text: stored.bodyText,
  });
}

function recordProspectMessage(store: Store, tenant: Tenant, lead: Lead, event: InboundEvent) {
  const scope = { tenantId: tenant.id, actor: `lead:${lead.id}` };
  const conversation = store.conversations.open(tenant.id, event.channel, event.conversationKey, null);
  const text = (event.text ?? "").trim();
  const optOut = STOP_WORDS.test(text.replace(/[.!]+$/, ""));
  const message = store.messages.create(scope, {
    channel: event.channel,
    direction: "in",
    status: "received",
    leadId: lead.id,
    conversationId: conversation.id,
    providerId: event.providerId,
    bodyText: text,
    meta: optOut ? { optOut: true } : {},
  });
  store.activities.add(scope, lead.id, { kind: "whatsapp_in", body: text });
  if (optOut) {
    for (const channel of CONSENT_CHANNELS) store.leads.setConsent(scope, lead.id, channel, "opt_out");
    queueReply(store, scope, event, conversation.id, { text: OPTED_OUT_FR, cards: [] }, lead.id);
  }
  applyStopRulesNow(store, scope, lead.id);
  return message;
}

function refuseUnknown(store: Store, tenant: Tenant, event: InboundEvent) {
  const scope = { tenantId: tenant.id, actor: `${event.channel}:unknown` };
  const conversation = store.conversations.open(tenant.id, event.channel, event.conversationKey, null);
  queueReply(store, scope, event, conversation.id, { text: UNKNOWN_SENDER_FR, cards: [] });
}

export async function handleInbound(deps: InboundDeps, event: InboundEvent): Promise<void> {
  const { store } = deps;
  const tenant = store.tenants.get(event.tenantId);
  if (!tenant) return;
  const user = store.users.findByIdentity(tenant.id, event.channel, event.sender);
  if (user) return staffTurn(deps, tenant, user, event);
  const lead = event.channel === "whatsapp" ? store.leads.findByPhone(tenant.id, event.sender) : undefined;
  if (lead) return prospectMessage(deps, tenant, lead, event);
  refuseUnknown(store, tenant, event);
}
