// Lead names and tags as the offline brain needs them, through the search index only: whether a word is a
// name in the tenant, the indexed name words one typo away, and the leads whose name holds every
// given word. The index is shared by tenants; the tenant is always checked on the lead row, so a
// word from another tenant's leads finds nothing here.
import { distance } from "fastest-levenshtein";
import { fold } from "../domain/index.js";
import type { StoreContext } from "./context.js";
import type { Lead } from "./leads.js";

const quoted = (word: string) => `"${word.replaceAll('"', "")}"`;
const nameMatch = (words: readonly string[]) => `{name} : (${words.map(quoted).join(" AND ")})`;

/** The next string after every string starting with `prefix`, for a range scan. */
const after = (prefix: string) =>
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

export function leadNames(ctx: StoreContext, load: (tenantId: number, ids: number[]) => Lead[]) {
  const { sqlite } = ctx;
  let vocabulary = false;
  const ensureVocabulary = () => {
    if (vocabulary) return;
    // A view of the index's words per column; temporary, so no migration and nothing to keep in step.
    sqlite.exec(
      "create virtual table if not exists temp.leads_name_vocab using fts5vocab(main, leads_fts, col)",
    );
    vocabulary = true;
  };
  // The index hands its matches newest first (rowid order), so a common name costs no sort.
  const ids = (tenantId: number, words: readonly string[], limit: number): number[] =>
    sqlite
      .prepare(
        `select l.id from leads_fts cross join leads l on l.id = leads_fts.rowid
         where leads_fts match ? and l.tenant_id = ? order by leads_fts.rowid desc limit ?`,
      )
      .pluck()
      .all(nameMatch(words), tenantId, limit) as number[];

  return {
    /** Whether some lead of the tenant has this word in its name (any case, any accent). */
    has(tenantId: number, word: string): boolean {
      return ids(tenantId, [fold(word)], 1).length > 0;
    },
    /**
     * Indexed name words at most `maxDistance` edits from `word`, closest first; read from the words
     * sharing its first two letters (a typo rarely hits both).
     */
    near(word: string, maxDistance: number): string[] {
      const w = fold(word);
      if (w.length < 3) return [];
      ensureVocabulary();
      const prefix = w.slice(0, 2);
      const terms = sqlite
        .prepare(
          "select distinct term from temp.leads_name_vocab where term >= ? and term < ? and col = 'name'",
        )
        .pluck()
        .all(prefix, after(prefix)) as string[];
      return terms
        .map((term) => ({ term, d: distance(term, w) }))
        .filter((t) => t.d <= maxDistance && t.term !== w)
        .sort((a, b) => a.d - b.d || a.term.localeCompare(b.term))
        .map((t) => t.term);
    },
    /** Whether some lead of the tenant carries this tag (exactly as stored). */
    isTag(tenantId: number, tag: string): boolean {
      return (
        sqlite
          .prepare("select 1 from lead_tags where tenant_id = ? and tag = ? limit 1")
          .get(tenantId, tag) !== undefined
      );
    },
    /** Leads whose name holds every word (up to `limit`, newest first) and how many there are, capped. */
    find(tenantId: number, words: readonly string[], limit: number): { total: number; leads: Lead[] } {
      const found = ids(
        tenantId,
        words.map((w) => fold(w)),
        50,
      );
      return { total: found.length, leads: load(tenantId, found.slice(0, limit)) };
    },
  };
}
export type LeadNames = ReturnType<typeof leadNames>;
