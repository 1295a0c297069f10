// Builds safe FTS5 queries. What a person types becomes quoted prefix terms (so FTS syntax in user
// text is inert), all words must match, and what looks like a phone number is also searched as digits. Filters become
// the tenant-scoped facet tokens that the lead_search_doc view writes (see drizzle/0001).

import { normalizePhone } from "./lead-input.js";

const PHONE = /^\+?[\d\s.()-]{4,}$/;

function phoneQuery(text: string): string | null {
  if (!PHONE.test(text)) return null;
  const compact = normalizePhone(text);
  let digits = compact.replace(/\D/g, "");
  // Short digit runs like "2024" are years or quote numbers, unless they start like a phone number.
  if (digits.length < 6 && !/^[+0]/.test(compact)) return null;
  if (compact.startsWith("+33")) digits = `0${digits.slice(2)}`;
  return `phone : "${digits}"*`;
}

/** Null when the text holds no letter or digit to search for. */
export function toFtsQuery(text: string): string | null {
  const trimmed = text.normalize("NFC").trim();
  const terms = trimmed
    .split(/\s+/)
    .map((t) => t.replaceAll('"', ""))
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (terms.length === 0) return null;
  const words = terms.map((t) => (t.length > 1 ? `"${t}"*` : `"${t}"`)).join(" ");
  // Digits may be a phone number typed any way, or a quote number or SIRET in the notes: both.
  const phone = phoneQuery(trimmed);
  return phone ? `(${phone}) OR (${words})` : words;
}

const hex = (value: string) => Buffer.from(value, "utf8").toString("hex");

export interface FacetFilter {
  status?: readonly string[];
  tag?: readonly string[];
  heat?: string;
  ownerId?: number;
}

/**
 * The facet part of a query (statuses OR-ed, tags AND-ed), or null without filters. Facet tokens carry
 * the tenant, so they never match another tenant's leads; the tenant itself is checked on the lead
 * row, because a token every lead of a big tenant carries would make each query walk all of them.
 */
export function facetQuery(tenantId: number, f: FacetFilter): string | null {
  const terms: string[] = [];
  if (f.status?.length) terms.push(`(${f.status.map((s) => `"s${tenantId}x${hex(s)}"`).join(" OR ")})`);
  for (const tag of f.tag ?? []) terms.push(`"g${tenantId}x${hex(tag)}"`);
  if (f.heat) terms.push(`"h${tenantId}x${hex(f.heat)}"`);
  if (f.ownerId) terms.push(`"o${tenantId}x${f.ownerId}"`);
  return terms.length ? `facets : (${terms.join(" AND ")})` : null;
}
