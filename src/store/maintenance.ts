// Housekeeping that keeps queries fast: merging the search index into one segment (inserts leave it
// in many small ones, and each search then probes them all) and refreshing the planner's statistics.
// Cheap on an already tidy database; run after bulk imports and periodically.
//
// The statistics keep sqlite_stat1 (rows per index key, what our plans need) and drop the STAT4
// samples ANALYZE also takes: with samples, SQLite re-plans a statement each time a value compared
// to a sampled index is bound again, which is every call of a tenant-scoped lookup (the step
// runner's reply check went from 1 µs to 10 µs).
import type { StoreContext } from "./context.js";

export function maintenance(ctx: StoreContext) {
  return {
    optimize(): void {
      ctx.sqlite.exec("insert into leads_fts(leads_fts) values('optimize')");
      ctx.sqlite.pragma("optimize");
      const sampled = ctx.sqlite.prepare("select 1 from sqlite_schema where name = 'sqlite_stat4'").get();
      // Reloads this connection's statistics; other open connections keep theirs until they reopen.
      if (sampled) ctx.sqlite.exec("delete from sqlite_stat4; analyze sqlite_schema");
    },
  };
}
