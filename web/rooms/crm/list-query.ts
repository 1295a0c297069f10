// The list's filters as the page edits them (strings from the controls), as the API's query
// parameters (field.<name>=value for the vertical's fields), as a saved view's query and as the
// page's address (`#/crm?status=gagne&inactiveDays=5`, the same names as the API: a Reporting figure
// opens its list, and a filtered list can be shared). Kept in memory across room switches: back on
// the CRM, the list is as it was left.
import { queryString } from "../../api";
import type { Order, Sort, ViewQuery } from "./list-types";

export interface Filters {
  text: string;
  status: string[];
  tags: string;
  heat: string;
  inactiveDays: string;
  ownerId: string;
  fields: Record<string, string>;
  /** A campaign's recipients (its id) who had one event (sent, opened, clicked, bounced). */
  campaign: string;
  campaignEvent: string;
  sort?: Sort;
  order?: Order;
}

export const NO_FILTERS: Filters = {
  text: "",
  status: [],
  tags: "",
  heat: "",
  inactiveDays: "",
  ownerId: "",
  fields: {},
  campaign: "",
  campaignEvent: "",
};

export const PAGE_SIZE = 50;

/** What the list showed last, for when the user comes back to it. */
export const remembered: { filters: Filters; offset: number; view: string | number | null } = {
  filters: NO_FILTERS,
  offset: 0,
  view: null,
};

/** « vip, salon » -> ["vip", "salon"]. */
export const tagList = (tags: string) =>
  tags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

const wholeNumber = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined);

/** The filters as query parameters (without the page): arrays repeat their key. */
export function filterParams(f: Filters): Record<string, unknown> {
  const params: Record<string, unknown> = {
    text: f.text.trim() || undefined,
    status: f.status,
    tag: tagList(f.tags),
    heat: f.heat || undefined,
    inactiveDays: wholeNumber(f.inactiveDays),
    ownerId: f.ownerId || undefined,
    campaign: wholeNumber(f.campaign),
    campaignEvent: f.campaign && f.campaignEvent ? f.campaignEvent : undefined,
  };
  for (const [name, value] of Object.entries(f.fields)) if (value) params[`field.${name}`] = value;
  return params;
}

/** The parameters of a page of the list: the filters, the sort, the page. */
export function listParams(f: Filters, offset: number): Record<string, unknown> {
  return { ...filterParams(f), sort: f.sort, order: f.order, limit: PAGE_SIZE, offset };
}

export function toViewQuery(f: Filters): ViewQuery {
  const fields = Object.fromEntries(Object.entries(f.fields).filter(([, v]) => v));
  const inactiveDays = wholeNumber(f.inactiveDays);
  const tag = tagList(f.tags);
  return {
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.status.length ? { status: f.status } : {}),
    ...(tag.length ? { tag } : {}),
    ...(f.heat ? { heat: f.heat } : {}),
    ...(inactiveDays !== undefined ? { inactiveDays } : {}),
    ...(f.ownerId ? { ownerId: Number(f.ownerId) } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(f.sort ? { sort: f.sort } : {}),
    ...(f.order ? { order: f.order } : {}),
  };
}

export function fromViewQuery(q: ViewQuery): Filters {
  return {
    text: q.text ?? "",
    status: q.status ?? [],
    tags: (q.tag ?? []).join(", "),
    heat: q.heat ?? "",
    inactiveDays: q.inactiveDays === undefined ? "" : String(q.inactiveDays),
    ownerId: q.ownerId === undefined ? "" : String(q.ownerId),
    fields: Object.fromEntries(Object.entries(q.fields ?? {}).map(([k, v]) => [k, String(v)])),
    campaign: "",
    campaignEvent: "",
    sort: q.sort,
    order: q.order,
  };
}

/** Whether any filter narrows the list (the sort does not); a saved view keeps no campaign. */
export const filtered = (f: Filters) =>
  Object.keys(toViewQuery({ ...f, sort: undefined, order: undefined })).length > 0 || f.campaign !== "";

const SORTS: readonly Sort[] = [
  "relevance",
  "name",
  "company",
  "status",
  "tags",
  "heat",
  "score",
  "last_activity",
];
const FIELD = "field.";
const FILTER_KEYS = new Set([
  "text",
  "status",
  "tag",
  "heat",
  "inactiveDays",
  "ownerId",
  "campaign",
  "sort",
  "order",
]);

/** The filters an address's query names (« status=gagne&inactiveDays=5 »); null when it names none. */
export function filtersFromQuery(query: string): Filters | null {
  const p = new URLSearchParams(query);
  if (![...p.keys()].some((k) => FILTER_KEYS.has(k) || k.startsWith(FIELD))) return null;
  const sort = SORTS.find((s) => s === p.get("sort"));
  const order = p.get("order");
  return {
    text: p.get("text") ?? "",
    status: p.getAll("status"),
    tags: p.getAll("tag").join(", "),
    heat: p.get("heat") ?? "",
    inactiveDays: p.get("inactiveDays") ?? "",
    ownerId: p.get("ownerId") ?? "",
    fields: Object.fromEntries(
      [...p].filter(([k]) => k.startsWith(FIELD)).map(([k, v]) => [k.slice(FIELD.length), v]),
    ),
    campaign: p.get("campaign") ?? "",
    campaignEvent: p.get("campaignEvent") ?? "",
    sort,
    order: order === "asc" || order === "desc" ? order : undefined,
  };
}

/** The list's address for these filters and sort, to share or bookmark: « #/crm?status=gagne ». */
export const addressOf = (f: Filters) =>
  `#/crm${queryString({ ...filterParams(f), sort: f.sort, order: f.order })}`;
/** The sort a column starts with when clicked: A to Z for words, highest first for numbers and dates. */
export const firstOrder = (sort: Sort): Order =>
  sort === "name" || sort === "company" || sort === "status" || sort === "tags" ? "asc" : "desc";

const CAMPAIGN_EVENTS: Record<string, string> = {
  sent: "à qui elle est partie",
  opened: "qui l'ont ouverte",
  clicked: "qui ont cliqué",
  bounced: "dont l'adresse a rebondi",
};

/** « Destinataires de la campagne n°3 qui l'ont ouverte »; null without a campaign filter. */
export const campaignWords = (f: Filters): string | null =>
  f.campaign
    ? `Destinataires de la campagne n°${f.campaign} ${CAMPAIGN_EVENTS[f.campaignEvent] ?? CAMPAIGN_EVENTS.sent}`
    : null;
