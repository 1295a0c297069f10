// The shapes of the Espace M.A.X.'s API: the chat's conversation (channels/web/conversation.ts), the
// suggestions and the history (src/http/dashboard/espace.ts, suggestions.ts).
import type { Card, Mode } from "../../types";

/** Where a chat card stands: open (its buttons live) and what happened, whichever way it was decided. */
export interface CardState {
  open: boolean;
  line: string | null;
}

export interface WebCard extends CardState {
  actionId: number;
  tool: string;
  preview: string;
  mode: string;
  modeLabel: string;
  cost: number;
  balanceAfter: number;
}

export interface WebMessage {
  id: number;
  direction: "in" | "out";
  text: string;
  at: string;
  clientId: string | null;
  cards: WebCard[];
  choices: string[];
  more: boolean;
}

export interface WebMessages {
  messages: WebMessage[];
  cards: Record<string, CardState>;
  status: { mode: Mode; modeLabel: string; balance: number };
}

export interface Suggestion {
  id: string;
  count: number;
  text: string;
  act: string;
  run?: { tool: string; args: Record<string, unknown> }[];
  cards?: Card[];
  ask?: string;
}

export interface PastRequest {
  text: string;
  at: string;
}
