// The merge fields of a message body — {{nom}}, {{entreprise}}, {{secteur}} — filled per recipient
// when it is sent, and the image placeholder the user swaps for a picture. One list, so the Créa
// editor flags exactly the fields the sender cannot fill.
import { escapeHtml } from "./html.js";

/** The seeds' image placeholder: the user swaps it for a picture before sending. */
export const IMAGE_PLACEHOLDER = "[Votre image ici]";

export interface MergeRecipient {
  firstName: string;
  lastName: string;
  company: string | null;
  fields: Record<string, unknown>;
}

const nonEmpty = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

// Fallbacks read well where the templates use the fields: "Bonjour Madame, Monsieur,", "pour votre
// entreprise", "du secteur de votre activité".
const MERGE_FIELDS: Record<string, (lead: MergeRecipient) => string> = {
  nom: (l) => `${l.firstName} ${l.lastName}`.trim() || nonEmpty(l.company) || "Madame, Monsieur",
  entreprise: (l) => nonEmpty(l.company) || "votre entreprise",
  secteur: (l) => nonEmpty(l.fields.secteur_b2b) || "de votre activité",
};

export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS);

const ANY_FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The {{…}} of a body that are not merge fields, each once, in order: « {{prenom}} » is a typo to flag. */
export function unknownMergeFields(html: string): string[] {
  const unknown = new Set<string>();
  for (const [, name = ""] of html.matchAll(ANY_FIELD)) {
    if (!Object.hasOwn(MERGE_FIELDS, name)) unknown.add(name);
  }
  return [...unknown];
}

/** One recipient's copy of an HTML body: {{nom}}, {{entreprise}}, {{secteur}} filled and escaped. */
export function renderMergeFields(html: string, lead: MergeRecipient): string {
  return html.replace(/\{\{\s*(nom|entreprise|secteur)\s*\}\}/g, (whole, name: string) => {
    const value = MERGE_FIELDS[name];
    return value ? escapeHtml(value(lead)) : whole;
  });
}

const braces = (names: readonly string[]) => names.map((n) => `{{${n}}}`).join(", ");

/** Why this body cannot be saved or sent: its unknown merge fields and the ones that exist; null if none. */
export function mergeFieldRefusal(html: string): string | null {
  const unknown = unknownMergeFields(html);
  if (unknown.length === 0) return null;
  const s = unknown.length > 1 ? "s" : "";
  return `Champ${s} de fusion inconnu${s} : ${braces(unknown)}. Champs possibles : ${braces(MERGE_FIELD_NAMES)}.`;
}
