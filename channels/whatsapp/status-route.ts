// POST /twilio/status: Twilio's delivery reports. A verified report moves our outbound message to
// sent, delivered or failed (with Twilio's error code) and never starts a turn; one that would move
// a status backwards changes nothing; one that beats the outbox's record of the sid waits for it
// (src/outbox/delivery-report.ts).

import type { ChannelDeps } from "../../src/outbox/channel.js";
import { receiveDeliveryReport } from "../../src/outbox/delivery-report.js";
import type { Route } from "../../src/outbox/route.js";
import type { MessageStatus } from "../../src/store/index.js";
import { e164, emptyTwiml, unsigned, verifiedParams } from "./webhook.js";

const STATUS_OF: Record<string, MessageStatus> = {
  accepted: "sent",
  queued: "sent",
  sending: "sent",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  failed: "failed",
  undelivered: "failed",
  canceled: "failed",
};

export function statusRoute({ store, config }: ChannelDeps, authToken: string): Route {
  return {
    method: "POST",
    path: "/twilio/status",
    handle(req) {
      const params = verifiedParams(req, authToken, config.http.publicUrl);
      if (!params) return unsigned();
      // The adapter puts the tenant in the StatusCallback URL, which the signature covers.
      const tenantId =
        Number(req.url.searchParams.get("tenant")) ||
        store.tenantLinks.tenantIdFor("whatsapp", e164(params.From) ?? "");
      const status = STATUS_OF[params.MessageStatus ?? ""];
      if (!tenantId || !status || !params.MessageSid) return emptyTwiml();
      const error =
        status === "failed"
          ? `Échec de remise WhatsApp (code Twilio ${params.ErrorCode ?? "inconnu"})`
          : null;
      receiveDeliveryReport(store, tenantId, {
        channel: "whatsapp",
        providerId: params.MessageSid,
        status,
        error,
      });
      return emptyTwiml();
    },
  };
}
