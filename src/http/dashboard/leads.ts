// The CRM list's routes: the leads of a query (search, filters, sort, page, exact total), the ids of a
// whole filtered list for a bulk action, its CSV export, and the saved views (built in, the user's).
// Filters come as query parameters: text, status and tag (repeatable), heat, inactiveDays, ownerId,
// field.<name>=value for the vertical's fields. Bulk actions themselves go through POST /api/actions
// (one tool call on the list of ids: one card, one debit).
import { z } from "zod";
import { BadRequest, bodyOf, queryOf, signedIn } from "../../../channels/web/handler.js";
import { MAX_BULK_ANALYSES, MAX_BULK_LEADS } from "../../../tools/lead-target.js";
import { FOLLOW_UP_AFTER_DAYS } from "../../agent/nlu/vocabulary.js";
import {
  fieldsFor,
  foldedWords,
  heatLabel,
  initialStatus,
  openStatuses,
  pipelineFor,
  statusLabel,
  type Vertical,
} from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import { SCENARIOS } from "../../scenarios/definitions.js";
import { MAX_SEGMENT_ENROLLMENTS } from "../../scenarios/enroll.js";
import type { Lead, LeadQuery } from "../../store/index.js";
import { HEATS } from "../../store/lead-input.js";
import { CAMPAIGN_EVENTS } from "../../store/lead-search.js";
import type { DashboardDeps } from "./context.js";

/** The list's columns that sort, as the page names them. */
export const LIST_SORTS = [
  "relevance",
  "name",
  "company",
  "status",
  "tags",
  "heat",
  "score",
  "last_activity",
] as const;

const many = (what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(
          z
            .string()
            .min(1, { error: `${what} vide` })
            .max(60, { error: `${what} trop long` }),
        )
        .max(20, {
          error: `20 ${what}s au plus`,
        }),
    )
    .optional();

/** A whole number of a query parameter, between bounds, refused in French. */
export const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: "un nombre entier est attendu" })
    .int({ error: "un nombre entier est attendu" })
    .min(min, { error: `au moins ${min}` })
    .max(max, { error: `au plus ${max}` });

/** The filters of the list, as query parameters (all strings) or as a saved view's JSON. */
const filterShape = {
  text: z.string().max(200, { error: "le texte recherché fait au plus 200 caractères" }).optional(),
  status: many("statut"),
  tag: many("tag"),
  heat: z.enum(HEATS, { error: "chaleur attendue : chaud, tiede ou froid" }).optional(),
  inactiveDays: whole(0, 3650).optional(),
  ownerId: whole(1, Number.MAX_SAFE_INTEGER).optional(),
  sort: z.enum(LIST_SORTS, { error: `tri attendu : ${LIST_SORTS.join(", ")}` }).optional(),
  order: z.enum(["asc", "desc"], { error: "ordre attendu : asc ou desc" }).optional(),
};

const FIELD = "field.";

/**
 * Query parameters: the filters, a campaign's recipients by what they did (campaign=ID and
 * campaignEvent=sent|opened|clicked|bounced, sent if absent: a saved view keeps no campaign), the
 * page, and field.<name>=value for the vertical's fields.
 */
const listQuery = z
  .object({
    ...filterShape,
    campaign: whole(1, Number.MAX_SAFE_INTEGER).optional(),
    campaignEvent: z
      .enum(CAMPAIGN_EVENTS, { error: `campaignEvent attendu : ${CAMPAIGN_EVENTS.join(", ")}` })
      .optional(),
    limit: whole(1, 200).default(50),
    offset: whole(0, 10_000_000).default(0),
  })
  .catchall(z.union([z.string(), z.array(z.string())]));

/** A saved view's query: the same filters, the vertical's fields as an object. */
const viewQuery = z.strictObject({
  ...filterShape,
  fields: z.record(z.string().max(40), z.union([z.string().max(200), z.number()])).optional(),
});
export type ViewQuery = z.output<typeof viewQuery>;

const viewBody = z.object({
  name: z.string({ error: "le nom de la vue est attendu" }).max(80, { error: "80 caractères au plus" }),
  query: viewQuery.default({}),
});
const deleteBody = z.object({
  id: z.number({ error: "le numéro de la vue est attendu" }).int().positive(),
});

type ListQuery = z.output<typeof listQuery>;

/** A field's value as the search compares it: a number for a number field. */
function fieldValue(vertical: Vertical, name: string, value: string): string | number {
  const spec = fieldsFor(vertical).find((f) => f.name === name);
  return spec?.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
}

