// Text a prospect wrote, or derived from it, as data a model can read but never obey: alone between
// an opening and a closing tag, with any such tag inside it neutralised so the fence cannot be
// closed from within.
export function fence(tag: string, text: string): string {
  const forged = new RegExp(`<\\s*/?\\s*${tag}[^>]*>`, "gi");
  return `<${tag}>${text.replace(forged, "[balise retirée]")}</${tag}>`;
}

/** The tag every prospect-authored text carries when it reaches the agent's model. */
export const PROSPECT_DATA = "donnees_prospect";

/** The same text for a person's eyes: the fences are for the model, a person reads the words. */
export function unfenced(text: string, tag = PROSPECT_DATA): string {
  return text.replace(new RegExp(`</?${tag}>`, "g"), "");
}
