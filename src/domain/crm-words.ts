// The CRM's codes as a French screen writes them: a message « remis », an appointment « manqué », a
// sequence step « envoyé », a consent « désinscrit » — the codes stay in data.

const CHANNELS: Readonly<Record<string, string>> = {
  email: "e-mail",
  whatsapp: "WhatsApp",
  sms: "SMS",
  slack: "Slack",
  web: "web",
  botframework: "Teams",
};

const MESSAGE_STATES: Readonly<Record<string, string>> = {
  draft: "brouillon",
  queued: "en file d'envoi",
  sending: "en cours d'envoi",
  scheduled: "programmé",
  sent: "envoyé",
  delivered: "remis",
  failed: "en échec",
  received: "reçu",
};

const APPOINTMENT_STATES: Readonly<Record<string, string>> = {
  planned: "planifié",
  done: "réalisé",
  no_show: "manqué",
  cancelled: "annulé",
};

const STEP_OUTCOMES: Readonly<Record<string, string>> = {
  due: "à faire",
  drafted: "brouillon préparé",
  suggested: "suggéré",
  sent: "envoyé",
  dispatched: "transmis",
  delivered: "remis",
  done: "fait",
  skipped: "sauté",
  failed: "en échec",
};

const ENROLLMENT_STATES: Readonly<Record<string, string>> = {
  active: "en cours",
  paused: "en pause",
  stopped: "arrêtée",
  completed: "terminée",
};

const words = (table: Readonly<Record<string, string>>) => (code: string) =>
  table[code] ?? code.replaceAll("_", " ");

/** « e-mail », « WhatsApp », « SMS ». */
export const channelLabel = words(CHANNELS);
/** Where a message stands: « en file d'envoi », « remis », « en échec », « reçu ». */
export const messageStatusLabel = words(MESSAGE_STATES);
/** « planifié », « réalisé », « manqué », « annulé ». */
export const appointmentStatusLabel = words(APPOINTMENT_STATES);
/** What became of a sequence step: « envoyé », « sauté », « en échec ». */
export const stepOutcomeLabel = words(STEP_OUTCOMES);
/** A lead's place in a sequence: « en cours », « en pause », « arrêtée », « terminée ». */
export const enrollmentStatusLabel = words(ENROLLMENT_STATES);

export type ConsentState = "opt_in" | "opt_out" | "none";

/** A channel's consent from its dates: an opt-out wins (opting in again clears it). */
export function consentState(optInAt: Date | null, optOutAt: Date | null): ConsentState {
  if (optOutAt) return "opt_out";
  return optInAt ? "opt_in" : "none";
}

const CONSENT_WORDS: Readonly<Record<ConsentState, string>> = {
  opt_in: "accepté",
  opt_out: "désinscrit",
  none: "pas de consentement",
};

export const consentLabel = (state: ConsentState): string => CONSENT_WORDS[state];
