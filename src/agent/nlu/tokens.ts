// Words of a message as the entity extractors read them: each keeps what was typed (a tag, a name)
// and its folded key for comparisons; French elisions are dropped (« d'Aurélie » is « Aurélie »).
import { fold, foldedWords, slipOf, squeezeRepeats } from "../../domain/index.js";

export interface Token {
  raw: string;
  /** Folded, hyphens and dots as spaces: « E-commerce » is « e commerce ». */
  key: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:[-_'’.][\p{L}\p{N}]+)*/gu;
const ELISION = /^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]/i;

export function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => {
    const elided = m[0].match(ELISION)?.[0].length ?? 0;
    const raw = m[0].slice(elided).replace(/\.$/, "");
    const key = squeezeRepeats(fold(raw).replace(/[-_'’.]+/g, " "));
    return { raw, key, start: (m.index ?? 0) + elided, end: (m.index ?? 0) + m[0].length };
  });
}

/** Every word of a phrase of the vocabulary, as token keys are built. */
export const phraseKey = foldedWords;

/**
 * The longest phrase of `phrases` found in the unused tokens, as the token indexes it covers and its
 * value; marks nothing. Multi-word tokens (« e-commerce ») count as their words.
 */
export function findPhrase<V>(
  tokens: readonly Token[],
  used: ReadonlySet<number>,
  phrases: ReadonlyMap<string, V>,
  maxWords = 6,
): { indexes: number[]; value: V } | undefined {
  let best: { indexes: number[]; value: V; words: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    let key = "";
    for (let j = i; j < tokens.length && j - i < maxWords && !used.has(j); j++) {
      key = key ? `${key} ${tokens[j]?.key}` : (tokens[j]?.key ?? "");
      const value = phrases.get(key);
      const words = key.split(" ").length;
      if (value !== undefined && (!best || words > best.words)) {
        best = { indexes: Array.from({ length: j - i + 1 }, (_, k) => i + k), value, words };
      }
    }
  }
  return best && { indexes: best.indexes, value: best.value };
}

/** The same word, or one slip from it when both are long enough for a slip to be a typo. */
const sameWord = (typed: string, word: string) =>
  typed === word || (word.length >= 4 && slipOf(typed, word) !== 0);

/**
 * findPhrase with a typo allowed in each word of at least four letters (« apel réalisé » is « appel
 * réalisé »); exact matches first, so a correct spelling never loses to a near one.
 */
export function findPhraseWithSlips<V>(
  tokens: readonly Token[],
  used: ReadonlySet<number>,
  phrases: ReadonlyMap<string, V>,
): { indexes: number[]; value: V } | undefined {
  const exact = findPhrase(tokens, used, phrases);
  if (exact) return exact;
  const words = tokens.map((t) => t.key);
  let best: { indexes: number[]; value: V } | undefined;
  for (const [phrase, value] of phrases) {
    const parts = phrase.split(" ");
    if (best && parts.length <= best.indexes.length) continue;
    for (let i = 0; i + parts.length <= tokens.length; i++) {
      const indexes = parts.map((_, k) => i + k);
      if (indexes.some((j) => used.has(j))) continue;
      if (parts.every((part, k) => sameWord(words[i + k] ?? "", part))) {
        best = { indexes, value };
        break;
      }
    }
  }
  return best;
}

/** A vocabulary record as a lookup by phrase key. */
export const phraseMap = <V>(entries: Iterable<readonly [string, V]>) =>
  new Map([...entries].map(([phrase, value]) => [phraseKey(phrase), value] as const));
