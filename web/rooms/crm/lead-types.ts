// What GET /api/lead and GET /api/lead/next-action answer (src/http/dashboard/lead.ts).
export interface LeadView {
  /** The tenant's time zone, for dates as the tenant reads them. */
  timezone: string;
  lead: {
    id: number;
    name: string;
    company: string | null;
    email: string | null;
    phone: string | null;
    city: string | null;
    source: string | null;
    owner: { id: number; name: string } | null;
    status: string;
    statusLabel: string;
    heat: string | null;
    heatLabel: string | null;
    tags: string[];
    notes: string;
    lastActivityAt: string | null;
    createdAt: string;
  };
  score: { score: number; lines: { points: number; label: string }[] } | null;
  fields: { name: string; label: string; value: string | null }[];
  customFields: { name: string; label: string; value: string | null }[];
  consents: { channel: string; label: string; state: "accepted" | "refused" | "none"; at: string | null }[];
  timeline: TimelineEntry[];
  /** Older entries exist beyond the ones sent. */
  timelineHasMore: boolean;
  enrollments: {
    id: number;
    scenario: string;
    label: string;
    status: string;
    statusLabel: string;
    nextRunAt: string | null;
    /** Why it stopped. */
    reason: string | null;
  }[];
  pipeline: { status: string; label: string }[];
  /** Token costs: the analysis (« Analyser avec M.A.X. ») and a CRM change (tag, note, status). */
  costs: { analysis: number; change: number };
}

export interface TimelineEntry {
  key: string;
  kind: "message" | "status" | "note" | "appointment" | "step" | "activity";
  at: string;
  /** « E-mail envoyé », « Devis envoyé → En négociation », « Note », « Rendez-vous »… */
  title: string;
  body: string | null;
  /** A message's real state in words (« envoyé », « distribué », « en file », « échec »…). */
  state: string | null;
  tone: "ok" | "error" | "pending" | null;
}

export interface NextActionView {
  action: string;
  reason: string;
  /** The tool call that prepares it, with its cost; null when there is nothing to do. */
  call: { tool: string; args: Record<string, unknown>; label: string; cost: number } | null;
  /** Why the suggested message cannot leave now, when it cannot (the call is then a note to do). */
  blocked: string | null;
}
