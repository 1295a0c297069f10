// The shapes the API answers with (src/http/dashboard/*), as the page reads them.
export type Mode = "conseil" | "assiste" | "auto";

export interface Option {
  value: string;
  label: string;
}

export interface Me {
  user: { id: number; name: string; role: string; manager: boolean };
  tenant: { name: string; slug: string; vertical: string; plan: string; mode: Mode; modeLabel: string };
  balance: number;
  liveFrom: number;
  welcome: { text: string; examples: string[] };
  pipeline: { status: string; label: string }[];
  heats: Option[];
  owners: { id: number; name: string }[];
  fields: { name: string; label: string; type: string; options: Option[] }[];
}

export interface Card {
  actionId: number;
  preview: string;
  cost: number;
  balanceAfter: number;
  mode: Mode;
  modeLabel: string;
  confirmationsNeeded: number;
  confirmations: number;
  expiresAt: string;
}

export type OutcomeKind =
  | "invalid"
  | "refused"
  | "unavailable"
  | "suggested"
  | "pending"
  | "insufficient"
  | "executed"
  | "failed"
  | "not_found"
  | "forbidden"
  | "already"
  | "expired"
  | "cancelled"
  | "confirm_again";

export interface Outcome {
  kind: OutcomeKind;
  tool: string;
  message: string;
  cost: number;
  balance: number;
  card?: Card;
  data?: unknown;
}

export interface LiveEvent {
  changes: Partial<
    Record<
      "lead" | "action" | "audit" | "message" | "balance" | "tenant" | "automation" | "campaign",
      number[]
    >
  >;
  status?: { mode: Mode; balance: number };
  actions?: { id: number; status: string; preview: string; message: string | null }[];
  reset?: boolean;
}
