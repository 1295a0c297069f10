// The Reporting room's activity feed: M.A.X.'s actions (run or failed, lookups left out), the cards
// waiting for a decision and what became of them, the messages to and from leads with where each
// stands now, and the status changes — newest first, each as one French sentence. An item's time is
// that of its latest change (a message sent after it was queued moves up), so `after` returns what
// appeared or changed since then — at that instant included, since two changes may share a
// millisecond; the page asks for it on each live event of the stream and merges by key.
import { channelLabel, messageStatusLabel, statusLabel, unfenced } from "../../domain/index.js";
import type { Store } from "../../store/index.js";
import type { FeedCard, FeedMessage, FeedStatus, FeedTool } from "../../store/reporting-feed.js";
import { leadPage } from "./reporting-links.js";

export const FEED_LIMIT = 40;
export const FEED_MAX = 100;

export interface FeedItem {
  /** Stable across changes of the same thing: « message:12 », « card:4 ». */
  key: string;
  kind: "ai" | "card" | "message" | "status";
  at: string;
  /** Its state as a code (executed, failed, pending, sent…), for the page's notices and styles. */
  state: string;
  /** The state in words: « exécutée », « en échec », « remis ». */
  stateLabel: string;
  text: string;
  href: string | null;
}

const CARD_STATES: Record<string, string> = {
  pending: "en attente de confirmation",
  executing: "en cours d'exécution",
  done: "confirmée",
  failed: "en échec",
  cancelled: "annulée",
  expired: "expirée",
};

const iso = (ms: number) => new Date(ms).toISOString();

const toolItem = (t: FeedTool): FeedItem => ({
  key: `ai:${t.auditId}`,
  kind: "ai",
  at: iso(t.at),
  state: t.failed ? "failed" : "executed",
  stateLabel: t.failed ? "en échec" : "exécutée",
  text: t.text
    ? unfenced(t.text)
    : t.failed
      ? "Une action de M.A.X. a échoué."
      : "Action de M.A.X. exécutée.",
  href: null,
});

const cardItem = (c: FeedCard): FeedItem => ({
  key: `card:${c.id}`,
  kind: "card",
  at: iso(c.at),
  state: c.status,
  stateLabel: CARD_STATES[c.status] ?? c.status,
  text: `Carte n°${c.id} : ${unfenced(c.preview)}${c.status === "failed" && c.message ? ` — ${unfenced(c.message)}` : ""}`,
  href: null,
});

function messageItem(m: FeedMessage): FeedItem {
  const channel = channelLabel(m.channel);
  const about = m.subject ? ` « ${m.subject} »` : "";
  return {
    key: `message:${m.id}`,
    kind: "message",
    at: iso(m.at),
    state: m.status,
    stateLabel: messageStatusLabel(m.status),
    text:
      m.direction === "in"
        ? `${channel} reçu de ${m.leadName}${about}`
        : `${channel} à ${m.leadName}${about}${m.status === "failed" && m.error ? ` — ${m.error}` : ""}`,
    href: leadPage(m.leadId),
  };
}

const statusItem = (s: FeedStatus): FeedItem => ({
  key: `status:${s.activityId}`,
  kind: "status",
  at: iso(s.at),
  state: s.to,
  stateLabel: statusLabel(s.to),
  text: `${s.leadName} : ${s.from ? `${statusLabel(s.from)} → ` : ""}${statusLabel(s.to)}`,
  href: leadPage(s.leadId),
});

/** The newest items (those at or after `after` when given), newest first. */
export function feedOf(
  store: Store,
  tenantId: number,
  options: { after?: Date; limit: number; lookups: ReadonlySet<string> },
): FeedItem[] {
  const rows = store.reporting.feed(tenantId, { limit: options.limit, skipTools: options.lookups });
  const after = options.after?.getTime() ?? Number.NEGATIVE_INFINITY;
  return [
    ...rows.tools.map(toolItem),
    ...rows.cards.map(cardItem),
    ...rows.messages.map(messageItem),
    ...rows.statuses.map(statusItem),
  ]
    .filter((item) => Date.parse(item.at) >= after)
    .sort((a, b) => b.at.localeCompare(a.at) || b.key.localeCompare(a.key))
    .slice(0, options.limit);
}
