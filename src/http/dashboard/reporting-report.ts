// The Reporting room's figures for a period and the one before, from the store's read model
// (store.reporting, store.campaigns.stats): the tiles in four groups, the pipeline's funnel and the
// replies per channel, each figure with the CRM list it opens when the list can show exactly those
// leads. The definitions, which the page repeats in its captions:
// - leads: total now (and when the period began: no lead is ever deleted), created in the period,
//   active = in an open status now, won and lost = moved to a won (lost) status in the period;
// - messages: those to leads created in the period, by where they stand now (sent or delivered,
//   queued, failed); « à relancer » is the chat's (open, no news for FOLLOW_UP_AFTER_DAYS), now;
// - campaigns: store.campaigns.stats (planned, sent, opened, clicked in the period);
// - AI actions: M.A.X.'s tool calls through the gate, lookups left out (tools priced as a read:
//   search, budget, list of enrollments…) — executed = audited `tool.<name>`, failed =
//   `tool.<name>.failed` (an action whose delivery failed after it ran counts in both), pending =
//   cards waiting for a decision now;
// - funnel: the pipeline's statuses in order, lost ones left out; a stage counts the leads whose
//   status now is that stage or a later one, and the drop-off is the share of a stage's leads that
//   went no further;
// - replies: messages in from leads per channel, bounces and automatic replies left out.
import { FOLLOW_UP_AFTER_DAYS } from "../../agent/nlu/vocabulary.js";
import { channelLabel, openStatuses, pipelineFor, statusLabel, type Vertical } from "../../domain/index.js";
import type { Store } from "../../store/index.js";
import { LOST_STATUSES, type Pair, type ReportFigures, WON_STATUSES } from "../../store/reporting.js";
import { crmList } from "./reporting-links.js";
import { type ReportDays, reportPeriods } from "./reporting-periods.js";

export interface Tile {
  id: string;
  label: string;
  value: number;
  /** The same figure for the previous period; null for a figure of now (no history kept). */
  previous: number | null;
  /** The CRM list of these leads, when the list can show it, and what it lists in words. */
  link: Link | null;
}

export interface Link {
  href: string;
  /** « leads au statut Gagné »: the link's words, since a period's figure may be a part of it. */
  list: string;
}

/** Channels shown even without replies: those a lead answers on. */
const REPLY_CHANNELS = ["email", "whatsapp", "sms"];

const sum = (pairs: readonly (Pair | undefined)[]): Pair => ({
  current: pairs.reduce((n, p) => n + (p?.current ?? 0), 0),
  previous: pairs.reduce((n, p) => n + (p?.previous ?? 0), 0),
});

const tile = (id: string, label: string, value: Pair | number, link: Link | null = null): Tile =>
  typeof value === "number"
    ? { id, label, value, previous: null, link }
    : { id, label, value: value.current, previous: value.previous, link };

/** « leads au statut Gagné », « leads aux statuts Perdu ou Abandon ». */
export const statusList = (statuses: readonly string[]) =>
  statuses.length === 1
    ? `leads au statut ${statusLabel(statuses[0] as string)}`
    : `leads aux statuts ${statuses.map(statusLabel).join(" ou ")}`;

export const statusLink = (statuses: readonly string[]): Link => ({
  href: crmList({ status: statuses }),
  list: statusList(statuses),
});

function leadTiles(f: ReportFigures, vertical: Vertical): Tile[] {
  const pipeline = pipelineFor(vertical);
  const open = openStatuses(vertical);
  const won = pipeline.filter((s) => WON_STATUSES.includes(s));
  const lost = pipeline.filter((s) => LOST_STATUSES.includes(s));
  const count = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (f.statusCounts[s] ?? 0), 0);
  const total = Object.values(f.statusCounts).reduce((n, c) => n + c, 0);
  return [
    tile(
      "total",
      "Leads au total",
      { current: total, previous: f.totalAtSplit },
      { href: crmList({}), list: "tous les leads" },
    ),
    tile("new", "Nouveaux leads", f.created),
    tile("active", "Leads actifs", count(open), { href: crmList({ status: open }), list: "leads actifs" }),
    tile("won", "Gagnés", sum(won.map((s) => f.reached[s])), statusLink(won)),
    tile("lost", "Perdus", sum(lost.map((s) => f.reached[s])), statusLink(lost)),
  ];
}

