// Opens and clicks of a campaign's mails, through each recipient's tracking token (the token is the
// only proof: the URLs carry no tenant, and it resolves to its own tenant's recipient). A click only
// ever leads to one of the campaign's own links, by its index. Hits are written in batches (the HTTP
// side gathers them); the first open and the first click of a recipient are noted once on the
// lead's timeline, never one entry per hit.
import type { ActivityRepository } from "./activities.js";
import { TRACKING_TOKEN } from "./campaign-ids.js";
import { inTransaction, type StoreContext } from "./context.js";

export interface TrackingHit {
  token: string;
  kind: "open" | "click";
  at: Date;
  /** The link followed (a click). */
  url?: string;
}

interface HitRow {
  id: number;
  tenantId: number;
  leadId: number;
  campaignId: number;
  openedAt: number | null;
  clickedAt: number | null;
}

/** Campaigns whose links are kept in memory: the click redirect reads them on every request. */
const LINK_CACHE_SIZE = 1_000;

export function campaignTracking(ctx: StoreContext, activities: ActivityRepository) {
  const { sqlite } = ctx;
  const campaignOf = sqlite.prepare("select campaign_id as id from campaign_recipients where token = ?");
  const linksOf = sqlite.prepare("select links from campaigns where id = ?");
  const recipientOf = sqlite.prepare(
    `select id, tenant_id as tenantId, lead_id as leadId, campaign_id as campaignId,
       opened_at as openedAt, clicked_at as clickedAt
     from campaign_recipients where token = ?`,
  );
  const opened = sqlite.prepare(
    "update campaign_recipients set opens = opens + 1, opened_at = coalesce(opened_at, ?), updated_at = ? where id = ?",
  );
  const clicked = sqlite.prepare(
    `update campaign_recipients set clicks = clicks + 1, clicked_at = coalesce(clicked_at, ?),
       opened_at = coalesce(opened_at, ?), updated_at = ? where id = ?`,
  );
  const nameOf = sqlite.prepare("select name from campaigns where tenant_id = ? and id = ?");
  // A campaign's links never change once it is planned.
  const links = new Map<number, string[]>();

  function linksOfCampaign(campaignId: number): string[] {
    let cached = links.get(campaignId);
    if (!cached) {
      const row = linksOf.get(campaignId) as { links: string } | undefined;
      cached = row ? (JSON.parse(row.links) as string[]) : [];
      if (links.size >= LINK_CACHE_SIZE) links.clear();
      links.set(campaignId, cached);
    }
    return cached;
  }

  /** The timeline entry of a recipient's first open or first click. */
  function noteFirst(hit: TrackingHit, row: HitRow) {
    const name = (nameOf.get(row.tenantId, row.campaignId) as { name: string } | undefined)?.name ?? "";
    const event = hit.kind === "open" ? "opened" : "clicked";
    activities.add({ tenantId: row.tenantId, actor: `lead:${row.leadId}` }, row.leadId, {
      kind: "campaign",
      body:
        hit.kind === "open"
          ? `A ouvert l'e-mail de la campagne « ${name} ».`
          : `A cliqué sur un lien de la campagne « ${name} ».`,
      meta: { campaignId: row.campaignId, event, ...(hit.url ? { url: hit.url } : {}) },
      occurredAt: hit.at,
    });
  }

  return {
    /** Where link `index` of the token's campaign leads; undefined for an unknown token or index. */
    linkOf(token: string, index: number): string | undefined {
      if (!TRACKING_TOKEN.test(token) || !Number.isInteger(index) || index < 0) return undefined;
      const row = campaignOf.get(token) as { id: number } | undefined;
      return row ? linksOfCampaign(row.id)[index] : undefined;
    },

    /** Records a batch of hits in one transaction; unknown tokens are ignored. Returns how many counted. */
    recordHits(hits: readonly TrackingHit[]): number {
      if (hits.length === 0) return 0;
      return inTransaction(ctx, () => {
        let counted = 0;
        for (const hit of hits) {
          if (!TRACKING_TOKEN.test(hit.token)) continue;
          const row = recipientOf.get(hit.token) as HitRow | undefined;
          if (!row) continue;
          const at = hit.at.getTime();
          const now = ctx.clock().getTime();
          if (hit.kind === "open") opened.run(at, now, row.id);
          else clicked.run(at, at, now, row.id);
          const first = hit.kind === "open" ? row.openedAt === null : row.clickedAt === null;
          // A click without an open before it is one event on the timeline: the click.
          if (first) noteFirst(hit, row);
          counted += 1;
        }
        return counted;
      });
    },
  };
}
