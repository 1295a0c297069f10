// Who may be written to on which channel: the one consent rule shared by send_message and by the
// newsletter's recipient count, so a draft never counts someone a message would refuse.
//
// The rule follows what the store models (a per-channel opt-in date and opt-out date, set by
// setConsent, where opting in again clears an earlier opt-out): a lead is reachable on a channel only
// with the contact data for it (an e-mail address, a phone number for WhatsApp), a recorded opt-in
// and no opt-out. The opt-in is required for e-mail as well as WhatsApp: the messages are commercial
// (RGPD and the seeds' "opt-in marketing"), and WhatsApp Business itself demands it. There is no
// "opted out of everything" column: such a lead has opted out of each channel, which this covers.

export const SEND_CHANNELS = ["email", "whatsapp"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

export const CHANNEL_LABELS: Record<SendChannel, string> = { email: "e-mail", whatsapp: "WhatsApp" };

interface ConsentState {
  optInAt: Date | null;
  optOutAt: Date | null;
}

/** What the rule reads of a lead. */
export interface Contact {
  name: string;
  email: string | null;
  phone: string | null;
  consent: Record<SendChannel, ConsentState>;
}

const WHAT: Record<SendChannel, string> = { email: "des e-mails", whatsapp: "des messages WhatsApp" };

/** Why this lead cannot receive a message on this channel, in French; null when it can. */
export function unreachableReason(lead: Contact, channel: SendChannel): string | null {
  if (channel === "email" && !lead.email) return `${lead.name} n'a pas d'adresse e-mail.`;
  if (channel === "whatsapp" && !lead.phone)
    return `${lead.name} n'a pas de numéro de téléphone pour WhatsApp.`;
  const consent = lead.consent[channel];
  if (consent.optOutAt)
    return `${lead.name} a retiré son accord pour recevoir ${WHAT[channel]} (désinscription).`;
  if (!consent.optInAt)
    return `${lead.name} n'a pas donné son accord (opt-in) pour recevoir ${WHAT[channel]}.`;
  return null;
}

/**
 * WhatsApp's 24-hour window: free text may go to someone only within 24 h of their last message to
 * us; after that, only an approved template.
 */
export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

export function whatsappWindowOpen(lastInboundAt: Date | number | undefined, now: Date): boolean {
  if (lastInboundAt === undefined) return false;
  const at = typeof lastInboundAt === "number" ? lastInboundAt : lastInboundAt.getTime();
  return now.getTime() - at < WHATSAPP_WINDOW_MS;
}
