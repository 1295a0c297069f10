// The composition root of `max serve`: opens the store, builds the brain and the channel adapters,
// mounts every route on the one HTTP server and starts the background workers. close() stops taking
// requests, finishes the turn in progress, gives queued ones back and closes the store.
import { botframeworkChannel } from "../channels/botframework/index.js";
import type { ChannelAdapter, ChannelFactory } from "../channels/channel.js";
import { slackChannel } from "../channels/slack/index.js";
import { webChannel } from "../channels/web/index.js";
import { whatsappChannel } from "../channels/whatsapp/index.js";
import { createBrain } from "./agent/brain.js";
import type { Config } from "./config.js";
import { json, type Route } from "./http/router.js";
import { startHttpServer } from "./http/server.js";
import { createLogger } from "./log.js";
import { acceptInbound, type InboundEvent } from "./messaging/inbound.js";
import { rateLimiter } from "./messaging/rate-limit.js";
import { startWorkers } from "./messaging/workers.js";
import type { Store } from "./store/index.js";

/** The channels this build knows; Slack and WhatsApp stay off until configured. */
const CHANNELS: ChannelFactory[] = [webChannel, slackChannel, whatsappChannel, botframeworkChannel];

/** Outbound pace per channel, messages per second. */
const SEND_RATES = { slack: 1, whatsapp: 5, botframework: 5 };

export interface Running {
  url: string;
  adapters: ReadonlyMap<string, ChannelAdapter>;
  close(): Promise<void>;
}

export async function serve(
  config: Config,
  store: Store,
  channels: ChannelFactory[] = CHANNELS,
): Promise<Running> {
  const log = createLogger(config);
  const brain = createBrain(config.llm);
  let kick = () => {};
  const accept = (event: InboundEvent) => {
    const queued = acceptInbound(store, event);
    if (queued) kick();
    return queued;
  };
  const adapters = new Map<string, ChannelAdapter>();
  for (const factory of channels) {
    const adapter = factory({ store, config, log, accept });
    if (adapter) adapters.set(adapter.channel, adapter);
  }
  const health: Route = {
    method: "GET",
    path: "/healthz",
    handle: () => json(200, { ok: true, channels: [...adapters.keys()], brain: brain.kind }),
  };
  const routes = [health, ...[...adapters.values()].flatMap((a) => a.routes ?? [])];
  const workers = startWorkers({
    store,
    brain,
    settings: { n8n: config.n8n },
    adapters,
    limiter: rateLimiter(SEND_RATES),
    log,
    working: (event) => adapters.get(event.channel)?.working?.(event) ?? Promise.resolve(),
  });
  kick = workers.kick;
  const http = await startHttpServer(routes, { port: config.http.port, host: config.http.host, log });
  log.info({ url: http.url, channels: [...adapters.keys()], brain: brain.kind }, "M.A.X. is serving");
  return {
    url: http.url,
    adapters,
    async close() {
      await http.close();
      await workers.stop();
    },
  };
}
