// The WhatsApp channel through Twilio: built only when the account SID, auth token and sender number
// are configured. It mounts the message and status webhooks and delivers the outbox through Twilio.
import type { ChannelFactory } from "../channel.js";
import { inboundRoute } from "./inbound-route.js";
import { sender } from "./send.js";
import { statusRoute } from "./status-route.js";
import { createMessage } from "./twilio-api.js";
import { whatsappAddress } from "./webhook.js";

const WORKING_FR = "Je regarde…";

export const whatsappChannel: ChannelFactory = (deps) => {
  const { accountSid, authToken, whatsappFrom, apiUrl } = deps.config.twilio;
  if (!accountSid || !authToken || !whatsappFrom) return null;
  const account = { apiUrl, accountSid, authToken, from: whatsappAddress(whatsappFrom) };
  return {
    channel: "whatsapp",
    routes: [inboundRoute(deps, authToken), statusRoute(deps, authToken)],
    send: sender(deps.store, deps.config, account),
    // Before a slow model turn; the person has just written, so free text is allowed. Best effort.
    async working(event) {
      await createMessage(account, { To: whatsappAddress(event.conversationKey), Body: WORKING_FR }).catch(
        (err: unknown) => deps.log.warn({ err }, "WhatsApp working notice not sent"),
      );
    },
  };
};
