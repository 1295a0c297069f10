// A lead as `max leads` and `max leads add` print it with --json.
import type { Lead } from "../store/index.js";

export const leadView = (l: Lead) => ({
  id: l.id,
  name: l.name,
  company: l.company,
  email: l.email,
  phone: l.phone,
  status: l.status,
  tags: l.tags,
  heat: l.heat,
  score: l.score,
  ownerId: l.ownerId,
  lastActivityAt: l.lastActivityAt?.toISOString() ?? null,
  fields: l.fields,
});
