// Delivers M.A.X.'s replies to Slack: the text and its cards in the thread the message came from.
// A reply that decided a card — by its button or by typing « confirme 12 » — first rebuilds the
// card's own message, every card of it in its real state (src/outbox/card-state.ts): a decided card
// loses its buttons and says what happened.
import type { webApi } from "@slack/bolt";
import { cardStates, decidedCardMessage } from "../../src/outbox/card-state.js";
import type { Outbound } from "../../src/outbox/channel.js";
import type { Card } from "../../src/outbox/reply.js";
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
  inReplyTo?: Where;
}

/** Our id of a posted Slack message: a ts is only unique within its channel. */
export const slackMessageId = (channel: string, ts: string) => `${channel}:${ts}`;

export function slackSender(client: webApi.WebClient, store: Store) {
  /** The card's message rebuilt with each card in its state; undefined when the reply decided none here. */
  function cardUpdate(message: Message) {
    const original = decidedCardMessage(store, message);
    const [channel, ts] = original?.providerId?.split(":") ?? [];
    if (!original || !channel || !ts) return undefined;
    const cards = (original.meta as SlackMeta).cards ?? [];
    const blocks = messageBlocks(original.bodyText, cards, cardStates(store, message.tenantId, cards));
    return { channel, ts, text: original.bodyText, blocks };
  }

  async function send({ message }: Outbound): Promise<{ providerId?: string }> {
    const meta = message.meta as SlackMeta;
    const { channel, threadTs } = meta.inReplyTo ?? {};
    if (!channel) throw new Error("message Slack sans canal de destination");
    try {
      const card = cardUpdate(message);
      if (card) {
        // The update has no id of its own: the card's message keeps the one it was posted with.
        await client.chat.update(card);
        // A click is answered by the card itself; a typed « confirme 12 » also gets its reply.
        if (meta.inReplyTo?.messageTs) return {};
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
