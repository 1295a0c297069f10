// The Slack channel: a Bolt app whose receiver is our POST /slack/events route, whose listeners queue
// mentions, direct messages and card clicks, and whose WebClient posts replies and updates cards.
// Null unless both the bot token and the signing secret are configured.
import { App } from "@slack/bolt";
import type { ChannelAdapter, ChannelFactory } from "../../src/outbox/channel.js";
import { boltLogger } from "./bolt-logger.js";
import { listen } from "./inbound.js";
import { slackSender } from "./outbound.js";
import { RouteReceiver } from "./receiver.js";

const API_TIMEOUT_MS = 10_000;
export const WORKING_FR = "_je regarde…_";

export const slackChannel: ChannelFactory = (deps) => {
  const { botToken, signingSecret, apiUrl } = deps.config.slack;
  if (!botToken || !signingSecret) return null;
  const receiver = new RouteReceiver(signingSecret, deps.log);
  const app = new App({
    token: botToken,
    receiver,
    logger: boltLogger(deps.log),
    convoStore: false,
    // auth.test runs on the first request (the receiver retries it), not in this constructor.
    deferInitialization: true,
    clientOptions: {
      slackApiUrl: apiUrl,
      timeout: API_TIMEOUT_MS,
      // The outbox retries with backoff; the client must fail fast and say why.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
  });
  listen(app, deps);
  const { send } = slackSender(app.client, deps.store);

  const adapter: ChannelAdapter = {
    channel: "slack",
    routes: [receiver.route],
    send,
    workingText: WORKING_FR,
  };
  return adapter;
};
