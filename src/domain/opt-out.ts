// What a person means when they write to stop hearing from us, decided once for every channel.
// « STOP », « STOPALL », « ARRÊT » (the words SMS and WhatsApp users know), alone on the message's
// first line, stop everything: every channel is opted out (« Stop au stress, c'est mon objectif » is
// an answer, not an opt-out). A first line that asks to unsubscribe (« désinscrivez-moi », « je veux
// me désabonner », « unsubscribe ») leaves the list of the channel it was written on, as an e-mail
// unsubscribe does: the lead may still be reached on the others. When in doubt about an unsubscribe
// word, it counts: honouring a refusal is the safe side. An e-mail's subject counts as a first line.
import { fold } from "./text.js";

export type OptOutScope = "everywhere" | "this_channel";

const EVERYWHERE = /^(stop|stopall|arret)[\s.!]*$/;
const THIS_CHANNEL = /\b(unsubscribe|desinscri|desabonne)/;

/** The opt-out a message asks for, from its first lines (an e-mail's subject, then its text); null when none. */
export function optOutRequested(...texts: string[]): OptOutScope | null {
  for (const text of texts) {
    const line = fold(text.trim().split("\n")[0] ?? "").trim();
    if (EVERYWHERE.test(line)) return "everywhere";
    if (THIS_CHANNEL.test(line)) return "this_channel";
  }
  return null;
}
