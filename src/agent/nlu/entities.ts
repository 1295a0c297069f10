// Everything but the lead a message names, read against the tenant's own vocabulary: its pipeline's
// statuses and their synonyms, heats, its tags, durations, channels, templates, modes, trades,
// sequences, numbers and the text of a note or a message. Pure: the tenant's tags come in as a check.
import { PIPELINES, statusLabel, statusPhrases, type Vertical } from "../../domain/index.js";
import { durationOf } from "./durations.js";
import { FUNCTION_WORDS } from "./function-words.js";
import { findPhrase, findPhraseWithSlips, phraseMap, type Token, tokenize } from "./tokens.js";
import {
  CHANNEL_WORDS,
  HEAT_WORDS,
  INCLUDE_CLOSED_WORDS,
  MODE_WORDS,
  SEQUENCE_WORDS,
  TEMPLATE_WORDS,
  TRADE_WORDS,
} from "./vocabulary.js";

export interface Entities {
  status?: string;
  heat?: string;
  tags: string[];
  inactiveDays?: number;
  includeClosed?: boolean;
  channel?: "email" | "whatsapp";
  template?: string;
  mode?: string;
  trade?: string;
  /** A sequence id, or the slug of an n8n workflow. */
  scenario?: string;
  numbers: number[];
  /** The words of a note or of a message to send (after « : », or quoted). */
  message?: string;
  tokens: Token[];
  /** Tokens no entity took: where a lead's name or a search text is. */
  free: number[];
}

export interface EntityContext {
  vertical: Vertical;
  now: Date;
  timezone: string;
  /** Whether the tenant has a lead with this tag. */
  isTag(tag: string): boolean;
  /** Whether the word is in the name of one of the tenant's leads. */
  isName(word: string): boolean;
  /** Whether the tenant runs n8n workflows: « scénario relance-devis » may then name one. */
  hasN8n: boolean;
}

/** Which vocabularies to read, by intent: a template name is no sequence, a trade no company. */
export interface EntityKinds {
  template?: boolean;
  scenario?: boolean;
  trade?: boolean;
}

const HEATS = phraseMap(Object.entries(HEAT_WORDS));
const CHANNELS = phraseMap(Object.entries(CHANNEL_WORDS));
const MODES = phraseMap(Object.entries(MODE_WORDS));
const TRADES = phraseMap(Object.entries(TRADE_WORDS));
const TEMPLATES = phraseMap(Object.entries(TEMPLATE_WORDS));
const SEQUENCES = phraseMap([
  ...Object.entries(SEQUENCE_WORDS),
  ...Object.values(SEQUENCE_WORDS).map((id) => [id, id] as const),
]);
const INCLUDE_CLOSED = phraseMap(INCLUDE_CLOSED_WORDS.map((w) => [w, true] as const));
// Another pipeline's status by its code or label: passed on, so the gate says which ones this tenant has.
const FOREIGN_STATUSES = phraseMap(
  Object.values(PIPELINES).flatMap((codes) =>
    codes.flatMap((c) => [[c, c] as const, [statusLabel(c), c] as const]),
  ),
);
const STATUSES = new Map<Vertical, Map<string, string>>();
const statusesOf = (vertical: Vertical) => {
  let map = STATUSES.get(vertical);
  if (!map) {
    map = phraseMap(statusPhrases(vertical));
    STATUSES.set(vertical, map);
  }
  return map;
};

/** Words that introduce tags: what follows them, up to a preposition, is a tag. */
const TAG_MARKERS = new Set([
  "tag",
  "tags",
  "etiquette",
  "etiquettes",
  "label",
  "labels",
  "tague",
  "tagues",
  "taguee",
  "taguees",
  "tagge",
  "taggue",
  "tagged",
  "tagger",
  "taguer",
]);
const TAG_STOPS = new Set([
  "a",
  "au",
  "aux",
  "sur",
  "de",
  "du",
  "des",
  "pour",
  "to",
  "on",
  "from",
  "for",
  "chez",
  "dans",
  "avec",
  "with",
]);
const LIST_JOINERS = new Set(["et", "and", "puis", "plus"]);

