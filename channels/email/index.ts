// The e-mail channel: delivers the outbox through each tenant's SMTP server and mounts the one-click
// unsubscribe routes. It is always on: a tenant without a mailbox gets a clear failure on its
// messages. Reading mail (IMAP) is the server's loop in imap.ts, started by serve().
import type { ChannelFactory } from "../../src/outbox/channel.js";
import { emailSender } from "./send.js";
import { unsubscribeRoutes } from "./unsubscribe.js";

export const emailChannel: ChannelFactory = ({ store, config }) => ({
  channel: "email",
  routes: unsubscribeRoutes(store),
  send: emailSender(store, config),
});
