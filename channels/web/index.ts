// The web chat channel, always on: the chat's API on the one server (the page is the dashboard's
// Espace M.A.X.). Replies never leave
// the process: "sending" one marks it delivered, and the page reads it from the conversation.
import type { ChannelFactory } from "../../src/outbox/channel.js";
import { apiRoutes } from "./api.js";

export const webChannel: ChannelFactory = (deps) => ({
  channel: "web",
  routes: apiRoutes(deps),
  send: async ({ message }) => ({ providerId: `web-${message.id}` }),
});
