// Lead search for a chat assistant: free text (FTS5) plus filters, sorted and paginated, always
// inside one tenant.
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { checkFieldValue, checkStatus, pipelineFor, statusCode, type Vertical } from "../domain/index.js";
import type { StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { facetQuery, toFtsQuery } from "./fts-query.js";
import { columnOf } from "./lead-fields.js";
import { HEATS, tagSchema } from "./lead-input.js";
import type { Lead } from "./leads.js";
import { parseInput } from "./validate.js";

const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const SORTS = [
  "relevance",
  "last_activity",
  "created",
  "name",
  "score",
  // The dashboard's list columns.
  "company",
  "status",
  "tags",
  "heat",
] as const;

/** Sorts that read A to Z (or first step to last) unless told otherwise; the others go highest first. */
const ASCENDING: ReadonlySet<string> = new Set(["name", "company", "status", "tags"]);

/** What a campaign's recipient did, for the CRM's list of a campaign's leads (Reporting links to it). */
export const CAMPAIGN_EVENTS = ["sent", "opened", "clicked", "bounced"] as const;
export type CampaignEvent = (typeof CAMPAIGN_EVENTS)[number];

export const leadQuerySchema = z.object({
  text: z.string().max(200).optional(),
  status: oneOrMany(z.string()).optional(),
  tag: oneOrMany(tagSchema).optional(),
  heat: z.enum(HEATS).optional(),
  ownerId: z.number().int().positive().optional(),
  inactiveDays: z.number().int().min(0).max(3650).optional(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  customFields: z
    .record(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), z.union([z.string(), z.number(), z.boolean()]))
    .optional(),
  campaign: z.strictObject({ id: z.number().int().positive(), event: z.enum(CAMPAIGN_EVENTS) }).optional(),
  sort: z.enum(SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  offset: z.number().int().min(0).optional(),
});
export type LeadQuery = z.input<typeof leadQuerySchema>;

export interface LeadPage {
  /**
   * Exact up to TOTAL_CAP (LIST_TOTAL_CAP with `exactTotal`); past it, `totalExact` is false and
   * `total` is the cap.
   */
  total: number;
  totalExact: boolean;
  limit: number;
  offset: number;
  leads: Lead[];
}

/** Chat needs "plus de 1 000 leads", not the exact figure: counting stops here. */
export const TOTAL_CAP = 1000;

/**
 * The dashboard's list counts further. Filters alone (status, tag, heat, owner) are counted exactly
 * from an index whatever their number; text and row conditions (inactivity, fields) cost a row read
 * per match, so their count stops here.
 */
export const LIST_TOTAL_CAP = 10_000;

export interface SearchOptions {
  /**
   * The dashboard's list shows « 12 345 leads »: count every match (up to LIST_TOTAL_CAP for text
   * and row conditions) rather than stopping at TOTAL_CAP. Chat leaves it off.
   */
  exactTotal?: boolean;
}

const SORT_SQL: Record<Exclude<(typeof SORTS)[number], "relevance" | "status">, SQL> = {
  last_activity: sql`l.last_activity_at`,
  created: sql`l.created_at`,
  name: sql`(l.last_name || ' ' || l.first_name) collate nocase`,
  score: sql`coalesce(l.score, -1)`,
  // Leads without a company, or without a tag, come last whichever the direction.
  company: sql`coalesce(l.company, '') = '', l.company collate nocase`,
  tags: sql`not exists (select 1 from lead_tags t where t.lead_id = l.id),
    (select min(t.tag) from lead_tags t where t.lead_id = l.id)`,
  heat: sql`case l.heat when 'chaud' then 3 when 'tiede' then 2 when 'froid' then 1 else 0 end`,
};

/** The sorts whose key an index holds in order, for the whole tenant's list. */
const SORT_INDEXES: Partial<Record<(typeof SORTS)[number], string>> = {
  score: "leads_tenant_score",
  name: "leads_tenant_name",
  company: "leads_tenant_company",
};

/** Statuses in the order of the tenant's pipeline, not of their codes. */
const pipelineOrder = (vertical: Vertical): SQL =>
  sql`case l.status ${sql.join(
    pipelineFor(vertical).map((status, i) => sql`when ${status} then ${i}`),
    sql` `,
  )} else 99 end`;

type ParsedQuery = z.output<typeof leadQuerySchema>;

function checkFilters(vertical: Vertical, customFields: readonly string[], q: ParsedQuery): void {
  for (const s of q.status ?? []) {
    const check = checkStatus(vertical, s);
    if (!check.ok) throw new StoreError("INVALID_STATUS", check.message, { allowed: check.allowed });
  }
  for (const [name, value] of Object.entries(q.fields ?? {})) {
    const check = checkFieldValue(vertical, name, value);
    if (!check.ok) throw new StoreError("INVALID_FIELD", check.message, { field: name });
  }
  for (const name of Object.keys(q.customFields ?? {})) {
    if (!customFields.includes(name)) {
      const known = customFields.join(", ") || "aucun";
      throw new StoreError(
        "INVALID_FIELD",
        `Champ personnalisé « ${name} » inconnu. Champs définis : ${known}.`,
      );
    }
  }
}

// Sent means accepted by the mail server (a later bounce report does not unsend it); a click counts
// as an open too (the pixel is often blocked).
const EVENT_SQL: Record<CampaignEvent, SQL> = {
  sent: sql`r.sent_at is not null`,
  opened: sql`r.opened_at is not null`,
  clicked: sql`r.clicked_at is not null`,
  bounced: sql`r.status = 'bounced'`,
};

/** The campaign's recipients drive the lookup (an IN on the lead's rowid), not the tenant's whole list. */
const campaignFilter = (tenantId: number, campaignId: number, event: CampaignEvent): SQL =>
  sql`l.id in (select r.lead_id from campaign_recipients r
    where r.tenant_id = ${tenantId} and r.campaign_id = ${campaignId} and ${EVENT_SQL[event]})`;

/** Conditions the text index cannot answer, checked on the lead row (and the tenant, always). */
function rowFilters(tenantId: number, q: ParsedQuery, now: number): SQL[] {
  const where: SQL[] = [sql`l.tenant_id = ${tenantId}`];
  if (q.inactiveDays !== undefined) {
    where.push(sql`coalesce(l.last_activity_at, l.created_at) < ${now - q.inactiveDays * 86_400_000}`);
  }
  for (const [name, value] of Object.entries(q.fields ?? {})) {
    const column = columnOf(name);
    // checkFilters has refused unknown fields and bad values already.
    if (column) where.push(sql`l.${sql.identifier(column.name)} = ${value}`);
  }
  for (const [name, value] of Object.entries(q.customFields ?? {})) {
    where.push(
      sql`json_extract(l.custom_fields, ${`$.${name}`}) = ${typeof value === "boolean" ? Number(value) : value}`,
    );
  }
  if (q.campaign) where.push(campaignFilter(tenantId, q.campaign.id, q.campaign.event));
  return where;
}

/** Without text, the filters are plain columns and the tags table. */
function columnFilters(tenantId: number, q: ParsedQuery): SQL[] {
  const where: SQL[] = [];
  if (q.status?.length)
    where.push(
      sql`l.status in (${sql.join(
        q.status.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  for (const tag of q.tag ?? []) {
    where.push(
      sql`exists (select 1 from lead_tags t where t.lead_id = l.id and t.tenant_id = ${tenantId} and t.tag = ${tag})`,
    );
  }
  if (q.heat) where.push(sql`l.heat = ${q.heat}`);
  if (q.ownerId) where.push(sql`l.owner_id = ${q.ownerId}`);
  return where;
}

const matching = (match: string) =>
  sql`(select rowid as id from leads_fts where leads_fts match ${match}) m cross join leads l on l.id = m.id`;

/** Text never matches the facet tokens, only what a person can read. */
const inContent = (words: string) => `{name company email phone notes} : (${words})`;
const withFacets = (match: string, facets: string | null) => (facets ? `(${match}) AND ${facets}` : match);

/**
 * Below this many text matches, checking the filters on each matching lead row is cheaper than
 * intersecting with the filters' (possibly huge) token lists in the index; above it, the reverse.
 */
const FACETS_IN_INDEX_ABOVE = 500;

/**
 * Relevance for a CRM: leads whose name matches first, then those matching elsewhere (company,
 * email, phone, notes); newest leads first within each tier. Each tier reads the index in rowid
 * order and stops once the page is full, so a broad word costs no more than a precise one.
 */
function relevancePage(words: string, facets: string | null, where: SQL, limit: number, offset: number): SQL {
  const need = limit + offset;
  // The second tier is every content match, name matches included: reading twice the page and
  // keeping each lead's best tier is cheaper for the index than excluding names with NOT.
  const tier = (rank: number, match: string, take: number) =>
    sql`select * from (select l.id as id, ${rank} as tier
        from leads_fts cross join leads l on l.id = leads_fts.rowid
        where leads_fts match ${withFacets(match, facets)} and ${where}
        order by leads_fts.rowid desc limit ${take})`;
  return sql`select id, min(tier) as tier from (
      ${tier(0, `{name} : (${words})`, need)} union all ${tier(1, inContent(words), 2 * need)})
    group by id order by tier, id desc limit ${limit} offset ${offset}`;
}

interface SearchDeps {
  verticalOf: (tenantId: number) => Vertical;
  customFieldNames: (tenantId: number) => string[];
}

/** The query checked and in codes (a status given by its label becomes its code), and its text index terms. */
function readQuery(deps: SearchDeps, tenantId: number, query: LeadQuery) {
  const parsed = parseInput(leadQuerySchema, query);
  const vertical = deps.verticalOf(tenantId);
  // A status may be given by its label (« Devis envoyé »): the query works on codes.
  const q = parsed.status
    ? { ...parsed, status: parsed.status.map((s) => statusCode(vertical, s) ?? s) }
    : parsed;
  checkFilters(vertical, q.customFields ? deps.customFieldNames(tenantId) : [], q);
  const words = q.text ? toFtsQuery(q.text) : null;
  // Text with nothing searchable ("?", "--", an emoji) finds nothing rather than everything.
  return { q, words, nothing: Boolean(q.text?.trim() && !words) };
}

/** Leads read per page of an export. */
export const EXPORT_PAGE = 500;
/**
 * Ids per page when text is searched: a text index query costs about the same whatever the page (a
 * prefix merges every word it starts, ~50 ms for a word all 100,000 leads hold), so fewer, larger pages.
 */
export const TEXT_ID_PAGE = 5_000;

/**
 * Every lead the query matches, newest first (by id), a page of ids at a time (`pageSize`, or
 * TEXT_ID_PAGE with text): an export of the whole list, whose pages follow from the last id rather
 * than an offset, so the 200th page costs what the first does. The list's sort is not followed. The
 * query is checked when called, before the first page is read.
 */
export function leadIdPages(ctx: StoreContext, deps: SearchDeps) {
  const { db } = ctx;
  return function pages(tenantId: number, query: LeadQuery = {}, pageSize = EXPORT_PAGE): Iterable<number[]> {
    const { q, words, nothing } = readQuery(deps, tenantId, query);
    const where = [...rowFilters(tenantId, q, ctx.clock().getTime()), ...columnFilters(tenantId, q)];
    // With text, the index is read from the last id down (FTS5 seeks a rowid range in its order).
    const size = words ? Math.max(pageSize, TEXT_ID_PAGE) : pageSize;
    const page = (before: number) =>
      words
        ? sql`select l.id as id from leads_fts cross join leads l on l.id = leads_fts.rowid
            where leads_fts match ${inContent(words)} and leads_fts.rowid < ${before} and ${sql.join(where, sql` and `)}
            order by leads_fts.rowid desc limit ${size}`
        : sql`select l.id as id from leads l where ${sql.join(where, sql` and `)} and l.id < ${before}
            order by l.id desc limit ${size}`;
    return {
      *[Symbol.iterator]() {
        if (nothing) return;
        let before = Number.MAX_SAFE_INTEGER;
        for (;;) {
          const ids = db.all<{ id: number }>(page(before)).map((r) => r.id);
          if (ids.length > 0) yield ids;
          if (ids.length < size) return;
          before = ids[ids.length - 1] as number;
        }
      },
    };
  };
}

export function leadSearch(
  ctx: StoreContext,
  deps: SearchDeps & { load: (tenantId: number, ids: number[]) => Lead[] },
) {
  // Raw `sql` through drizzle: the connection reuses the compiled statement of each shape.
  const { db } = ctx;
  const countUpTo = (from: SQL, where: SQL, cap: number): number =>
    (Number.isFinite(cap)
      ? db.get<{ n: number } | undefined>(
          sql`select count(*) as n from (select 1 from ${from} where ${where} limit ${cap + 1})`,
        )
      : db.get<{ n: number } | undefined>(sql`select count(*) as n from ${from} where ${where}`)
    )?.n ?? 0;

  const isBroad = (words: string) =>
    countUpTo(sql`leads_fts`, sql`leads_fts match ${inContent(words)}`, FACETS_IN_INDEX_ABOVE) >
    FACETS_IN_INDEX_ABOVE;

  return function search(tenantId: number, query: LeadQuery = {}, options: SearchOptions = {}): LeadPage {
    const { q, words, nothing } = readQuery(deps, tenantId, query);
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;
    if (nothing) return { total: 0, totalExact: true, limit, offset, leads: [] };
    const sort = q.sort ?? (words ? "relevance" : "last_activity");
    if (sort === "relevance" && !words) {
      throw new StoreError("INVALID_INPUT", "Le tri par pertinence demande un texte de recherche.");
    }
    const rowWhere = rowFilters(tenantId, q, ctx.clock().getTime());
    // Only the tenant is checked on the lead row: the index alone can count (facet tokens belong to
    // the tenant).
    const facetsOnly = rowWhere.length === 1;
    const facets = facetQuery(tenantId, q);
    let indexFacets = facets && (words ? isBroad(words) : Boolean(q.tag?.length)) ? facets : null;
    let countIn =
      indexFacets && facetsOnly ? (words ? withFacets(inContent(words), indexFacets) : indexFacets) : null;
    let cap = TOTAL_CAP;
    if (options.exactTotal) {
      // The list's total. Filters alone are counted by an index at any size (the facet tokens, or
      // the tenant's own index without any); text and row conditions cost a row read per match.
      if (!words && facetsOnly) countIn = facets;
      cap = countIn || (!words && facetsOnly) ? Number.POSITIVE_INFINITY : LIST_TOTAL_CAP;
    }
    let counted = countIn ? countUpTo(sql`leads_fts`, sql`leads_fts match ${countIn}`, cap) : undefined;
    // Without text, tags have no index that reads leads in activity order: their facet tokens do
    // the filtering, and only the matching leads are sorted. When more than TOTAL_CAP leads carry
    // them, reading the leads in activity order and checking their tags fills a page sooner.
    if (!words && indexFacets && sort === "last_activity" && (counted ?? 0) > TOTAL_CAP) indexFacets = null;
    const textMatch = words ? withFacets(inContent(words), indexFacets) : indexFacets;
    const from = textMatch ? matching(textMatch) : sql`leads l`;
    const where = sql.join(indexFacets ? rowWhere : [...rowWhere, ...columnFilters(tenantId, q)], sql` and `);

    // Sorted on what no index holds (name, score…), or filtered on fields no index holds, over the
    // whole list: the tenant's rows are read one after another (in id order) and the matches sorted;
    // walking the activity index instead, each row would be a jump (8× slower when most are read).
    const wholeList =
      !textMatch && !q.status?.length && !q.tag?.length && !q.heat && !q.ownerId && !q.campaign;
    const unindexed = Boolean(Object.keys({ ...q.fields, ...q.customFields }).length);
    const inIdOrder = sql`leads l indexed by leads_tenant_id_id`;

    let page: SQL;
    if (sort === "relevance" && words) page = relevancePage(words, indexFacets, where, limit, offset);
    else {
      const direction = sql.raw(
        (q.order ?? (ASCENDING.has(sort) ? "asc" : "desc")) === "asc" ? "asc" : "desc",
      );
      const key =
        sort === "status"
          ? pipelineOrder(deps.verticalOf(tenantId))
          : SORT_SQL[sort as keyof typeof SORT_SQL];
      // Name, company and score have an index of their own (drizzle/0010): the page is read in order.
      const sortIndex = SORT_INDEXES[sort];
      const pageFrom =
        wholeList && sortIndex && !unindexed
          ? sql`leads l indexed by ${sql.identifier(sortIndex)}`
          : wholeList && (sort !== "last_activity" || unindexed)
            ? inIdOrder
            : // Without fresh statistics the planner may read the tenant's rows by a sort index.
              wholeList
              ? sql`leads l indexed by leads_tenant_activity`
              : from;
      page = sql`select l.id as id from ${pageFrom} where ${where} order by ${key} ${direction}, l.id ${direction}
        limit ${limit} offset ${offset}`;
    }
    const ids = db.all<{ id: number }>(page).map((r) => r.id);
    // A page that is not full is the last one: it tells the total without counting again.
    if (counted === undefined && ids.length < limit && (ids.length > 0 || offset === 0))
      counted = offset + ids.length;
    // Row conditions alone (inactivity, fields) are counted on the rows in id order too.
    counted ??= countUpTo(wholeList && rowWhere.length > 1 ? inIdOrder : from, where, cap);
    return {
      total: Math.min(counted, cap),
      totalExact: counted <= cap,
      limit,
      offset,
      leads: deps.load(tenantId, ids),
    };
  };
}
