// A scenario's steps as the Automatisation room writes them (« Étape 2 sur 4 : J+7 à 10 h — message »)
// and what they cost: a message step is an auto follow-up (paid when it is sent, or when its draft
// is validated in Assisté); a task or a summary is written for free.
import { costOf } from "../../domain/index.js";
import type { ScenarioDefinition, ScenarioStep, StepTiming } from "../../scenarios/definitions.js";
import { scenarioOf } from "../../scenarios/definitions.js";
import type { Tenant } from "../../store/index.js";

const ANCHOR_WORDS: Record<ScenarioDefinition["anchor"], string> = {
  enrollment: "l'inscription",
  appointment: "le rendez-vous",
  date: "la livraison",
};

/** « 10 h », « 8 h 30 ». */
const hour = (at: string) => {
  const [h = "0", m = "00"] = at.split(":");
  return m === "00" ? `${Number(h)} h` : `${Number(h)} h ${m}`;
};

/** « 1 h », « 30 min », « 1 h 30 ». */
function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m}`;
}

/** When a step runs, counted from what the scenario follows. */
export function timingWords(def: Pick<ScenarioDefinition, "anchor">, when: StepTiming): string {
  const anchor = ANCHOR_WORDS[def.anchor];
  if ("beforeMinutes" in when) return `${duration(when.beforeMinutes)} avant ${anchor}`;
  if ("afterMinutes" in when) {
    return when.afterMinutes === 0 ? `dès ${anchor}` : `${duration(when.afterMinutes)} après ${anchor}`;
  }
  const at = when.at ? ` à ${hour(when.at)}` : "";
  if (def.anchor === "enrollment") return when.days === 0 ? `le jour même${at}` : `J+${when.days}${at}`;
  const noun = def.anchor === "appointment" ? "du rendez-vous" : "de la livraison";
  if (when.days === -1) return `la veille ${noun}${at}`;
  if (when.days === 0) return `le jour ${noun}${at}`;
  return when.days < 0 ? `J${when.days} ${noun}${at}` : `J+${when.days} après ${anchor}${at}`;
}

const ACTION_WORDS: Record<ScenarioStep["action"]["kind"], string> = {
  message: "message au lead",
  task: "tâche pour vous",
  summary: "résumé dans la fiche",
};

/** A step in words: « Étape 2 sur 4 », « J+7 à 10 h », « message au lead ». */
export function stepParts(def: ScenarioDefinition, index: number) {
  const step = def.steps[index];
  return {
    name: `Étape ${index + 1} sur ${def.steps.length}`,
    when: step ? timingWords(def, step.when) : "",
    what: step ? ACTION_WORDS[step.action.kind] : "",
  };
}

/** « Étape 2 sur 4 : J+7 à 10 h — message au lead ». */
export function stepLabel(def: ScenarioDefinition, index: number): string {
  const { name, when, what } = stepParts(def, index);
  return when ? `${name} : ${when} — ${what}` : `Étape ${index + 1}`;
}

/** What one step costs the tenant: an auto follow-up for a message, nothing for the rest. */
export function stepCost(step: ScenarioStep, tenant: Pick<Tenant, "costOverrides">): number {
  return step.action.kind === "message" ? costOf("auto_followup", tenant.costOverrides) : 0;
}

/** What the steps from `from` on will cost one lead. */
export function costFrom(
  def: ScenarioDefinition,
  from: number,
  tenant: Pick<Tenant, "costOverrides">,
): number {
  return def.steps.slice(from).reduce((sum, step) => sum + stepCost(step, tenant), 0);
}

/** The scenario's name in words, whatever id the store holds. */
export const scenarioLabel = (id: string): string => scenarioOf(id)?.label ?? `Scénario « ${id} »`;
