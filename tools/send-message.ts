// send_message: one message to one lead, by e-mail or WhatsApp. It only puts the message in the
// outbox (status "queued") and on the lead's timeline; the channel adapters deliver it later. A lead
// without the contact data, without an opt-in or who opted out is refused (see src/domain/reachability.ts), so
// nothing is queued and the gate refunds the call.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import type { CostKey } from "../src/domain/index.js";
import { CHANNEL_LABELS, SEND_CHANNELS, type SendChannel, unreachableReason } from "../src/domain/index.js";
import { queueLeadMessage } from "../src/outbox/compose.js";

const CHANNEL_COSTS = {
  email: "email_message",
  whatsapp: "whatsapp_message",
} as const satisfies Record<SendChannel, CostKey>;

export const sendMessage = defineTool({
  name: "send_message",
  description:
    "Met en file un message (e-mail ou WhatsApp) pour un lead ; refusé sans coordonnée, opt-in ou après désinscription.",
  schema: z.object({
    leadId: z.number().int().positive(),
    channel: z.enum(SEND_CHANNELS),
    text: z.string().trim().min(1).max(4000),
    subject: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe("objet de l'e-mail (ignoré pour WhatsApp)"),
  }),
  effect: "send",
  costKey: ({ channel }) => CHANNEL_COSTS[channel],
  preview: ({ leadId, channel, text }, { store, tenant }) =>
    `Envoyer un message ${CHANNEL_LABELS[channel]} à ${store.leads.get(tenant.id, leadId)?.name ?? `le lead #${leadId}`} : « ${text.slice(0, 80)} »`,
  run({ leadId, channel, text, subject }, { store, tenant, scope }) {
    const lead = store.leads.require(scope.tenantId, leadId);
    const refusal = unreachableReason(lead, channel);
    if (refusal) return { ok: false, error: `${refusal} Rien n'a été mis en file d'envoi.` };
    const message = queueLeadMessage(store, scope, {
      leadId,
      channel,
      text,
      subject: subject ?? `Message de ${tenant.name}`,
    });
    const label = CHANNEL_LABELS[channel];
    return {
      ok: true,
      summary: `Message ${label} pour ${lead.name} mis en file d'envoi (n°${message.id}) : il partira par le canal ${label}.`,
      data: { messageId: message.id, leadId, channel, status: message.status },
    };
  },
});
