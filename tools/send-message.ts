// send_message: one message to one lead, by e-mail or WhatsApp. Before a card is prepared or a token
// paid, the message must be able to leave (src/outbox/reach.ts: the channel connected, the lead's
// address and consent, WhatsApp's 24-hour window). The run only puts the message in the outbox
// (« mis en file d'envoi ») and on the lead's timeline; the channel adapters deliver it later, and a
// message that finally fails is refunded and reported where it was asked (src/outbox/failure.ts).
import { z } from "zod";
import { defineTool, type ToolContext } from "../src/agent/tool.js";
import { CHANNEL_LABELS, type CostKey, SEND_CHANNELS, type SendChannel } from "../src/domain/index.js";
import { queueLeadMessage, requesterOf } from "../src/outbox/compose.js";
import { sendBlocker } from "../src/outbox/reach.js";

const CHANNEL_COSTS = {
  email: "email_message",
  whatsapp: "whatsapp_message",
} as const satisfies Record<SendChannel, CostKey>;

const NOT_CONFIGURED = "la configuration des canaux est indisponible : rien n'est mis en file d'envoi.";

function blocker(ctx: ToolContext, leadId: number, channel: SendChannel): string | null {
  const lead = ctx.store.leads.require(ctx.tenant.id, leadId);
  const channels = ctx.settings?.channels;
  return channels
    ? sendBlocker({ store: ctx.store, tenant: ctx.tenant, channels }, lead, channel)
    : NOT_CONFIGURED;
}

export const sendMessage = defineTool({
  name: "send_message",
  description:
    "Met en file un message (e-mail ou WhatsApp) pour un lead ; refusé sans canal relié, coordonnée ou consentement.",
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
  run({ leadId, channel, text, subject }, ctx) {
    const { store, tenant, scope } = ctx;
    const lead = store.leads.require(scope.tenantId, leadId);
    const why = blocker(ctx, leadId, channel);
    if (why) return { ok: false, error: `${why} Rien n'a été mis en file d'envoi ni débité.` };
    const message = queueLeadMessage(store, scope, {
      leadId,
      channel,
      text,
      subject: subject ?? `Message de ${tenant.name}`,
      meta: requesterOf(ctx),
    });
    const label = CHANNEL_LABELS[channel];
    return {
      ok: true,
      summary: `Message ${label} pour ${lead.name} mis en file d'envoi (n°${message.id}) : il part par ${label} dès que possible, et je vous préviens s'il ne peut pas partir.`,
      data: { messageId: message.id, leadId, channel, status: message.status },
    };
  },
});
