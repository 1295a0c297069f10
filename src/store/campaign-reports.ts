// What campaigns did, read from their recipients: the counts of one campaign (or of a page of them),
// the tenant's figures over a period for Reporting, and the list of a campaign's recipients with
// where each stands. "Sent" means the mail server accepted the mail (a later bounce report does not
// unsend it); a click counts as an open (the pixel is often blocked).
import type { StoreContext } from "./context.js";

export const RECIPIENT_STATUSES = ["queued", "sending", "sent", "failed", "bounced", "skipped"] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export interface RecipientCounts {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  bounced: number;
  skipped: number;
  /** Recipients who opened (or clicked), and who clicked. */
  opened: number;
  clicked: number;
  /** Every hit of the pixel and of the links. */
  opens: number;
  clicks: number;
}

export interface CampaignStats {
  created: number;
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  failed: number;
  /** Waiting to be sent now, whatever the period. */
  queued: number;
}

export interface RecipientRow {
  id: number;
  leadId: number;
  name: string;
  email: string;
  status: RecipientStatus;
  error: string | null;
  attempts: number;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  opens: number;
  clicks: number;
}

const COUNTS = `count(*) as total,
  coalesce(sum(status = 'queued'), 0) as queued,
  coalesce(sum(status = 'sending'), 0) as sending,
  coalesce(sum(sent_at is not null), 0) as sent,
  coalesce(sum(status = 'failed'), 0) as failed,
  coalesce(sum(status = 'bounced'), 0) as bounced,
  coalesce(sum(status = 'skipped'), 0) as skipped,
  coalesce(sum(opened_at is not null), 0) as opened,
  coalesce(sum(clicked_at is not null), 0) as clicked,
  coalesce(sum(opens), 0) as opens,
  coalesce(sum(clicks), 0) as clicks`;

const emptyCounts = (): RecipientCounts => ({
  total: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  bounced: 0,
  skipped: 0,
  opened: 0,
  clicked: 0,
  opens: 0,
  clicks: 0,
});

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** What went wrong with a finished campaign's recipients, in French; null when nothing did. */
function problemsOf(c: RecipientCounts): string | null {
  if (c.total === 0)
    return "Plus aucun destinataire joignable au moment de l'envoi (sans e-mail, sans opt-in ou désinscrits).";
  const parts = [
    c.failed ? plural(c.failed, "en échec", "en échec") : "",
    c.bounced ? plural(c.bounced, "rebond (adresse refusée)", "rebonds (adresses refusées)") : "",
    c.skipped
      ? plural(
          c.skipped,
          "ignoré (désinscrit ou sans accord au moment de l'envoi)",
          "ignorés (désinscrits ou sans accord au moment de l'envoi)",
        )
      : "",
  ].filter(Boolean);
  if (parts.length === 0) return null;
  const of = `sur ${plural(c.total, "destinataire", "destinataires")}`;
  return c.sent > 0
    ? `Envoi partiel : ${plural(c.sent, "e-mail parti", "e-mails partis")}, ${parts.join(", ")} ${of}.`
    : `Aucun e-mail n'est parti : ${parts.join(", ")} ${of}.`;
}

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

/** How many recipients a page of a campaign's list shows at most. */
const MAX_PAGE = 500;

export function campaignReports(ctx: StoreContext) {
  const { sqlite } = ctx;
  const oneCampaign = sqlite.prepare(
    `select ${COUNTS} from campaign_recipients where tenant_id = ? and campaign_id = ?`,
  );
  const someCampaigns = sqlite.prepare(
    `select campaign_id as id, ${COUNTS} from campaign_recipients
     where tenant_id = ? and campaign_id in (select value from json_each(?)) group by campaign_id`,
  );
  const periodStats = sqlite.prepare(
    `select
       (select count(*) from campaigns where tenant_id = $tenantId and created_at >= $from and created_at < $to) as created,
       coalesce(sum(sent_at >= $from and sent_at < $to), 0) as sent,
       coalesce(sum(opened_at >= $from and opened_at < $to), 0) as opened,
       coalesce(sum(clicked_at >= $from and clicked_at < $to), 0) as clicked,
       coalesce(sum(status = 'bounced' and updated_at >= $from and updated_at < $to), 0) as bounced,
       coalesce(sum(status = 'failed' and updated_at >= $from and updated_at < $to), 0) as failed,
       coalesce(sum(status in ('queued', 'sending')), 0) as queued
     from campaign_recipients where tenant_id = $tenantId`,
  );

  return {
    emptyCounts,
    problemsOf,

    perCampaign(tenantId: number, campaignId: number): RecipientCounts {
      return oneCampaign.get(tenantId, campaignId) as RecipientCounts;
    },

    /** The counts of several campaigns at once (a list), by campaign id. */
    countsOf(tenantId: number, ids: readonly number[]): Map<number, RecipientCounts> {
      const rows = someCampaigns.all(tenantId, JSON.stringify(ids)) as Array<
        RecipientCounts & { id: number }
      >;
      return new Map(rows.map(({ id, ...counts }) => [id, counts]));
    },

    /** The tenant's campaign figures over [from, to): planned, sent, opened, clicked, bounced, failed. */
    stats(tenantId: number, { from, to }: { from: Date; to: Date }): CampaignStats {
      return periodStats.get({ tenantId, from: from.getTime(), to: to.getTime() }) as CampaignStats;
    },

    /** A page of a campaign's recipients (all, or those in one status), by lead name. */
    recipients(
      tenantId: number,
      campaignId: number,
      { status, limit = 50, offset = 0 }: { status?: RecipientStatus; limit?: number; offset?: number } = {},
    ): { total: number; recipients: RecipientRow[] } {
      const where = `r.tenant_id = ? and r.campaign_id = ?${status ? " and r.status = ?" : ""}`;
      const params: unknown[] = status ? [tenantId, campaignId, status] : [tenantId, campaignId];
      const total = (
        sqlite.prepare(`select count(*) as n from campaign_recipients r where ${where}`).get(...params) as {
          n: number;
        }
      ).n;
      const rows = sqlite
        .prepare(
          `select r.id, r.lead_id as leadId, l.first_name as firstName, l.last_name as lastName,
             l.company, r.email, r.status, r.error, r.attempts, r.sent_at as sentAt,
             r.opened_at as openedAt, r.clicked_at as clickedAt, r.opens, r.clicks
           from campaign_recipients r join leads l on l.id = r.lead_id
           where ${where} order by l.last_name collate nocase, l.first_name collate nocase, r.id
           limit ? offset ?`,
        )
        .all(...params, Math.min(Math.max(1, limit), MAX_PAGE), Math.max(0, offset)) as Array<
        Omit<RecipientRow, "name" | "sentAt" | "openedAt" | "clickedAt"> & {
          firstName: string;
          lastName: string;
          company: string | null;
          sentAt: number | null;
          openedAt: number | null;
          clickedAt: number | null;
        }
      >;
      return {
        total,
        recipients: rows.map(({ firstName, lastName, company, sentAt, openedAt, clickedAt, ...r }) => ({
          ...r,
          name: `${firstName} ${lastName}`.trim() || company || r.email,
          sentAt: at(sentAt),
          openedAt: at(openedAt),
          clickedAt: at(clickedAt),
        })),
      };
    },
  };
}
