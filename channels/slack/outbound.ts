// Delivers M.A.X.'s replies to Slack: the text and its cards in the thread the message came from.
// A reply to a button click updates the card's own message instead: each settled card shows its real
// result (src/outbox/settled-cards.ts) and loses its buttons.
import type { webApi } from "@slack/bolt";
import type { Outbound } from "../../src/outbox/channel.js";
import type { Card } from "../../src/outbox/reply.js";
import { settledOutcomes } from "../../src/outbox/settled-cards.js";
import type { Message, Store } from "../../src/store/index.js";
import { messageBlocks } from "./blocks.js";
import { slackFailure } from "./errors.js";

interface Where {
  channel?: string;
  threadTs?: string;
  messageTs?: string;
}

interface SlackMeta {
  cards?: Card[];
  decided?: { actionId: number; ok: boolean } | null;
  inReplyTo?: Where;
}

/** Our id of a posted Slack message: a ts is only unique within its channel. */
export const slackMessageId = (channel: string, ts: string) => `${channel}:${ts}`;

export function slackSender(client: webApi.WebClient, store: Store) {
  /** The card's message rebuilt with its settled cards; undefined when there is nothing to update. */
  function settledCard(message: Message, meta: SlackMeta, channel: string) {
    const { decided, inReplyTo } = meta;
    const ts = inReplyTo?.messageTs;
    if (!decided || !ts) return undefined;
    const original = store.messages.findByProviderId(message.tenantId, "slack", slackMessageId(channel, ts));
    if (!original) return undefined;
    const cards = (original.meta as SlackMeta).cards ?? [];
    const outcomes = settledOutcomes(store, message, decided, cards);
    if (!outcomes) return undefined;
    return {
      channel,
      ts,
      text: original.bodyText,
      blocks: messageBlocks(original.bodyText, cards, outcomes),
    };
  }

  async function send({ message }: Outbound): Promise<{ providerId?: string }> {
    const meta = message.meta as SlackMeta;
    const { channel, threadTs } = meta.inReplyTo ?? {};
    if (!channel) throw new Error("message Slack sans canal de destination");
    try {
      const card = settledCard(message, meta, channel);
      if (card) {
        // The update has no id of its own: the card's message keeps the one it was posted with.
        await client.chat.update(card);
        return {};
      }
      const posted = await client.chat.postMessage({
        channel,
        thread_ts: threadTs,
        text: message.bodyText,
        blocks: messageBlocks(message.bodyText, meta.cards ?? []),
      });
      return { providerId: posted.ts ? slackMessageId(channel, posted.ts) : undefined };
    } catch (error) {
      throw slackFailure(error);
    }
  }

  return { send };
}
