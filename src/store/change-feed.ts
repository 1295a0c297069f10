// Reads the change feed the database's triggers write (drizzle/0009): what changed, in commit order,
// for the dashboard's live stream. Rows are a day's notice, not history: the server prunes older ones.
import type { StoreContext } from "./context.js";

export type ChangeTopic =
  | "lead"
  | "action"
  | "audit"
  | "message"
  | "balance"
  | "tenant"
  | "automation"
  | "campaign";

export interface Change {
  id: number;
  tenantId: number;
  topic: ChangeTopic;
  refId: number | null;
}

type Row = { id: number; tenant_id: number; topic: ChangeTopic; ref_id: number | null };
const toChange = (r: Row): Change => ({ id: r.id, tenantId: r.tenant_id, topic: r.topic, refId: r.ref_id });

export function changeFeedRepository(ctx: StoreContext) {
  const after = ctx.sqlite.prepare<[number, number], Row>(
    "select id, tenant_id, topic, ref_id from change_feed where id > ? order by id limit ?",
  );
  const tenantAfter = ctx.sqlite.prepare<[number, number, number], Row>(
    "select id, tenant_id, topic, ref_id from change_feed where tenant_id = ? and id > ? order by id limit ?",
  );
  const oldest = ctx.sqlite.prepare<[], { id: number | null }>("select min(id) as id from change_feed");
  const latest = ctx.sqlite.prepare<[], { id: number | null }>("select max(id) as id from change_feed");
  const prune = ctx.sqlite.prepare<[number]>("delete from change_feed where at < ?");
  return {
    /** Every tenant's changes after an id, oldest first: what the server's one reader streams. */
    after: (id: number, limit = 1000): Change[] => after.all(id, limit).map(toChange),
    /** One tenant's changes after an id (a client resuming with Last-Event-ID). */
    tenantAfter: (tenantId: number, id: number, limit = 1000): Change[] =>
      tenantAfter.all(tenantId, id, limit).map(toChange),
    /** The first change still kept, to know whether a resume asks for pruned ones. */
    oldestId: (): number | null => oldest.get()?.id ?? null,
    latestId: (): number => latest.get()?.id ?? 0,
    /** Drops the rows written before `before`; returns how many. */
    prune: (before: Date): number => prune.run(before.getTime()).changes,
  };
}

export type ChangeFeedRepository = ReturnType<typeof changeFeedRepository>;
