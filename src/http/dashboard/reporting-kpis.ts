// The indicators of a trade, shown only to its tenants and only from data the store holds (the product
// document's KPIs):
// - logistique: « devis traités » = leads with a quote moved to won or lost in the period; « devis
//   envoyés » = leads moved to « Devis envoyé »; « taux de réponse » = the share of those quotes whose
//   lead has replied since (a message in, not a bounce nor an automatic reply); « délai moyen de
//   confirmation » = for the wins after a quote in the period, the mean time from the quote to the win;
// - e-commerce: per campaign that started sending in the period, its e-mails sent, opened, clicked
//   (store.campaigns' counts) and its conversions = recipients whose lead reached the won status after
//   the mail was sent; and the WhatsApp replies.
// A figure that cannot be computed (no quote, no campaign) is null, with a sentence saying why.
import { pipelineFor, statusLabel, type Vertical } from "../../domain/index.js";
import type { Store } from "../../store/index.js";
import {
  LOST_STATUSES,
  type Pair,
  type QuoteFigures,
  type ReportFigures,
  type ReportWindow,
  WON_STATUSES,
} from "../../store/reporting.js";
import { QUOTE_STATUS } from "../../store/reporting-history.js";
import { crmList } from "./reporting-links.js";
import { type Link, statusLink } from "./reporting-report.js";

/** Campaigns shown, newest first. */
const CAMPAIGNS_SHOWN = 10;
const DAY_MS = 86_400_000;

export interface Kpi {
  id: string;
  label: string;
  value: number | null;
  previous: number | null;
  unit: "count" | "percent" | "days";
  link: Link | null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const meanDays = (c: { n: number; ms: number }) => (c.n === 0 ? null : c.ms / c.n / DAY_MS);

const closing = (vertical: Vertical, statuses: readonly string[]) =>
  pipelineFor(vertical).filter((s) => statuses.includes(s));

function logistique(q: QuoteFigures) {
  const closed = closing("logistique", [...WON_STATUSES, ...LOST_STATUSES]);
  const items: Kpi[] = [
    {
      id: "quotesDecided",
      label: "Devis traités",
      value: q.decided.current,
      previous: q.decided.previous,
      unit: "count",
      link: statusLink(closed),
    },
    {
      id: "quotesSent",
      label: "Devis envoyés",
      value: q.sent.current,
      previous: q.sent.previous,
      unit: "count",
      link: statusLink([QUOTE_STATUS]),
    },
    {
      id: "replyRate",
      label: "Taux de réponse",
      value: ratio(q.replied.current, q.sent.current),
      previous: ratio(q.replied.previous, q.sent.previous),
      unit: "percent",
      link: null,
    },
    {
      id: "confirmDelay",
      label: "Délai moyen de confirmation",
      value: meanDays(q.confirmed.current),
      previous: meanDays(q.confirmed.previous),
      unit: "days",
      link: null,
    },
  ];
  const missing = [
    ...(q.sent.current === 0
      ? ["Aucun devis envoyé sur la période : pas de taux de réponse à calculer."]
      : []),
    ...(q.confirmed.current.n === 0
      ? ["Aucun devis confirmé sur la période : pas de délai moyen de confirmation à calculer."]
      : []),
  ];
  return { vertical: "logistique" as const, items, missing };
}

function ecommerce(store: Store, tenantId: number, w: ReportWindow, f: ReportFigures) {
  const won = closing("ecommerce", WON_STATUSES);
  // The list is kept until a campaign changes; conversions also move with the leads' statuses.
  const started = store.reporting.untilCampaignsChange(tenantId, `shop:${w.split}`, () =>
    store.campaigns
      .list(tenantId)
      .filter((c) => c.startedAt && c.startedAt.getTime() >= w.split && c.startedAt.getTime() <= w.to)
      .slice(0, CAMPAIGNS_SHOWN),
  );
  const conversions = store.reporting.conversions(
    tenantId,
    started.map((c) => c.id),
  );
  const event = (campaign: number, campaignEvent: "sent" | "opened" | "clicked", list: string): Link => ({
    href: crmList({ campaign, campaignEvent }),
    list,
  });
  const whatsapp: Pair = f.replies.whatsapp ?? { current: 0, previous: 0 };
  return {
    vertical: "ecommerce" as const,
    whatsappReplies: whatsapp,
    campaigns: started.map((c) => ({
      id: c.id,
      name: c.name,
      startedAt: c.startedAt?.toISOString() ?? null,
      sent: c.counts.sent,
      opened: c.counts.opened,
      clicked: c.counts.clicked,
      converted: conversions.get(c.id) ?? 0,
      openRate: ratio(c.counts.opened, c.counts.sent),
      clickRate: ratio(c.counts.clicked, c.counts.sent),
      links: {
        sent: event(c.id, "sent", "destinataires de la campagne"),
        opened: event(c.id, "opened", "destinataires qui l'ont ouverte"),
        clicked: event(c.id, "clicked", "destinataires qui ont cliqué"),
        // The list shows the recipients at the won status now, those who already were included.
        converted: {
          href: crmList({ status: won, campaign: c.id, campaignEvent: "sent" }),
          list: `destinataires au statut ${won.map(statusLabel).join(" ou ")}`,
        },
      },
    })),
    missing:
      started.length === 0
        ? ["Aucune campagne envoyée sur la période : pas d'ouvertures, de clics ni de conversions à montrer."]
        : [],
  };
}

/** The trade's indicators, or null for a trade without its own. */
export function kpisOf(
  store: Store,
  tenantId: number,
  vertical: Vertical,
  w: ReportWindow,
  f: ReportFigures,
) {
  if (vertical === "logistique" && f.quotes) return logistique(f.quotes);
  if (vertical === "ecommerce") return ecommerce(store, tenantId, w, f);
  return null;
}
