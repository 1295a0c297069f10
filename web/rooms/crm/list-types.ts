// The CRM list's shapes as the API answers them (src/http/dashboard/leads.ts), and its filters.
export type Sort = "relevance" | "name" | "company" | "status" | "tags" | "heat" | "score" | "last_activity";
export type Order = "asc" | "desc";

export interface LeadRow {
  id: number;
  name: string;
  company: string | null;
  status: string;
  statusLabel: string;
  tags: string[];
  heat: string | null;
  heatLabel: string | null;
  score: number | null;
  lastActivityAt: string | null;
  ownerName: string | null;
}

export interface LeadList {
  /** Set when nothing matched the text as typed and its closest names did. */
  correctedText?: string;
  total: number;
  totalExact: boolean;
  limit: number;
  offset: number;
  leads: LeadRow[];
}

/** The list's filters and sort, as a saved view keeps them. */
export interface ViewQuery {
  text?: string;
  status?: string[];
  tag?: string[];
  heat?: string;
  inactiveDays?: number;
  ownerId?: number;
  fields?: Record<string, string | number>;
  sort?: Sort;
  order?: Order;
}

export interface SavedView {
  id: number | string;
  name: string;
  query: ViewQuery;
  builtIn: boolean;
}

export interface LeadIds {
  ids: number[];
  complete: boolean;
  max: number;
}

export interface ScenarioChoice {
  id: string;
  label: string;
  trigger: string;
  requiresStatus: string[];
}

export type BulkTool = "apply_tags" | "update_status" | "enroll_in_scenario" | "analyze_lead";

export interface BulkOptions {
  scenarios: ScenarioChoice[];
  limits: Record<BulkTool, number>;
}

export interface BulkAnalysis {
  count: number;
  byAction: { action: string; count: number }[];
  leads: { id: number; name: string; action: string; reason: string }[];
}
