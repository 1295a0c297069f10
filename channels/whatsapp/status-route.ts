// POST /twilio/status: Twilio's delivery reports. A verified report moves our outbound message to
// sent, delivered or failed (with Twilio's error code) and never starts a turn; a report about a
// message we do not know, or one that would move a status backwards, changes nothing.
import type { Route } from "../../src/http/router.js";
import type { MessageStatus } from "../../src/store/index.js";
import type { ChannelDeps } from "../channel.js";
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

/** Reports may arrive out of order: "sent" after "delivered" must not undo it. */
const RANK: Partial<Record<MessageStatus, number>> = { sent: 1, delivered: 2, failed: 2 };
const moves = (from: MessageStatus, to: MessageStatus) => (RANK[to] ?? 0) > (RANK[from] ?? 0);

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
      const message = store.messages.findByProviderId(tenantId, "whatsapp", params.MessageSid);
      if (message?.direction !== "out" || !moves(message.status as MessageStatus, status)) {
        return emptyTwiml();
      }
      const error =
        status === "failed"
          ? `Échec de remise WhatsApp (code Twilio ${params.ErrorCode ?? "inconnu"})`
          : null;
      store.messages.setStatus({ tenantId, actor: "twilio" }, message.id, { status, error });
      return emptyTwiml();
    },
  };
}
