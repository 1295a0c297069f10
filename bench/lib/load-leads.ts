// Bulk-loads leads with raw prepared statements in one transaction. Going through leads.create costs
// a transaction, a zod parse and an audit row per lead (2–3 ms each here, 3 to 6 minutes for 100,000),
// so the bench loads the rows directly; the FTS index is still filled by the SQL triggers.
import type { Store } from "../../src/store/index.js";
import type { BenchLead } from "./fixtures.js";

/** Inserts the leads and their tags; returns the id given to each lead, in order. */
export function loadLeads(store: Store, tenantId: number, leads: readonly BenchLead[]): number[] {
  const { sqlite } = store.ctx;
  const insertLead = sqlite.prepare(
    `insert into leads (tenant_id, first_name, last_name, company, email, phone, city, status, heat, score,
       notes, last_activity_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTag = sqlite.prepare("insert into lead_tags (tenant_id, lead_id, tag) values (?, ?, ?)");
  const load = sqlite.transaction(() =>
    leads.map((l) => {
      const updatedAt = l.lastActivityAt ?? l.createdAt;
      const { lastInsertRowid } = insertLead.run(
        tenantId,
        l.firstName,
        l.lastName,
        l.company,
        l.email,
        l.phone,
        l.city,
        l.status,
        l.heat,
        l.score,
        l.notes,
        l.lastActivityAt,
        l.createdAt,
        updatedAt,
      );
      const id = Number(lastInsertRowid);
      for (const tag of l.tags) insertTag.run(tenantId, id, tag);
      return id;
    }),
  );
  return load();
}
