-- The CRM list sorts the whole tenant by name, company or score: an index on each sort key (the
-- exact expressions of src/store/lead-search.ts) reads a page in order and stops, instead of sorting
-- 100,000 rows.
CREATE INDEX leads_tenant_score ON leads (tenant_id, coalesce(score, -1));
--> statement-breakpoint
CREATE INDEX leads_tenant_name ON leads (tenant_id, (last_name || ' ' || first_name) COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX leads_tenant_company ON leads (tenant_id, coalesce(company, '') = '', company COLLATE NOCASE);
--> statement-breakpoint
-- Statistics for the new indexes, so the planner weighs them against the older ones.
ANALYZE leads;
