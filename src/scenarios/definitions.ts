// Every follow-up scenario of the seeds as data, in one place: when each step runs, on which
// channel, with which template (prompts/scenarios/<id>/<step>.txt), under which condition, which
// fields it updates, and which stop rules end the sequence. The engine (run-step.ts) reads this.
import type { SendChannel } from "../domain/index.js";
import type { Heat } from "../store/lead-input.js";

export const SCENARIO_IDS = [
  "b2b-relance-devis",
  "coach-no-show",
  "coach-post-appel",
  "coach-prequalification",
  "prospection",
  "ecommerce-panier",
  "ecommerce-feedback",
  "ecommerce-cross-sell",
  "logistique-relance-devis",
  "logistique-livraison",
  "digest",
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/**
 * Scenarios whose steps are not a timed sequence of this engine. `coach-prequalification` (COACH-01)
 * is the pre-qualification of src/scenarios/prequalification/, which waits for an answer instead of
 * timed steps: chat starts it with start_prequalification, `max scenarios enroll` with its start
 * function. `digest` is the daily digest of each staff user (digest.ts), not an enrollment of a lead.
 */
export const EXTERNAL_SCENARIOS = ["coach-prequalification", "digest"] as const;

/** The ids a lead can be enrolled in: the timed sequences. */
export const SEQUENCE_IDS = SCENARIO_IDS.filter(
  (id): id is Exclude<ScenarioId, (typeof EXTERNAL_SCENARIOS)[number]> =>
    !(EXTERNAL_SCENARIOS as readonly string[]).includes(id),
);

export type StopRule = "replied" | "status_changed" | "opted_out" | "appointment_changed";

/** When a step runs, counted from the scenario's anchor in the tenant's timezone. */
export type StepTiming =
  /** J+n (or J-n) at a local time; without `at`, at the anchor's own time of day. */
  | { days: number; at?: string }
  /** A fixed delay after the anchor (an abandoned cart's first reminder). */
  | { afterMinutes: number }
  /** Exactly this long before the anchor (an appointment), quiet hours or not: the person asked for it. */
  | { beforeMinutes: number };

export interface FieldUpdates {
  status?: string;
  /** Move the lead to the next status of its pipeline. */
  nextStatus?: true;
  heat?: Heat;
  tags?: string[];
}

export type StepAction =
  | { kind: "message"; template: string }
  /** A to-do for the lead's owner (shown in the digest), e.g. "appeler Dupont". */
  | { kind: "task"; text: string }
  /** A summary written into a lead field when it is still empty (COACH-03's notes_coaching). */
  | { kind: "summary"; field: "notes_coaching"; template: string };

export interface ScenarioStep {
  key: string;
  when: StepTiming;
  action: StepAction;
  updates?: FieldUpdates;
  /** Runs only when the appointment is in one of these statuses; otherwise the enrollment ends. */
  onlyIfAppointment?: readonly string[];
  /** Still runs when its time has passed (a no-show marked late); other past steps are skipped. */
  late?: true;
}

export interface ScenarioDefinition {
  id: ScenarioId;
  label: string;
  /** The seed's scenario, for people reading the list. */
  source: string;
  trigger: string;
  /** What delays count from: the enrollment, an appointment's start, or a date given at enrollment. */
  anchor: "enrollment" | "appointment" | "date";
  /** Channels in order of preference; a step goes out on the first one the lead can receive. */
  channels: readonly SendChannel[];
  /** A lead must be in one of these statuses to be enrolled (the seed's trigger). */
  requiresStatus?: readonly string[];
  /** Luxon weekdays (1 = Monday) when messages may go out, between 09:00 and 19:00 local time. */
  workingDays: readonly number[];
  steps: readonly ScenarioStep[];
  stopRules: readonly StopRule[];
  /** Field updates when the lead replies (prospection: moves to the next status). */
  onReply?: FieldUpdates;
  /** Field updates when the last step ran without a reply (prospection: the lead turns cold). */
  onEnd?: FieldUpdates;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const MON_TO_SAT = [1, 2, 3, 4, 5, 6] as const;
const SEQUENCE_STOPS: readonly StopRule[] = ["replied", "status_changed", "opted_out"];
const msg = (template: string): StepAction => ({ kind: "message", template });
const day = (days: number, at = "10:00"): StepTiming => ({ days, at });

export const SCENARIOS: Readonly<
  Record<Exclude<ScenarioId, (typeof EXTERNAL_SCENARIOS)[number]>, ScenarioDefinition>
> = {
  "b2b-relance-devis": {
    id: "b2b-relance-devis",
    label: "Relances après devis",
    source: "B2B-03",
    trigger: "devis envoyé sans activité",
    anchor: "enrollment",
    channels: ["email", "whatsapp"],
    requiresStatus: ["devis_envoye"],
    workingDays: WEEKDAYS,
    steps: [
      { key: "j3-douce", when: day(3), action: msg("j3-douce") },
      { key: "j7-directe", when: day(7), action: msg("j7-directe") },
      { key: "j14-appel", when: day(14), action: msg("j14-appel") },
      {
        key: "j21-cloture",
        when: day(21),
        action: msg("j21-cloture"),
        updates: { tags: ["nurturing"], heat: "froid" },
      },
    ],
    stopRules: SEQUENCE_STOPS,
  },
  "coach-no-show": {
    id: "coach-no-show",
    label: "Anti no-show",
    source: "COACH-02",
    trigger: "rendez-vous planifié",
    anchor: "appointment",
    channels: ["whatsapp", "email"],
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    steps: [
      { key: "j-1", when: day(-1, "18:00"), action: msg("j-1") },
      { key: "j0-matin", when: day(0, "08:30"), action: msg("j0-matin") },
      { key: "h-1", when: { beforeMinutes: 60 }, action: msg("h-1") },
      // Half an hour after the start: only if the call was marked as a no-show (appointments.ts).
      {
        key: "no-show",
        when: { afterMinutes: 30 },
        action: msg("no-show"),
        onlyIfAppointment: ["no_show"],
        late: true,
      },
    ],
    stopRules: ["replied", "status_changed", "opted_out", "appointment_changed"],
  },
  "coach-post-appel": {
    id: "coach-post-appel",
    label: "Suivi après l'appel découverte",
    source: "COACH-03",
    trigger: "appel découverte réalisé",
    anchor: "enrollment",
    channels: ["whatsapp", "email"],
    requiresStatus: ["appel_realise"],
    workingDays: MON_TO_SAT,
    steps: [
      {
        key: "resume",
        when: { afterMinutes: 0 },
        action: { kind: "summary", field: "notes_coaching", template: "resume" },
      },
      { key: "j1-personnel", when: day(1), action: msg("j1-personnel") },
      { key: "j3-resultats", when: day(3), action: msg("j3-resultats") },
      { key: "j7-dernier", when: day(7), action: msg("j7-dernier") },
    ],
    stopRules: SEQUENCE_STOPS,
  },
  prospection: {
    id: "prospection",
    label: "Séquence de prospection",
    source: "prospection-improvements §2",
    trigger: "nouveau prospect",
    anchor: "enrollment",
    channels: ["email", "whatsapp"],
    workingDays: WEEKDAYS,
    steps: [
      {
        key: "j0-contact",
        when: { afterMinutes: 0 },
        action: msg("j0-contact"),
        updates: { status: "contacte" },
      },
      { key: "j3-douce", when: day(3), action: msg("j3-douce") },
      { key: "j7-valeur", when: day(7), action: msg("j7-valeur") },
      { key: "j10-appel", when: day(10), action: { kind: "task", text: "Appeler {{nom}} ({{telephone}})" } },
      { key: "j14-derniere", when: day(14), action: msg("j14-derniere") },
    ],
    stopRules: SEQUENCE_STOPS,
    onReply: { nextStatus: true },
    onEnd: { heat: "froid" },
  },
  "ecommerce-panier": {
    id: "ecommerce-panier",
    label: "Panier abandonné",
    source: "max-vision, M.A.X. E-commerce",
    trigger: "panier abandonné",
    anchor: "enrollment",
    channels: ["email", "whatsapp"],
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    steps: [
      { key: "h1-rappel", when: { afterMinutes: 60 }, action: msg("h1-rappel") },
      { key: "j1-relance", when: day(1), action: msg("j1-relance") },
    ],
    stopRules: SEQUENCE_STOPS,
  },
  "ecommerce-feedback": {
    id: "ecommerce-feedback",
    label: "Avis client J+3",
    source: "max-vision, M.A.X. E-commerce",
    trigger: "commande livrée",
    anchor: "enrollment",
    channels: ["email", "whatsapp"],
    workingDays: MON_TO_SAT,
    steps: [{ key: "j3-avis", when: day(3), action: msg("j3-avis") }],
    stopRules: ["opted_out"],
  },
  "ecommerce-cross-sell": {
    id: "ecommerce-cross-sell",
    label: "Vente complémentaire J+15",
    source: "max-vision, M.A.X. E-commerce",
    trigger: "commande livrée",
    anchor: "enrollment",
    channels: ["email", "whatsapp"],
    workingDays: MON_TO_SAT,
    steps: [{ key: "j15-complement", when: day(15), action: msg("j15-complement") }],
    stopRules: ["replied", "opted_out"],
  },
  "logistique-relance-devis": {
    id: "logistique-relance-devis",
    label: "Relance devis transport",
    source: "max-vision, M.A.X. Logistique",
    trigger: "devis envoyé",
    anchor: "enrollment",
    channels: ["email", "whatsapp"],
    requiresStatus: ["devis_envoye"],
    workingDays: WEEKDAYS,
    steps: [
      { key: "j3-relance", when: day(3), action: msg("j3-relance") },
      { key: "j7-relance", when: day(7), action: msg("j7-relance") },
    ],
    stopRules: SEQUENCE_STOPS,
  },
  "logistique-livraison": {
    id: "logistique-livraison",
    label: "Suivi de livraison J-1 / J+1",
    source: "max-vision, M.A.X. Logistique",
    trigger: "livraison planifiée",
    anchor: "date",
    channels: ["whatsapp", "email"],
    workingDays: WEEKDAYS,
    steps: [
      { key: "j-1-livraison", when: day(-1, "16:00"), action: msg("j-1-livraison") },
      { key: "j1-suivi", when: day(1), action: msg("j1-suivi") },
    ],
    stopRules: ["opted_out"],
  },
};

export type SequenceId = keyof typeof SCENARIOS;

export function isSequence(id: string): id is SequenceId {
  return Object.hasOwn(SCENARIOS, id);
}

export function scenarioOf(id: string): ScenarioDefinition | undefined {
  return isSequence(id) ? SCENARIOS[id] : undefined;
}
