// What a channel adapter is to the rest of M.A.X.: it delivers one outbound message (a reply with
// its confirmation cards, or a message to a lead) and says whether a failure is worth retrying.
// Inbound webhooks are the adapter's own HTTP routes; they verify, acknowledge and hand the event
// to src/messaging/inbound.ts.
import type { Logger } from "pino";
import type { Config } from "../src/config.js";
import type { Route } from "../src/http/router.js";
import type { InboundEvent } from "../src/messaging/inbound.js";
import type { Conversation, Message, MessageChannel, Store, Tenant } from "../src/store/index.js";

export interface Outbound {
  message: Message;
  tenant: Tenant;
  conversation?: Conversation;
}

/** What every adapter is built with. */
export interface ChannelDeps {
  store: Store;
  config: Config;
  log: Logger;
  /** Dedupes and stores a verified inbound event, then wakes the worker; false for a duplicate. Await it before acknowledging. */
  accept(event: InboundEvent): Promise<boolean>;
}

export interface ChannelAdapter {
  channel: MessageChannel;
  /** Delivers the message; returns the provider's id. Throws TransientError when a retry may work. */
  send(out: Outbound): Promise<{ providerId?: string }>;
  /** The adapter's webhook routes, mounted on the one HTTP server. */
  routes?: Route[];
  /** Shows the user that M.A.X. is working, before a model turn (a Slack status, "je regarde…"). */
  working?(event: InboundEvent): Promise<void>;
}

/** A channel module: builds its adapter, or returns null when the channel is not configured. */
export type ChannelFactory = (deps: ChannelDeps) => ChannelAdapter | null;

/** A failure worth retrying later: a 429, a 5xx, a timeout, a network error. */
export class TransientError extends Error {
  readonly code = "TRANSIENT";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