/** The parsed parameters as the store's query (the page left to the caller). */
function storeQuery(vertical: Vertical, q: ListQuery): LeadQuery {
  const { text, status, tag, heat, inactiveDays, ownerId, sort, order, limit: _l, offset: _o, ...others } = q;
  const { campaign, campaignEvent, ...rest } = others;
  if (campaignEvent && campaign === undefined) throw new BadRequest("campaignEvent demande campaign");
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (!key.startsWith(FIELD)) throw new BadRequest(`paramètre inconnu : ${key}`);
    if (Array.isArray(value)) throw new BadRequest(`${key} : une seule valeur`);
    if (value !== "") fields[key.slice(FIELD.length)] = fieldValue(vertical, key.slice(FIELD.length), value);
  }
  return {
    ...(text?.trim() ? { text } : {}),
    ...(status?.length ? { status } : {}),
    ...(tag?.length ? { tag } : {}),
    ...(heat ? { heat } : {}),
    ...(inactiveDays !== undefined ? { inactiveDays } : {}),
    ...(ownerId !== undefined ? { ownerId } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(campaign !== undefined ? { campaign: { id: campaign, event: campaignEvent ?? "sent" } } : {}),
    // Relevance needs words; without them the list falls back to the last activity.
    ...(sort && !(sort === "relevance" && !text?.trim()) ? { sort } : {}),
    ...(order ? { order } : {}),
  };
}

/** A lead as a row of the list: its status and heat in words, its owner by name. */
function rowOf(lead: Lead, owners: Map<number, string>) {
  return {
    id: lead.id,
    name: lead.name,
    company: lead.company,
    status: lead.status,
    statusLabel: statusLabel(lead.status),
    tags: lead.tags,
    heat: lead.heat,
    heatLabel: lead.heat ? heatLabel(lead.heat) : null,
    score: lead.score,
    lastActivityAt: lead.lastActivityAt?.toISOString() ?? null,
    ownerName: lead.ownerId === null ? null : (owners.get(lead.ownerId) ?? null),
  };
}
export type LeadRow = ReturnType<typeof rowOf>;

/**
 * The views every user has: « À relancer » is the chat's « à relancer » (no news for
 * FOLLOW_UP_AFTER_DAYS days, won and lost left out), « Chauds » the hot leads still in play,
 * « Nouveaux » the leads at the first step of the pipeline, not yet worked on.
 */
export function builtInViews(vertical: Vertical) {
  const open = openStatuses(vertical);
  return [
    { id: "a-relancer", name: "À relancer", query: { status: open, inactiveDays: FOLLOW_UP_AFTER_DAYS } },
    { id: "chauds", name: "Chauds", query: { status: open, heat: "chaud" as const } },
    { id: "nouveaux", name: "Nouveaux", query: { status: [initialStatus(vertical)] } },
  ].map((v) => ({ ...v, builtIn: true as const }));
}

/**
 * The follow-up scenarios a bulk « Inscrire dans un scénario » offers: those of the tenant's trade
 * (coach-…, b2b-…) and prospection, whose required status is in its pipeline; not the ones that
 * follow a date (a delivery), which is asked lead by lead.
 */
export function scenariosFor(vertical: Vertical) {
  const pipeline = new Set(pipelineFor(vertical));
  return Object.values(SCENARIOS)
    .filter((s) => {
      const family = s.id.split("-")[0] ?? "";
      return (
        s.anchor !== "date" &&
        (family === "prospection" || vertical.startsWith(family)) &&
        (s.requiresStatus ?? []).every((status) => pipeline.has(status))
      );
    })
    .map((s) => ({
      id: s.id,
      label: s.label,
      trigger: s.trigger,
      requiresStatus: (s.requiresStatus ?? []).map(statusLabel),
    }));
}

/** How many leads each bulk action takes in one call. */
export const BULK_LIMITS = {
  apply_tags: MAX_BULK_LEADS,
  update_status: MAX_BULK_LEADS,
  enroll_in_scenario: MAX_SEGMENT_ENROLLMENTS,
  analyze_lead: MAX_BULK_ANALYSES,
} as const;

const today = (date: Date) => date.toISOString().slice(0, 10);

/** The text with each word that is no name of the tenant replaced by its closest one; null if none. */
function correctedNames(store: DashboardDeps["store"], tenantId: number, text: string): string | null {
  const words = foldedWords(text).split(" ").filter(Boolean);
  let changed = false;
  const fixed = words.map((word) => {
    if (store.leads.names.has(tenantId, word)) return word;
    const near = store.leads.names
      .near(word, word.length > 5 ? 2 : 1)
      .find((w) => store.leads.names.has(tenantId, w));
    if (near) changed = true;
    return near ?? word;
  });
  return changed ? fixed.join(" ") : null;
}

