// start_prequalification: COACH-01 for one coaching lead — the seed's questions by e-mail or WhatsApp
// (the channel connected, contact data and consent decide before anything is paid; never to someone
// who opted out), a timeout if no answer comes.
// An automatic follow-up sequence, priced as such (auto_followup).
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { SEND_CHANNELS } from "../src/domain/index.js";
import { requesterOf } from "../src/outbox/compose.js";
import { startPrequalification } from "../src/scenarios/prequalification/start.js";

export const startPrequalificationTool = defineTool({
  name: "start_prequalification",
  description:
    "Pré-qualification COACH-01 d'un lead coaching : envoie 3 questions (e-mail ou WhatsApp), puis classe la réponse.",
  schema: z.object({
    leadId: z.number().int().positive(),
    channel: z.enum(SEND_CHANNELS).optional(),
  }),
  effect: "send",
  costKey: "auto_followup",
  preview: ({ leadId }, { store, tenant }) =>
    `Lancer la pré-qualification de ${store.leads.get(tenant.id, leadId)?.name ?? `le lead #${leadId}`} (3 questions, relance si pas de réponse)`,
  run({ leadId, channel }, ctx) {
    const { store, tenant, scope, settings } = ctx;
    if (!settings) return { ok: false, error: "la configuration des canaux est indisponible." };
    const started = startPrequalification(store, scope, tenant, leadId, {
      channels: settings.channels,
      channel,
      timeoutDays: settings.prequalification?.timeoutDays,
      requester: requesterOf(ctx),
    });
    if (!started.ok) return started;
    return {
      ok: true,
      summary: started.summary,
      data: { leadId, messageId: started.messageId, dueAt: started.prequalification.dueAt },
    };
  },
});
