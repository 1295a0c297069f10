// Lead search for a chat assistant: free text (FTS5) plus filters, sorted and paginated, always
// inside one tenant.
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { checkFieldValue, checkStatus, type Vertical } from "../domain/index.js";
import type { StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { toFtsQuery } from "./fts-query.js";
import { columnOf } from "./lead-fields.js";
import { HEATS, tagSchema } from "./lead-input.js";
import type { Lead } from "./leads.js";
import { parseInput } from "./validate.js";

const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const SORTS = ["relevance", "last_activity", "created", "name", "score"] as const;

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
  sort: z.enum(SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  offset: z.number().int().min(0).optional(),
});
export type LeadQuery = z.input<typeof leadQuerySchema>;

export interface LeadPage {
  total: number;
  limit: number;
  offset: number;
  leads: Lead[];
}

const SORT_SQL: Record<(typeof SORTS)[number], SQL> = {
  relevance: sql`m.rank`,
  last_activity: sql`coalesce(l.last_activity_at, 0)`,
  created: sql`l.created_at`,
  name: sql`(l.last_name || ' ' || l.first_name) collate nocase`,
  score: sql`coalesce(l.score, -1)`,
};

export function leadSearch(
  ctx: StoreContext,
  deps: { verticalOf: (tenantId: number) => Vertical; load: (tenantId: number, ids: number[]) => Lead[] },
) {
  const filters = (
    tenantId: number,
    vertical: Vertical,
    q: z.output<typeof leadQuerySchema>,
    hasText: boolean,
  ): SQL[] => {
    const where: SQL[] = [sql`l.tenant_id = ${tenantId}`];
    if (q.status?.length) {
      for (const s of q.status) {
        const check = checkStatus(vertical, s);
        if (!check.ok) throw new StoreError("INVALID_STATUS", check.message, { allowed: check.allowed });
      }
      where.push(
        sql`l.status in (${sql.join(
          q.status.map((s) => sql`${s}`),
          sql`, `,
        )})`,
      );
    }
    for (const tag of q.tag ?? []) {
      // With text, few leads match: probe each one's tags. Without, start from the tag's index.
      where.push(
        hasText
          ? sql`exists (select 1 from lead_tags t where t.lead_id = l.id and t.tag = ${tag})`
          : sql`l.id in (select t.lead_id from lead_tags t where t.tenant_id = ${tenantId} and t.tag = ${tag})`,
      );
    }
    if (q.heat) where.push(sql`l.heat = ${q.heat}`);
    if (q.ownerId) where.push(sql`l.owner_id = ${q.ownerId}`);
    if (q.inactiveDays !== undefined) {
      const cutoff = ctx.clock().getTime() - q.inactiveDays * 86_400_000;
      where.push(sql`coalesce(l.last_activity_at, l.created_at) < ${cutoff}`);
    }
    for (const [name, value] of Object.entries(q.fields ?? {})) {
      const check = checkFieldValue(vertical, name, value);
      if (!check.ok) throw new StoreError("INVALID_FIELD", check.message, { field: name });
      where.push(sql`l.${sql.identifier(columnOf(name)?.name ?? name)} = ${check.value}`);
    }
    for (const [name, value] of Object.entries(q.customFields ?? {})) {
      where.push(
        sql`json_extract(l.custom_fields, ${`$.${name}`}) = ${typeof value === "boolean" ? Number(value) : value}`,
      );
    }
    return where;
  };

  return function search(tenantId: number, query: LeadQuery = {}): LeadPage {
    const q = parseInput(leadQuerySchema, query);
    const vertical = deps.verticalOf(tenantId);
    const match = q.text ? toFtsQuery(q.text) : null;
    const where = filters(tenantId, vertical, q, match !== null);
    // CROSS JOIN makes SQLite read the text matches first and look each lead up by id, instead of
    // walking every lead of the tenant and probing the index for each.
    const from = match
      ? sql`(select rowid as id, bm25(leads_fts, 10.0, 6.0, 4.0, 4.0, 1.0) as rank from leads_fts
             where leads_fts match ${match}) m cross join leads l on l.id = m.id`
      : sql`leads l`;
    const condition = sql.join(where, sql` and `);

    const sort = q.sort ?? (match ? "relevance" : "last_activity");
    if (sort === "relevance" && !match) {
      throw new StoreError("INVALID_INPUT", "Le tri par pertinence demande un texte de recherche.");
    }
    const defaultOrder = sort === "name" || sort === "relevance" ? "asc" : "desc";
    const direction = sql.raw((q.order ?? defaultOrder) === "asc" ? "asc" : "desc");
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;

    // One pass gives the page and the total; only a page past the end needs a separate count.
    const rows = ctx.db.all<{ id: number; total: number }>(
      sql`select l.id as id, count(*) over () as total from ${from} where ${condition}
          order by ${SORT_SQL[sort]} ${direction}, l.id ${direction} limit ${limit} offset ${offset}`,
    );
    const total =
      rows[0]?.total ??
      (offset > 0
        ? ctx.db.get<{ n: number }>(sql`select count(*) as n from ${from} where ${condition}`).n
        : 0);
    return {
      total,
      limit,
      offset,
      leads: deps.load(
        tenantId,
        rows.map((r) => r.id),
      ),
    };
  };
}
