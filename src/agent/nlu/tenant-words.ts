// The tenant's names and tags as one message's reading asks for them: each word is looked up in the
// index once, however many extractors and candidate intents ask about it.
import type { Lead, LeadNames } from "../../store/index.js";

export interface TenantWords {
  isName(word: string): boolean;
  /** Whether some lead's name, company, e-mail, phone or notes hold the word. */
  isContent(word: string): boolean;
  isTag(tag: string): boolean;
  near(word: string, maxDistance: number): string[];
  find(words: readonly string[], limit: number): { total: number; leads: Lead[] };
}

export function tenantWords(
  names: LeadNames,
  tenantId: number,
  search: (text: string) => number,
): TenantWords {
  const memo = <T>(fn: (key: string) => T) => {
    const seen = new Map<string, T>();
    return (key: string): T => {
      if (!seen.has(key)) seen.set(key, fn(key));
      return seen.get(key) as T;
    };
  };
  const isName = memo((word) => names.has(tenantId, word));
  const isTag = memo((tag) => names.isTag(tenantId, tag));
  const isContent = memo((word) => search(word) > 0);
  const near = memo((key) => {
    const [word = "", distance] = key.split("\u0000");
    return names.near(word, Number(distance));
  });
  const find = memo((key) => {
    const [limit, ...words] = key.split("\u0000");
    return names.find(tenantId, words, Number(limit));
  });
  return {
    isName,
    isContent,
    isTag,
    near: (word, maxDistance) => near(`${word}\u0000${maxDistance}`),
    find: (words, limit) => find([limit, ...words].join("\u0000")),
  };
}
