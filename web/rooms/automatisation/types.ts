// The Automatisation room's shapes as the API answers them (src/http/dashboard/automation*.ts), and
// the room's addresses: #/automatisation, #/automatisation/nouvelle, #/automatisation/<scenario>,
// narrowed by /etat/<state>, /resultat/<result> or /raison/<reason>.
import type { LiveEvent, Mode } from "../../types";

/** The room's figures change with an enrollment, an n8n run, a lead or a message. */
export const affectsAutomations = (event: LiveEvent) =>
  Boolean(event.changes.automation || event.changes.lead || event.changes.message);

export type AutomationState = "scheduled" | "running" | "paused" | "done" | "failed";
export type AutomationResult =
  | "sent"
  | "queued"
  | "failed"
  | "skipped"
  | "awaiting"
  | "suggested"
  | "replied";

export interface ScenarioGroup {
  id: string;
  label: string;
  trigger: string | null;
  channels: string[];
  steps: number;
  total: number;
  states: { state: AutomationState; label: string; count: number }[];
  next: {
    step: number;
    stepLabel: string;
    at: string;
    atLabel: string;
    lead: { id: number; name: string };
  } | null;
  cost: { spent: number; debited: number; refunded: number; expected: number };
  results: Record<AutomationResult, number> & { stops: { reason: string; count: number }[] };
  workflow: boolean;
}

export interface N8nRun {
  id: number;
  scenario: string;
  state: AutomationState;
  stateLabel: string;
  at: string;
  atLabel: string;
  leadCount: number;
  leads: { id: number; name: string }[];
  attempts: number;
  cost: number;
  refunded: number;
  error: string | null;
}

export interface Overview {
  mode: Mode;
  messagePrice: number;
  scenarios: ScenarioGroup[];
  runs: N8nRun[];
}

export interface EnrolledLead {
  enrollmentId: number;
  id: number;
  name: string;
  company: string | null;
  state: AutomationState;
  stateLabel: string;
  running: boolean;
  step: number;
  stepLabel: string;
  /** « Étape 2 sur 5 », « J+3 à 10 h », « message au lead »; absent for a scenario M.A.X. no longer has. */
  stepParts?: { name: string; when: string; what: string };
  nextRunAt: string | null;
  nextLabel: string | null;
  reason: string | null;
  since: string;
  sinceLabel: string;
}

export interface EnrolledPage {
  scenario: { id: string; label: string };
  /** The narrowing in words; null for all the scenario's leads. */
  narrowed: string | null;
  states: { state: AutomationState; label: string; count: number }[];
  /** Every enrollment of the scenario, whatever the narrowing. */
  all: number;
  total: number;
  limit: number;
  offset: number;
  leads: EnrolledLead[];
}

export interface PlanStep {
  index: number;
  /** « Étape 2 sur 5 », « J+3 à 10 h », « message au lead ». */
  name: string;
  when: string;
  what: string;
  kind: "message" | "task" | "summary";
  at: string | null;
  atLabel: string | null;
  cost: number;
}

export interface Plan {
  scenario: { id: string; label: string; trigger: string };
  start: string;
  startLabel: string;
  timezone: string;
  dated: boolean;
  steps: PlanStep[];
  target: string;
  leads: {
    matched: number;
    max: number;
    tooMany: boolean;
    eligible: { id: number; name: string }[];
    refused: { reason: string; count: number; leads: { id: number; name: string }[] }[];
  };
  cost: { enrollment: number; perLead: number; steps: number; total: number };
}

/** What the leads panel is narrowed to, from the address. */
export type Narrowing =
  | { kind: "all" }
  | { kind: "state"; value: AutomationState }
  | { kind: "result"; value: AutomationResult }
  | { kind: "reason"; value: string };

const SEGMENT: Record<Exclude<Narrowing["kind"], "all">, string> = {
  state: "etat",
  result: "resultat",
  reason: "raison",
};

export const NEW_PATH = "nouvelle";

export function scenarioHref(scenario: string, narrowing: Narrowing = { kind: "all" }): string {
  const base = `#/automatisation/${encodeURIComponent(scenario)}`;
  return narrowing.kind === "all"
    ? base
    : `${base}/${SEGMENT[narrowing.kind]}/${encodeURIComponent(narrowing.value)}`;
}

/** The narrowing an address names (the server refuses an unknown state or result in words). */
export function narrowingOf(kind: string | undefined, value: string | undefined): Narrowing {
  if (value === undefined) return { kind: "all" };
  if (kind === SEGMENT.state) return { kind: "state", value: value as AutomationState };
  if (kind === SEGMENT.result) return { kind: "result", value: value as AutomationResult };
  if (kind === SEGMENT.reason) return { kind: "reason", value };
  return { kind: "all" };
}
