// What a person means when they write to stop hearing from us, decided once for every channel.
// « STOP », « STOPALL », « ARRÊT » (the words SMS and WhatsApp users know), alone on the message's
// first line, stop everything: every channel is opted out (« Stop au stress, c'est mon objectif » is
// an answer, not an opt-out). A first line that asks to unsubscribe (« désinscrivez-moi », « je veux
// me désabonner », « unsubscribe ») leaves the list of the channel it was written on, as an e-mail
// unsubscribe does: the lead may still be reached on the others. When in doubt about an unsubscribe
// word, it counts: honouring a refusal is the safe side. An e-mail's subject counts as a first line.
// « START » or « UNSTOP » alone on the first line (what the opt-out reply tells people to write) asks
// to hear from us again, on the channel it was written on only.
import { fold } from "./text.js";

export type OptOutScope = "everywhere" | "this_channel";

const EVERYWHERE = /^(stop|stopall|arret)[\s.!]*$/;
const THIS_CHANNEL = /\b(unsubscribe|desinscri|desabonne)/;
const OPT_IN = /^(start|unstop)[\s.!]*$/;

/** The first line of a text, folded (no case, no accents) and trimmed. */
const firstLine = (text: string) => fold(text.trim().split("\n")[0] ?? "").trim();

/** The opt-out a message asks for, from its first lines (an e-mail's subject, then its text); null when none. */
export function optOutRequested(...texts: string[]): OptOutScope | null {
  for (const text of texts) {
    const line = firstLine(text);
    if (EVERYWHERE.test(line)) return "everywhere";
    if (THIS_CHANNEL.test(line)) return "this_channel";
  }
  return null;
}

/** Whether a message asks to be written to again (« START », « UNSTOP »), from the same first lines. */
export function optInRequested(...texts: string[]): boolean {
  return texts.some((text) => OPT_IN.test(firstLine(text)));
}
