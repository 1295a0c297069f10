// Why a running enrollment must stop before its next step, from facts about the lead: it replied,
// someone moved its status, it can no longer be reached on any of the scenario's channels, or its
// appointment was cancelled (a no-show is not a stop: it has its own step). Pure; the engine gathers the facts. A moved appointment is not a stop:
// the reminders are rescheduled (appointments.ts).
import type { ScenarioDefinition } from "./definitions.js";

export interface StopFacts {
  replied: boolean;
  status: string;
  expectedStatus: string;
  /** Whether the lead opted out of each of the scenario's channels. */
  optedOutEverywhere: boolean;
  appointmentStatus?: string | null;
}

export type StopReason = "replied" | "status_changed" | "opted_out" | "appointment_cancelled";

export const STOP_REASONS_FR: Record<StopReason | "paused" | "manual" | "appointment_moved", string> = {
  replied: "le lead a répondu",
  status_changed: "le statut du lead a changé",
  opted_out: "le lead s'est désinscrit",
  appointment_cancelled: "le rendez-vous a été annulé",
  appointment_moved: "le rendez-vous a été déplacé",
  paused: "mise en pause",
  manual: "arrêt manuel",
};

export function stopReason(def: Pick<ScenarioDefinition, "stopRules">, facts: StopFacts): StopReason | null {
  const rules = def.stopRules;
  if (rules.includes("opted_out") && facts.optedOutEverywhere) return "opted_out";
  if (rules.includes("replied") && facts.replied) return "replied";
  if (rules.includes("status_changed") && facts.status !== facts.expectedStatus) return "status_changed";
  if (rules.includes("appointment_changed") && facts.appointmentStatus === "cancelled") {
    return "appointment_cancelled";
  }
  return null;
}
