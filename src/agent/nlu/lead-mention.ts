// The lead a message names, found through the search index: full name, first or last name alone,
// any case, without accents, one typo. Several matches are a question, none a list of the closest.
import { foldedWords } from "../../domain/index.js";
import type { Lead } from "../../store/index.js";
import { FUNCTION_WORDS } from "./function-words.js";
import type { TenantWords } from "./tenant-words.js";
import type { Token } from "./tokens.js";

export type LeadMention =
  | { kind: "found"; lead: Lead; indexes: number[] }
  | { kind: "ambiguous"; mention: string; leads: Lead[]; total: number; indexes: number[] }
  | { kind: "missing"; mention: string; closest: Lead[]; indexes: number[] }
  | { kind: "none" };

const SHOWN = 5;

export interface MentionContext {
  words: TenantWords;
  /** Whether the classifier was trained on this word: a command word, unless it is a name here. */
  knows(word: string): boolean;
}

/** The words of the free tokens that may be part of a name. */
function candidates(tokens: readonly Token[], free: readonly number[]) {
  return free.flatMap((i) => {
    const t = tokens[i];
    if (!t || FUNCTION_WORDS.has(t.key) || t.key.length < 2 || /^\d+$/.test(t.key)) return [];
    return [{ i, t, words: t.key.split(" ") }];
  });
}

export function findLeadMention(
  ctx: MentionContext,
  tokens: readonly Token[],
  free: readonly number[],
): LeadMention {
  const names = ctx.words;
  const words = candidates(tokens, free);
  const exact = words.filter((w) => w.words.every((word) => names.isName(word)));
  // One typo: an unknown word one edit from a name of this tenant (two edits for long words).
  const fixed = words.flatMap((w) => {
    if (exact.includes(w) || w.words.length > 1 || ctx.knows(w.t.key) || w.t.key.length < 3) return [];
    const name = names.near(w.t.key, w.t.key.length >= 7 ? 2 : 1).find((n) => names.isName(n));
    return name ? [{ ...w, words: [name] }] : [];
  });
  const named = [...exact, ...fixed].sort((a, b) => a.i - b.i);
  // A word that looks like a name (capitalised, or unknown to the classifier) but is none here.
  type Word = (typeof words)[number];
  /** Nobody is called what was typed: the closest leads to the words that do exist. */
  const missing = (typed: readonly Word[], existing: readonly Word[]): LeadMention => ({
    kind: "missing",
    mention: typed.map((w) => w.t.raw).join(" "),
    closest: closest(
      ctx,
      existing.flatMap((w) => w.words),
    ),
    indexes: typed.map((w) => w.i),
  });
  const looksLikeName = (w: Word) => (w.i > 0 && /^\p{Lu}/u.test(w.t.raw)) || !ctx.knows(w.t.key);
  if (named.length === 0) {
    const unknown = words.filter(looksLikeName);
    return unknown.length === 0 ? { kind: "none" } : missing(unknown, unknown);
  }
  // « Paul Marton-Dufresne »: a capitalised word next to a name, that no lead has, is part of the
  // name typed; acting on « Paul » alone could touch the wrong lead.
  const strays = words.filter(
    (w) =>
      !named.some((n) => n.i === w.i) &&
      w.i > 0 &&
      /^\p{Lu}/u.test(w.t.raw) &&
      named.some((n) => Math.abs(n.i - w.i) === 1),
  );
  if (strays.length > 0)
    return missing(
      [...named, ...strays].sort((a, b) => a.i - b.i),
      named,
    );
  // « le petit Dupont »: a vocabulary word that happens to be a name goes first when nobody has both.
  const ordered = [...named].sort((a, b) => Number(ctx.knows(b.t.key)) - Number(ctx.knows(a.t.key)));
  while (ordered.length > 0) {
    const found = names.find(
      ordered.flatMap((w) => w.words),
      SHOWN + 1,
    );
    const mention = ordered.map((w) => w.t.raw).join(" ");
    const indexes = ordered.map((w) => w.i);
    if (found.total === 1 && found.leads[0]) return { kind: "found", lead: found.leads[0], indexes };
    if (found.total > 1) {
      const typed = ordered
        .flatMap((w) => w.words)
        .sort()
        .join(" ");
      const exact = found.leads.filter((l) => nameWords(l).sort().join(" ") === typed);
      if (exact.length === 1 && exact[0]) return { kind: "found", lead: exact[0], indexes };
      return { kind: "ambiguous", mention, leads: found.leads.slice(0, SHOWN), total: found.total, indexes };
    }
    if (ordered.length === 1 || !ctx.knows(ordered[0]?.t.key ?? "")) {
      return missing(ordered, ordered);
    }
    ordered.shift();
  }
  return { kind: "none" };
}

const nameWords = (lead: Lead) => foldedWords(lead.name).split(" ");

/** Leads whose name has one of the words, or a word two edits from one. */
function closest(ctx: MentionContext, words: readonly string[]): Lead[] {
  const seen = new Map<number, Lead>();
  for (const word of words) {
    // The closest few words only: each is a lookup.
    const near = [word, ...ctx.words.near(word, 2).slice(0, SHOWN)];
    for (const n of near) {
      for (const lead of ctx.words.find([n], SHOWN).leads) seen.set(lead.id, lead);
      if (seen.size >= SHOWN) return [...seen.values()].slice(0, SHOWN);
    }
  }
  return [...seen.values()];
}
