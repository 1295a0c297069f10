// Bolt's listeners turn Slack events into M.A.X.'s inbound events: a mention or a direct message is a
// staff turn, a click on a card's button a decision. The team finds the tenant; an unknown team is
// acknowledged and dropped (Slack would only retry it). accept() dedupes Slack's retries by event_id.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { ChannelDeps } from "../../src/outbox/channel.js";
import { DECISION_ACTION, decisionOf } from "./blocks.js";

/** One conversation per Slack thread; a DM without a thread is one conversation. */
export const conversationKey = (team: string, channel: string, threadTs?: string) =>
  threadTs ? `${team}:${channel}:${threadTs}` : `${team}:${channel}`;

/** The mention of our bot is how the message was addressed, not what it says. */
export function withoutMention(text: string, botUserId?: string): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  // Only the spaces the mention leaves are squeezed: the user's line breaks are kept.
  return text.replace(mention, " ").replace(/ {2,}/g, " ").trim();
}

interface Said {
  eventId: string;
  team: string;
  user: string;
  channel: string;
  threadTs?: string;
  text: string;
}

export function listen(app: App, { store, log, accept }: ChannelDeps): void {
  const tenantOf = (team: string | undefined) => {
    const tenantId = team ? store.tenantLinks.tenantIdFor("slack", team) : undefined;
    if (tenantId === undefined) log.warn({ team }, "slack event from a team linked to no tenant: ignored");
    return tenantId;
  };

  const said = async (s: Said) => {
    const tenantId = tenantOf(s.team);
    if (tenantId === undefined) return;
    await accept({
      channel: "slack",
      providerId: s.eventId,
      tenantId,
      sender: `${s.team}:${s.user}`,
      conversationKey: conversationKey(s.team, s.channel, s.threadTs),
      text: s.text,
      meta: { channel: s.channel, threadTs: s.threadTs },
    });
  };

  app.event("app_mention", async ({ event, body, context }) => {
    if (!event.user || event.bot_id) return;
    await said({
      eventId: body.event_id,
      team: body.team_id,
      user: event.user,
      channel: event.channel,
      // A mention in a channel is answered in its thread, never in the channel itself.
      threadTs: event.thread_ts ?? event.ts,
      text: withoutMention(event.text, context.botUserId),
    });
  });

  app.event("message", async ({ event, body, context }) => {
    if (event.channel_type !== "im" || event.subtype !== undefined || event.bot_id) return;
    await said({
      eventId: body.event_id,
      team: body.team_id,
      user: event.user,
      channel: event.channel,
      threadTs: event.thread_ts,
      text: withoutMention(event.text ?? "", context.botUserId),
    });
  });

  app.action<BlockAction<ButtonAction>>(DECISION_ACTION, async ({ ack, body, action }) => {
    await ack();
    const decision = decisionOf(action.action_id);
    const team = body.team?.id ?? body.user.team_id;
    const channel = body.channel?.id ?? String(body.container.channel_id ?? "");
    const messageTs = String(body.container.message_ts ?? body.message?.ts ?? "");
    const tenantId = tenantOf(team);
    if (!decision || !team || tenantId === undefined || !channel) return;
    const threadTs: string | undefined = body.message?.thread_ts ?? body.container.thread_ts;
    await accept({
      channel: "slack",
      providerId: `${action.action_ts}:${action.action_id}`,
      tenantId,
      sender: `${team}:${body.user.id}`,
      conversationKey: conversationKey(team, channel, threadTs),
      decision,
      meta: { channel, threadTs, messageTs },
    });
  });
}
