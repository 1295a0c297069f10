// The channel port: what a channel adapter is to the rest of M.A.X. Inbound, a channel verifies its
// webhook and hands a normalised InboundEvent to `accept` (the mailbox reader queues its mails the
// same way, in the transaction that moves its cursor); outbound, it delivers one message of the
// outbox (a reply with its cards, or a message to a lead) and says whether a failure is worth
// retrying. What an event means is decided in src/inbound.
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Conversation, Message, MessageChannel, Store, Tenant } from "../store/index.js";
import type { Route } from "./route.js";

/** The channels events come from: message channels that are also staff identities (not SMS). */
export type InboundChannel = Extract<MessageChannel, "slack" | "whatsapp" | "botframework" | "web" | "email">;

/** What a received e-mail says about itself, beyond its text (see channels/email/parse.ts). */
export interface MailFacts {
  subject: string;
  /** A bounce or an automatic reply is not an answer from the lead. */
  kind: "reply" | "bounce" | "auto_reply";
  /** Our Message-IDs it answers or reports on: In-Reply-To, References, a bounce's quoted ids. */
  threadIds: string[];
}

/** An inbound message or button click from any channel, once its webhook is verified. */
export interface InboundEvent {
  channel: InboundChannel;
  /** The provider's unique id: Slack event_id, Twilio MessageSid, activity id, web client id, Message-ID. */
  providerId: string;
  tenantId: number;
  /** Who wrote, as the channel names them: "T0DEMO:U0DEMO", "+33600000001", a web user id, an address. */
  sender: string;
  /** The thread the reply goes to: a Slack channel or thread, a WhatsApp number, a web session. */
  conversationKey: string;
  text?: string;
  /** A click on a confirmation card's button. */
  decision?: { kind: "confirm" | "cancel"; actionId: number };
  /** Set for an e-mail. */
  mail?: MailFacts;
  /** What the channel needs to answer (Slack channel and thread ts, a conversation reference). */
  meta?: Record<string, unknown>;
}

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
  /**
   * The short notice that tells a user M.A.X. is working, sent before a slow model turn (« je
   * regarde… »). It goes through the outbox like any reply, at the channel's pace.
   */
  workingText?: string;
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
