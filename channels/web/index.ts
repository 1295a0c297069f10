// The web chat channel, always on: the chat page and its API on the one server. Replies never leave
// the process: "sending" one marks it delivered, and the page reads it from the conversation.
import type { ChannelFactory } from "../../src/outbox/channel.js";
import { apiRoutes } from "./api.js";
import { pageRoute } from "./page.js";

export const webChannel: ChannelFactory = (deps) => ({
  channel: "web",
  routes: [pageRoute(), ...apiRoutes(deps)],
  send: async ({ message }) => ({ providerId: `web-${message.id}` }),
});
