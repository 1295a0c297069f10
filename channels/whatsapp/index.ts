// The WhatsApp channel through Twilio: built only when the account SID, auth token and sender number
// are configured. It mounts the message and status webhooks and delivers the outbox through Twilio.
import type { ChannelFactory } from "../../src/outbox/channel.js";
import { inboundRoute } from "./inbound-route.js";
import { sender } from "./send.js";
import { statusRoute } from "./status-route.js";
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
    // Before a slow model turn; the person has just written, so free text is allowed.
    workingText: WORKING_FR,
  };
};
