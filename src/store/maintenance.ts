// Housekeeping that keeps queries fast: merging the search index into one segment (inserts leave it
// in many small ones, and each search then probes them all) and refreshing the planner's statistics.
// Cheap on an already tidy database; run after bulk imports and periodically.
import type { StoreContext } from "./context.js";

export function maintenance(ctx: StoreContext) {
  return {
    optimize(): void {
      ctx.sqlite.exec("insert into leads_fts(leads_fts) values('optimize')");
      ctx.sqlite.pragma("optimize");
    },
  };
}
