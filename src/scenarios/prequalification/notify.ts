// Tells the lead's coach (its owner, else the tenant's owner) how the pre-qualification ended, on
// their private channel (a Slack DM, else WhatsApp) through the outbox: the summary, a suggested next step,
// and a suggested reply to the prospect through the gate — a pending action to confirm in Assisté,
// a suggestion in Conseil. A prospect's answer never triggers a send by itself, so Auto prepares the
// reply for confirmation too. The reply's text comes from our own templates, never from the prospect.
import { callTool, type GateContext } from "../../agent/gate.js";
import { outcomeFooter } from "../../agent/outcome-text.js";
import { replyOf } from "../../agent/reply-of.js";
import type { Mode, SendChannel } from "../../domain/index.js";
import { privateConversation, queueReply } from "../../outbox/compose.js";
import type { Lead, Store, Tenant, User } from "../../store/index.js";
import type { ScenarioDeps } from "../deps.js";
import { SCENARIO_ACTOR } from "./start.js";

export interface Report {
  headline: string;
  summary: string;
  nextStep: string;
  reply: { text: string; subject?: string };
  channel: SendChannel;
}

/** The lead's coach: its owner, else the tenant's owner. */
export function coachOf(store: Store, tenant: Tenant, lead: Lead): User | undefined {
  const owner = lead.ownerId ? store.users.get(tenant.id, lead.ownerId) : undefined;
  return owner ?? store.users.owner(tenant.id);
}

/** Queues the coach's notice; returns its message id, or undefined when the coach has no channel. */
export async function notifyCoach(
  { store, tools, settings }: ScenarioDeps,
  tenant: Tenant,
  lead: Lead,
  report: Report,
): Promise<number | undefined> {
  const coach = coachOf(store, tenant, lead);
  const conversation = coach && privateConversation(store, tenant.id, coach);
  if (!coach || !conversation) return undefined;
  const mode: Mode = tenant.defaultMode === "auto" ? "assiste" : tenant.defaultMode;
  const ctx: GateContext = {
    store,
    tools,
    tenant,
    user: coach,
    scope: { tenantId: tenant.id, actor: SCENARIO_ACTOR },
    mode,
    conversationId: conversation.id,
    settings,
  };
  const outcome = await callTool(ctx, "send_message", {
    leadId: lead.id,
    channel: report.channel,
    text: report.reply.text,
    ...(report.channel === "email" && report.reply.subject ? { subject: report.reply.subject } : {}),
  });
  const text = [
    `🧭 ${report.headline}`,
    report.summary,
    `👉 Prochaine étape suggérée : ${report.nextStep}`,
    outcomeFooter([outcome]),
  ]
    .filter(Boolean)
    .join("\n");
  const reply = replyOf({ reply: text, outcomes: [outcome] });
  const message = queueReply(store, ctx.scope, conversation, reply, {
    meta: { scenario: "coach-prequalification" },
  });
  return message.id;
}