/** The text of a note or message: after the first colon, else between quotes. */
function messageSpan(text: string): { start: number; text: string } | undefined {
  const quoted = text.match(/[«"“]\s*([^»"”]{2,})\s*[»"”]/);
  const colon = text.indexOf(":");
  if (colon >= 0 && (!quoted || (quoted.index ?? 0) > colon)) {
    const body = text.slice(colon + 1).trim();
    if (body) return { start: colon, text: body };
  }
  if (quoted?.[1]) return { start: quoted.index ?? 0, text: quoted[1].trim() };
  return undefined;
}

const TAG_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u;

export function extractEntities(text: string, ctx: EntityContext, kinds: EntityKinds = {}): Entities {
  const tokens = tokenize(text);
  const used = new Set<number>();
  const take = <V>(phrases: ReadonlyMap<string, V>, slips = false): V | undefined => {
    const found = (slips ? findPhraseWithSlips : findPhrase)(tokens, used, phrases);
    if (!found) return undefined;
    for (const i of found.indexes) used.add(i);
    return found.value;
  };
  const entities: Entities = { tags: [], numbers: [], tokens, free: [] };

  const message = messageSpan(text);
  if (message) {
    entities.message = message.text;
    tokens.forEach((t, i) => {
      if (t.start > message.start) used.add(i);
    });
  }
  const duration = durationOf(text, tokens, ctx.now, ctx.timezone);
  if (duration) {
    entities.inactiveDays = duration.days;
    for (const i of duration.indexes) used.add(i);
  }
  if (kinds.scenario) entities.scenario = n8nSlug(tokens, used, ctx.hasN8n) ?? take(SEQUENCES, true);
  if (kinds.template) entities.template = take(TEMPLATES, true);
  if (kinds.trade) entities.trade = take(TRADES, true);
  entities.includeClosed = take(INCLUDE_CLOSED);
  entities.status = take(statusesOf(ctx.vertical), true) ?? take(FOREIGN_STATUSES);
  entities.heat = take(HEATS);
  entities.channel = take(CHANNELS);
  entities.mode = take(MODES);
  entities.tags = tagsOf(tokens, used, ctx);
  tokens.forEach((t, i) => {
    if (used.has(i)) return;
    if (/^\d+$/.test(t.key)) {
      entities.numbers.push(Number(t.key));
      used.add(i);
    } else entities.free.push(i);
  });
  return entities;
}

/**
 * « n8n relance-devis », « workflow onboarding-client »: a slug that names an n8n workflow; after
 * « scénario » too when the tenant runs n8n (else « scénario no-show » is the sequence).
 */
function n8nSlug(tokens: readonly Token[], used: Set<number>, hasN8n: boolean): string | undefined {
  const markers = hasN8n ? ["n8n", "workflow", "scenario"] : ["n8n", "workflow"];
  const marker = tokens.findIndex((t) => markers.includes(t.key));
  if (marker < 0) return undefined;
  for (let i = marker + 1; i < Math.min(tokens.length, marker + 3); i++) {
    const raw = tokens[i]?.raw ?? "";
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/i.test(raw) && !used.has(i)) {
      used.add(i);
      return raw.toLowerCase();
    }
  }
  return undefined;
}

function tagsOf(tokens: readonly Token[], used: Set<number>, ctx: EntityContext): string[] {
  const tags: string[] = [];
  const add = (i: number) => {
    const raw = tokens[i]?.raw ?? "";
    if (!TAG_SHAPE.test(raw)) return;
    used.add(i);
    if (!tags.includes(raw.toLowerCase())) tags.push(raw.toLowerCase());
  };
  // After a marker: « les tags vip et urgent à Dupont », « tagués salon-paris ».
  tokens.forEach((t, i) => {
    if (!TAG_MARKERS.has(t.key) || used.has(i)) return;
    used.add(i);
    for (let j = i + 1; j < tokens.length && !used.has(j); j++) {
      const key = tokens[j]?.key ?? "";
      if (TAG_STOPS.has(key)) break;
      // « … vip et urgent stp »: politeness is no tag.
      if (FUNCTION_WORDS.has(key)) continue;
      if (LIST_JOINERS.has(key) || key === "le" || key === "les" || key === "the") {
        used.add(j);
        continue;
      }
      // « tague Karim salon-paris »: a lead's name is left for the caller to resolve.
      if (!ctx.isTag(tokens[j]?.raw.toLowerCase() ?? "") && ctx.isName(key)) continue;
      add(j);
    }
  });
  // Anywhere: a word that is already one of the tenant's tags.
  tokens.forEach((t, i) => {
    if (!used.has(i) && t.raw.length > 1 && ctx.isTag(t.raw.toLowerCase())) add(i);
  });
  return tags;
}
