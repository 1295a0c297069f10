// What a person means when they write to stop hearing from us, decided once for every channel.
// « STOP », « STOPALL », « ARRÊT » (the words SMS and WhatsApp users know) stop everything: every
// channel is opted out. « Désinscrivez-moi », « unsubscribe », « désabonner » leave the list of the
// channel they were written on, as an e-mail unsubscribe does: the lead may still be reached by
// WhatsApp. The request is the start of the message's first line (or of an e-mail's subject).
import { fold } from "./text.js";

export type OptOutScope = "everywhere" | "this_channel";

const EVERYWHERE = /^(stop|stopall|arret)\b/;
const THIS_CHANNEL = /^(unsubscribe|desinscri|desabonne)/;

/** The opt-out a message asks for, from its first lines (an e-mail's subject, then its text); null when none. */
export function optOutRequested(...texts: string[]): OptOutScope | null {
  for (const text of texts) {
    const line = fold(text.trim().split("\n")[0] ?? "").trim();
    if (EVERYWHERE.test(line)) return "everywhere";
    if (THIS_CHANNEL.test(line)) return "this_channel";
  }
  return null;
}
