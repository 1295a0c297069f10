// Many leads at once for the tests that need more than the search's caps: rows written with one
// prepared statement in one transaction (leads.create costs an audit row and a score each); the
// search index is still filled by the SQL triggers.
import type { Store } from "../../src/store/index.js";

export interface BulkLead {
  firstName?: string;
  lastName?: string;
  company?: string | null;
  status: string;
  heat?: string | null;
  score?: number | null;
  budget?: string | null;
  lastActivityAt?: Date | null;
  tags?: string[];
}

/** Inserts the leads (b2b budget column) and their tags; returns their ids in order. */
export function bulkLeads(store: Store, tenantId: number, leads: readonly BulkLead[], at: Date): number[] {
  const { sqlite } = store.ctx;
  const insert = sqlite.prepare(
    `insert into leads (tenant_id, first_name, last_name, company, status, heat, score, budget_indicatif,
       last_activity_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tag = sqlite.prepare("insert into lead_tags (tenant_id, lead_id, tag) values (?, ?, ?)");
  return sqlite.transaction(() =>
    leads.map((l) => {
      const id = Number(
        insert.run(
          tenantId,
          l.firstName ?? "",
          l.lastName ?? "",
          l.company ?? null,
          l.status,
          l.heat ?? null,
          l.score ?? null,
          l.budget ?? null,
          l.lastActivityAt?.getTime() ?? null,
          at.getTime(),
          at.getTime(),
        ).lastInsertRowid,
      );
      for (const t of l.tags ?? []) tag.run(tenantId, id, t);
      return id;
    }),
  )();
}
