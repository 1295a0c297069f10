-- Free-text search over name, company, email, phone and notes (the lead's own notes and its note
-- activities). Accents are folded so that "lefevre" finds "Lefèvre". Phones are also indexed as
-- digits, international and national, so that "0612345678" and "+33612" find "+33 6 12 34 56 78".
-- Prefix indexes make the 2-4 letter prefixes a person types while searching cheap.
-- The `facets` column holds one token per filterable value, scoped to the tenant (s<tenant>x<hex
-- status>, h…heat, o…owner, g…tag), so a text search and its filters are intersected inside the
-- index instead of fetching every text match from the leads table.
CREATE VIRTUAL TABLE leads_fts USING fts5(name, company, email, phone, notes, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
--> statement-breakpoint
CREATE VIEW lead_search_doc AS
  SELECT l.id AS id,
    l.first_name || ' ' || l.last_name AS name,
    coalesce(l.company, '') AS company,
    coalesce(l.email, '') AS email,
    coalesce(l.phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(l.phone, ''), ' ', ''), '.', ''), '-', ''), '+', ''), '(', ''), ')', '') || ' ' || (
      CASE WHEN replace(replace(replace(coalesce(l.phone, ''), ' ', ''), '.', ''), '-', '') LIKE '+33%'
      THEN '0' || substr(replace(replace(replace(l.phone, ' ', ''), '.', ''), '-', ''), 4)
      ELSE '' END) AS phone,
    l.notes || ' ' || coalesce((SELECT group_concat(a.body, ' ') FROM activities a
      WHERE a.tenant_id = l.tenant_id AND a.lead_id = l.id AND a.kind = 'note'), '') AS notes,
    's' || l.tenant_id || 'x' || lower(hex(l.status))
      || ' h' || l.tenant_id || 'x' || lower(hex(coalesce(l.heat, '')))
      || ' o' || l.tenant_id || 'x' || coalesce(l.owner_id, 0)
      || coalesce((SELECT ' ' || group_concat('g' || l.tenant_id || 'x' || lower(hex(t.tag)), ' ')
        FROM lead_tags t WHERE t.lead_id = l.id), '') AS facets
  FROM leads l;
--> statement-breakpoint
CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
  DELETE FROM leads_fts WHERE rowid = new.id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER leads_fts_update AFTER UPDATE OF first_name, last_name, company, email, phone, notes, status, heat, owner_id ON leads BEGIN
  DELETE FROM leads_fts WHERE rowid = new.id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
  DELETE FROM leads_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER lead_tags_fts_insert AFTER INSERT ON lead_tags BEGIN
  DELETE FROM leads_fts WHERE rowid = new.lead_id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = new.lead_id;
END;
--> statement-breakpoint
CREATE TRIGGER lead_tags_fts_delete AFTER DELETE ON lead_tags BEGIN
  DELETE FROM leads_fts WHERE rowid = old.lead_id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = old.lead_id;
END;
--> statement-breakpoint
CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities WHEN new.kind = 'note' BEGIN
  DELETE FROM leads_fts WHERE rowid = new.lead_id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = new.lead_id;
END;
--> statement-breakpoint
CREATE TRIGGER activities_fts_update AFTER UPDATE ON activities WHEN new.kind = 'note' BEGIN
  DELETE FROM leads_fts WHERE rowid = new.lead_id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = new.lead_id;
END;
--> statement-breakpoint
CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities WHEN old.kind = 'note' BEGIN
  DELETE FROM leads_fts WHERE rowid = old.lead_id;
  INSERT INTO leads_fts(rowid, name, company, email, phone, notes, facets)
    SELECT id, name, company, email, phone, notes, facets FROM lead_search_doc WHERE id = old.lead_id;
END;
--> statement-breakpoint
-- The token ledger and the audit log are append-only: history is never rewritten.
CREATE TRIGGER token_ledger_no_update BEFORE UPDATE ON token_ledger BEGIN
  SELECT RAISE(ABORT, 'token_ledger is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER token_ledger_no_delete BEFORE DELETE ON token_ledger BEGIN
  SELECT RAISE(ABORT, 'token_ledger is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
