// A lead's timeline entry as a French reader names it (« e-mail en échec », « WhatsApp reçu »),
// never by its stored kind or status code.
const KINDS: Record<string, string> = {
  note: "note",
  call: "appel",
  email_out: "e-mail",
  email_in: "e-mail reçu",
  whatsapp_out: "WhatsApp",
  whatsapp_in: "WhatsApp reçu",
  meeting: "rendez-vous",
  status_change: "changement de statut",
  appointment: "rendez-vous",
  campaign: "campagne e-mail",
};

const SEND_STATES: Record<string, string> = {
  queued: "en file d'envoi",
  sending: "en cours d'envoi",
  sent: "envoyé",
  delivered: "remis",
  failed: "en échec",
};

export function timelineLabel(kind: string, status?: unknown): string {
  const label = KINDS[kind] ?? kind;
  const state = typeof status === "string" ? SEND_STATES[status] : undefined;
  return state && kind.endsWith("_out") ? `${label} ${state}` : label;
}

/** Entries whose text a prospect wrote or an import brought: data for a model, never instructions. */
export const FROM_OUTSIDE = new Set(["email_in", "whatsapp_in", "note"]);
