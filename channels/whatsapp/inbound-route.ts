// POST /twilio/whatsapp: a verified message from WhatsApp becomes one queued inbound event (deduped by
// MessageSid) for the tenant that owns the number written to; Twilio gets an empty TwiML at once and
// the answer goes out later through the API.

import type { ChannelDeps } from "../../src/outbox/channel.js";
import type { Route } from "../../src/outbox/route.js";
import { decisionOf } from "./decision.js";
import { e164, emptyTwiml, unsigned, verifiedParams } from "./webhook.js";
import { inboundMeta } from "./window.js";

export function inboundRoute({ store, config, log, accept }: ChannelDeps, authToken: string): Route {
  return {
    method: "POST",
    path: "/twilio/whatsapp",
    async handle(req) {
      const params = verifiedParams(req, authToken, config.http.publicUrl);
      if (!params) return unsigned();
      const to = e164(params.To);
      const from = e164(params.From);
      const sid = params.MessageSid;
      if (!to || !from || !sid) return emptyTwiml();
      const tenantId = store.tenantLinks.tenantIdFor("whatsapp", to);
      if (tenantId === undefined) {
        log.warn({ to }, "WhatsApp message to a number linked to no tenant");
        return emptyTwiml();
      }
      const text = params.Body ?? "";
      const decision = decisionOf(text, params.ButtonPayload);
      await accept({
        channel: "whatsapp",
        providerId: sid,
        tenantId,
        sender: from,
        conversationKey: from,
        text,
        ...(decision ? { decision } : {}),
        meta: inboundMeta(store.clock()),
      });
      return emptyTwiml();
    },
  };
}
