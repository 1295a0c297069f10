// The Reporting API's answers (src/http/dashboard/reporting*.ts), as the page reads them.
import type { Suggestion } from "../espace/types";

export interface Pair {
  current: number;
  previous: number;
}

export interface Link {
  href: string;
  /** What the list shows, in words: « leads au statut Gagné ». */
  list: string;
}

export interface Period {
  first: string;
  last: string;
  words: string;
}

export interface Tile {
  id: string;
  label: string;
  value: number;
  previous: number | null;
  link: Link | null;
}

export interface TileGroup {
  id: "leads" | "messages" | "campaigns" | "ai";
  title: string;
  tiles: Tile[];
}

export interface FunnelStage {
  status: string;
  label: string;
  reached: number;
  here: number;
  dropOff: number | null;
  link: Link;
  hereLink: Link;
}

export interface Funnel {
  stages: FunnelStage[];
  lost: { count: number; link: Link };
}

export interface Replies {
  total: Pair;
  channels: { channel: string; label: string; current: number; previous: number }[];
}

export interface Kpi {
  id: string;
  label: string;
  value: number | null;
  previous: number | null;
  unit: "count" | "percent" | "days";
  link: Link | null;
}

export interface CampaignKpi {
  id: number;
  name: string;
  startedAt: string | null;
  sent: number;
  opened: number;
  clicked: number;
  converted: number;
  openRate: number | null;
  clickRate: number | null;
  links: Record<"sent" | "opened" | "clicked" | "converted", Link>;
}

export type Kpis =
  | { vertical: "logistique"; items: Kpi[]; missing: string[] }
  | { vertical: "ecommerce"; whatsappReplies: Pair; campaigns: CampaignKpi[]; missing: string[] };

export interface Report {
  days: 7 | 30 | 90;
  period: Period;
  previous: Period;
  followUpDays: number;
  groups: TileGroup[];
  funnel: Funnel;
  replies: Replies;
  kpis: Kpis | null;
}

export interface FeedItem {
  key: string;
  kind: "ai" | "card" | "message" | "status";
  at: string;
  state: string;
  stateLabel: string;
  text: string;
  href: string | null;
}

/** The Espace's suggestion, with the list it counts instead of a request to M.A.X. */
export type ReportSuggestion = Omit<Suggestion, "ask"> & { href: string | null };