export function leadListRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  const scopeOf = (me: { tenant: { id: number }; user: { id: number } }) => ({
    tenantId: me.tenant.id,
    actor: `user:${me.user.id}`,
  });
  return [
    {
      method: "GET",
      path: "/api/leads",
      handle: signedIn(store, (req, me) => {
        const q = queryOf(req, listQuery);
        const query = storeQuery(me.tenant.vertical, q);
        const search = (text: string | undefined) =>
          store.leads.search(
            me.tenant.id,
            { ...query, ...(text === undefined ? {} : { text }), limit: q.limit, offset: q.offset },
            { exactTotal: true },
          );
        let page = search(undefined);
        // Nothing found for a name typed with a slip (« muler »): the same search with the tenant's
        // closest name words, said so on the page.
        const corrected =
          page.total === 0 && query.text ? correctedNames(store, me.tenant.id, query.text) : null;
        if (corrected) page = search(corrected);
        const owners = new Map(store.users.list(me.tenant.id).map((u) => [u.id, u.name]));
        return json(200, {
          ...(corrected && page.total > 0 ? { correctedText: corrected } : {}),
          total: page.total,
          totalExact: page.totalExact,
          limit: page.limit,
          offset: page.offset,
          leads: page.leads.map((l) => rowOf(l, owners)),
        });
      }),
    },
    {
      // The whole filtered list, for « Sélectionner les N leads du filtre »: its ids, up to what the
      // largest bulk action may touch.
      method: "GET",
      path: "/api/leads/ids",
      handle: signedIn(store, (req, me) => {
        const query = storeQuery(me.tenant.vertical, queryOf(req, listQuery));
        const ids: number[] = [];
        for (const page of store.leads.idPages(me.tenant.id, query)) {
          ids.push(...page.slice(0, MAX_BULK_ANALYSES + 1 - ids.length));
          if (ids.length > MAX_BULK_ANALYSES) break;
        }
        return json(200, {
          ids: ids.slice(0, MAX_BULK_ANALYSES),
          complete: ids.length <= MAX_BULK_ANALYSES,
          max: MAX_BULK_ANALYSES,
        });
      }),
    },
    {
      // What the bulk bar offers: the scenarios of the trade, and how many leads each action takes.
      method: "GET",
      path: "/api/leads/bulk",
      handle: signedIn(store, (_req, me) =>
        json(200, { scenarios: scenariosFor(me.tenant.vertical), limits: BULK_LIMITS }),
      ),
    },
    {
      method: "GET",
      path: "/api/leads.csv",
      handle: signedIn(store, (req, me) => {
        const { sort: _s, order: _o, ...query } = storeQuery(me.tenant.vertical, queryOf(req, listQuery));
        // Checked before the first byte (a bad filter is a 400), then written as it is read.
        const lines = store.leadExport.csv(me.tenant.id, query)[Symbol.iterator]();
        const first = lines.next();
        return {
          status: 200,
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="leads-${today(store.clock())}.csv"`,
            "cache-control": "no-store",
          },
          stream: (sink) => {
            if (!first.done) sink.write(first.value);
            for (let line = lines.next(); !line.done; line = lines.next()) sink.write(line.value);
            sink.end();
          },
        };
      }),
    },
    {
      method: "GET",
      path: "/api/views",
      handle: signedIn(store, (_req, me) => {
        const own = store.savedViews.list(me.tenant.id, me.user.id).map((v) => ({
          id: v.id,
          name: v.name,
          query: v.query,
          builtIn: false as const,
        }));
        return json(200, { views: [...builtInViews(me.tenant.vertical), ...own] });
      }),
    },
    {
      method: "POST",
      path: "/api/views",
      handle: signedIn(store, (req, me) => {
        const { name, query } = bodyOf(req, viewBody);
        const view = store.savedViews.create(scopeOf(me), me.user.id, name, query);
        return json(201, { view: { id: view.id, name: view.name, query: view.query, builtIn: false } });
      }),
    },
    {
      method: "POST",
      path: "/api/views/delete",
      handle: signedIn(store, (req, me) => {
        const { id } = bodyOf(req, deleteBody);
        store.savedViews.remove(scopeOf(me), me.user.id, id);
        return json(200, { deleted: id });
      }),
    },
  ];
}
