// E-mail campaigns of the Espace Créa: planned for a segment at a date, started when due (their
// recipients fixed then, in one transaction: who may receive it at that moment, each with a random
// tracking token and the Message-ID it will carry), sent recipient by recipient under a lease
// (campaign-sending.ts), then finished. Their figures and opens/clicks live in campaign-reports.ts and
// campaign-tracking.ts; this file assembles the repository.
import { and, desc, eq, inArray, lte } from "drizzle-orm";
import { unreachableReason } from "../domain/index.js";
import type { ActivityRepository } from "./activities.js";
import type { AuditRepository } from "./audit.js";
import { campaignMessageId, newTrackingToken } from "./campaign-ids.js";
import { campaignReports, type RecipientCounts } from "./campaign-reports.js";
import { campaignSending } from "./campaign-sending.js";
import { campaignTracking } from "./campaign-tracking.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import type { LeadQuery } from "./lead-search.js";
import type { Lead } from "./leads.js";
import { campaigns } from "./schema.js";

export const CAMPAIGN_STATUSES = ["scheduled", "sending", "sent", "cancelled", "failed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type Campaign = typeof campaigns.$inferSelect;

/** A campaign's segment: the lead search's filters, without paging or sort. */
export type CampaignSegment = Omit<LeadQuery, "sort" | "order" | "limit" | "offset">;

export interface NewCampaign {
  name: string;
  subject: string;
  /** Prepared (domain/email-html.ts): sanitised, CSS inlined, merge fields still in place. */
  bodyHtml: string;
  bodyText: string;
  links: string[];
  segment: CampaignSegment;
  scheduledAt: Date;
  /** Counted when it was planned: who would receive it then, and who is left out. */
  recipients: number;
  excluded: number;
  /** The ledger debit that paid for it: its amount is the campaign's cost, refunded if it fails whole. */
  debitId?: number | null;
  draftMessageId?: number | null;
  template?: string | null;
  createdBy?: number | null;
}

export interface Audience {
  /** Leads the segment matches. */
  matched: number;
  /** Those reachable by e-mail: an address, an opt-in, no opt-out. */
  recipients: number;
  /** matched − recipients: without e-mail, without opt-in or opted out. */
  excluded: number;
}

/** The most campaigns a list returns: a tenant plans a few a month. */
const LIST_LIMIT = 200;

interface CampaignDeps {
  audit: AuditRepository;
  activities: ActivityRepository;
  /** Every lead id a query matches, a page at a time (store/lead-search.ts leadIdPages). */
  pages: (tenantId: number, query: LeadQuery, pageSize?: number) => Iterable<number[]>;
  load: (tenantId: number, ids: number[]) => Lead[];
}

/** Leads read per page while a segment is walked. */
const AUDIENCE_PAGE = 1_000;

export function campaignRepository(ctx: StoreContext, deps: CampaignDeps) {
  const { db, clock } = ctx;
  const { audit } = deps;
  const reports = campaignReports(ctx);

  const get = (tenantId: number, id: number): Campaign | undefined =>
    db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, id)))
      .get();

  /** The segment walked whole (search pages are capped): its size and who in it may receive e-mail. */
  function walk(tenantId: number, segment: CampaignSegment, keep?: (lead: Lead) => void): Audience {
    let matched = 0;
    let recipients = 0;
    for (const ids of deps.pages(tenantId, segment, AUDIENCE_PAGE)) {
      matched += ids.length;
      for (const lead of deps.load(tenantId, ids)) {
        if (unreachableReason(lead, "email")) continue;
        recipients += 1;
        keep?.(lead);
      }
    }
    return { matched, recipients, excluded: matched - recipients };
  }

  const insertRecipient = ctx.sqlite.prepare(
    `insert into campaign_recipients (tenant_id, campaign_id, lead_id, email, token, provider_id, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  /** Moves a campaign on by compare-and-set from the statuses given; undefined when it was elsewhere. */
  function transition(
    scope: Scope,
    id: number,
    from: readonly CampaignStatus[],
    change: Partial<Campaign> & { status: CampaignStatus },
  ): Campaign | undefined {
    return inTransaction(ctx, () => {
      const after = db
        .update(campaigns)
        .set({ ...change, updatedAt: clock() })
        .where(
          and(
            eq(campaigns.tenantId, scope.tenantId),
            eq(campaigns.id, id),
            inArray(campaigns.status, [...from]),
          ),
        )
        .returning()
        .get();
      if (after) {
        audit.record(scope, {
          action: `campaign.${change.status}`,
          entity: "campaign",
          entityId: id,
          after: { status: after.status, recipients: after.recipients, error: after.error },
        });
      }
      return after;
    });
  }

  return {
    get,

    /** The tenant's campaigns, newest first, with where their recipients stand. */
    list(tenantId: number): Array<Campaign & { counts: RecipientCounts }> {
      const rows = db
        .select()
        .from(campaigns)
        .where(eq(campaigns.tenantId, tenantId))
        .orderBy(desc(campaigns.id))
        .limit(LIST_LIMIT)
        .all();
      const counts = reports.countsOf(
        tenantId,
        rows.map((c) => c.id),
      );
      return rows.map((c) => ({ ...c, counts: counts.get(c.id) ?? reports.emptyCounts() }));
    },

    audience(tenantId: number, segment: CampaignSegment): Audience {
      return walk(tenantId, segment);
    },

    create(scope: Scope, input: NewCampaign): Campaign {
      return inTransaction(ctx, () => {
        const now = clock();
        const cost =
          input.debitId == null
            ? 0
            : ((
                ctx.sqlite
                  .prepare(
                    "select -amount as cost from token_ledger where tenant_id = ? and id = ? and kind = 'debit'",
                  )
                  .get(scope.tenantId, input.debitId) as { cost: number } | undefined
              )?.cost ?? 0);
        const campaign = db
          .insert(campaigns)
          .values({
            tenantId: scope.tenantId,
            draftMessageId: input.draftMessageId ?? null,
            template: input.template ?? null,
            name: input.name,
            subject: input.subject,
            bodyHtml: input.bodyHtml,
            bodyText: input.bodyText,
            links: input.links,
            segment: input.segment as Record<string, unknown>,
            status: "scheduled",
            scheduledAt: input.scheduledAt,
            recipients: input.recipients,
            excluded: input.excluded,
            cost,
            debitId: cost > 0 ? (input.debitId ?? null) : null,
            createdBy: input.createdBy ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
        audit.record(scope, {
          action: "campaign.create",
          entity: "campaign",
          entityId: campaign.id,
          after: {
            name: campaign.name,
            scheduledAt: campaign.scheduledAt,
            recipients: campaign.recipients,
            cost,
          },
        });
        return campaign;
      });
    },

    /** Only a campaign that has not started may be cancelled; undefined otherwise. */
    cancel(scope: Scope, id: number): Campaign | undefined {
      return transition(scope, id, ["scheduled"], { status: "cancelled", finishedAt: clock() });
    },

    /** Campaigns whose time has come, across tenants (the sender's loop), oldest first; each carries its tenant. */
    due(limit = 20): Campaign[] {
      return db
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.status, "scheduled"), lte(campaigns.scheduledAt, clock())))
        .orderBy(campaigns.scheduledAt)
        .limit(limit)
        .all();
    },

    /**
     * Starts a due campaign: who may receive it now (an address, an opt-in, no opt-out) become its
     * recipients, queued, in one transaction with its move to `sending`; each gets a tracking token
     * and the Message-ID its mail will carry (at `domain`). Undefined when it had already started or
     * was cancelled meanwhile.
     */
    start(scope: Scope, id: number, domain: string): Campaign | undefined {
      const campaign = get(scope.tenantId, id);
      if (campaign?.status !== "scheduled") return undefined;
      // The segment is read before the write lock is taken: the recipients are checked again when sent.
      const chosen: Array<{ id: number; email: string }> = [];
      const audience = walk(scope.tenantId, campaign.segment, (lead) =>
        chosen.push({ id: lead.id, email: lead.email as string }),
      );
      return inTransaction(ctx, () => {
        const now = clock();
        const started = transition(scope, id, ["scheduled"], {
          status: "sending",
          startedAt: now,
          recipients: audience.recipients,
          excluded: audience.excluded,
        });
        if (!started) return undefined;
        const at = now.getTime();
        for (const lead of chosen) {
          insertRecipient.run(
            scope.tenantId,
            id,
            lead.id,
            lead.email,
            newTrackingToken(),
            campaignMessageId(id, domain),
            at,
            at,
          );
        }
        return started;
      });
    },

    /**
     * Ends a campaign that is sending once none of its recipients is left to send: `sent` when some
     * mail went out, else `failed`; `error` says what went wrong (partly or whole). Undefined while
     * some are left, or when it had ended already.
     */
    finishIfDone(scope: Scope, id: number): { campaign: Campaign; counts: RecipientCounts } | undefined {
      return inTransaction(ctx, () => {
        const counts = reports.perCampaign(scope.tenantId, id);
        if (counts.queued + counts.sending > 0) return undefined;
        const campaign = transition(scope, id, ["sending"], {
          status: counts.sent > 0 ? "sent" : "failed",
          finishedAt: clock(),
          error: reports.problemsOf(counts),
        });
        return campaign ? { campaign, counts } : undefined;
      });
    },

    /** A campaign that cannot be sent at all (no mailbox when due, nobody left to send to). */
    fail(scope: Scope, id: number, reason: string): Campaign | undefined {
      return transition(scope, id, ["scheduled", "sending"], {
        status: "failed",
        finishedAt: clock(),
        error: reason.slice(0, 500),
      });
    },

    ...campaignSending(ctx),
    ...campaignTracking(ctx, deps.activities),
    stats: reports.stats,
    perCampaign: reports.perCampaign,
    recipients: reports.recipients,
  };
}

export type CampaignRepository = ReturnType<typeof campaignRepository>;
export type { RecipientCounts } from "./campaign-reports.js";