function messageTiles(f: ReportFigures, vertical: Vertical): Tile[] {
  const out = (statuses: string[]) => sum(statuses.map((s) => f.messagesOut[s]));
  return [
    tile("sent", "Envoyés", out(["sent", "delivered"])),
    tile("queued", "En file d'envoi", out(["queued", "sending", "scheduled"])),
    tile("failed", "En échec", out(["failed"])),
    tile("followUp", "À relancer", f.followUp, {
      href: crmList({ status: openStatuses(vertical), inactiveDays: FOLLOW_UP_AFTER_DAYS }),
      list: "leads à relancer",
    }),
  ];
}

function aiTiles(f: ReportFigures, lookups: ReadonlySet<string>): Tile[] {
  const actions = Object.entries(f.tools).filter(([tool]) => !lookups.has(tool));
  return [
    tile("executed", "Exécutées", sum(actions.map(([, t]) => t.executed))),
    tile("failed", "En échec", sum(actions.map(([, t]) => t.failed))),
    tile("pending", "En attente de confirmation", f.pendingCards, {
      href: "#/espace",
      list: "cartes en attente, dans l'Espace M.A.X.",
    }),
  ];
}

function funnel(f: ReportFigures, vertical: Vertical) {
  const stages = pipelineFor(vertical).filter((s) => !LOST_STATUSES.includes(s));
  const reached = stages.map((_, i) => stages.slice(i).reduce((n, s) => n + (f.statusCounts[s] ?? 0), 0));
  const lost = pipelineFor(vertical).filter((s) => LOST_STATUSES.includes(s));
  return {
    stages: stages.map((status, i) => {
      const here = reached[i] ?? 0;
      const next = reached[i + 1];
      return {
        status,
        label: statusLabel(status),
        reached: here,
        here: f.statusCounts[status] ?? 0,
        dropOff: next === undefined || here === 0 ? null : (here - next) / here,
        link: {
          href: crmList({ status: stages.slice(i) }),
          list: `leads à l'étape ${statusLabel(status)} ou au-delà`,
        },
        hereLink: statusLink([status]),
      };
    }),
    lost: {
      count: lost.reduce((n, s) => n + (f.statusCounts[s] ?? 0), 0),
      link: statusLink(lost),
    },
  };
}

function replies(f: ReportFigures) {
  const channels = [...new Set([...REPLY_CHANNELS, ...Object.keys(f.replies)])];
  return {
    total: sum(Object.values(f.replies)),
    channels: channels.map((channel) => ({
      channel,
      label: channelLabel(channel),
      current: f.replies[channel]?.current ?? 0,
      previous: f.replies[channel]?.previous ?? 0,
    })),
  };
}

/** The report of one tenant for the last `days` days and the days before. */
export function reportOf(store: Store, tenantId: number, days: ReportDays, lookups: ReadonlySet<string>) {
  const tenant = store.tenants.require(tenantId);
  const vertical = tenant.vertical as Vertical;
  const periods = reportPeriods(days, store.clock(), tenant.timezone);
  const { window } = periods;
  const f = store.reporting.figures(tenantId, window, {
    open: openStatuses(vertical),
    followUpDays: FOLLOW_UP_AFTER_DAYS,
    // Only the trade that quotes shows its quotes' indicators (reporting-kpis.ts).
    quotes: vertical === "logistique",
  });
  // stats counts [from, to): the current period runs up to now included. Until a campaign changes,
  // nothing moves in them (a send, an open, a click each change their recipient).
  const { current, previous } = store.reporting.untilCampaignsChange(
    tenantId,
    `stats:${window.from}:${window.split}`,
    () => ({
      current: store.campaigns.stats(tenantId, { from: new Date(window.split), to: new Date(window.to + 1) }),
      previous: store.campaigns.stats(tenantId, { from: new Date(window.from), to: new Date(window.split) }),
    }),
  );
  const campaign = (key: "created" | "sent" | "opened" | "clicked") => ({
    current: current[key],
    previous: previous[key],
  });
  return {
    figures: f,
    vertical,
    window,
    body: {
      days,
      period: periods.current,
      previous: periods.previous,
      followUpDays: FOLLOW_UP_AFTER_DAYS,
      groups: [
        { id: "leads", title: "Leads", tiles: leadTiles(f, vertical) },
        { id: "messages", title: "Messages aux leads", tiles: messageTiles(f, vertical) },
        {
          id: "campaigns",
          title: "Campagnes e-mail",
          tiles: [
            tile("created", "Planifiées", campaign("created")),
            tile("sent", "E-mails envoyés", campaign("sent")),
            tile("opened", "Ouverts", campaign("opened")),
            tile("clicked", "Cliqués", campaign("clicked")),
          ],
        },
        { id: "ai", title: "Actions IA", tiles: aiTiles(f, lookups) },
      ],
      funnel: funnel(f, vertical),
      replies: replies(f),
    },
  };
}
