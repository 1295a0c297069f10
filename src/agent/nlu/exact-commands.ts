// The few messages read exactly, never guessed: deciding a pending action (« confirme 12 », « oui »,
// « annule 12 »), asking for the next page (« suite »), picking a numbered choice (« 2 »).
export type ExactCommand =
  | { kind: "confirm"; id?: number }
  | { kind: "cancel"; id?: number }
  | { kind: "more" }
  | { kind: "pick"; index: number }
  /** « pause l'inscription 12 », « resume enrollment 12 »: an enrollment by its number. */
  | { kind: "enrollment"; tool: "pause_scenario" | "resume_scenario"; enrollmentId: number };

const CONFIRM =
  /^(?:oui|yes|ok|okay|d'accord|dac|vas-y|go|valide|confirme|confirmer|confirm|c'est bon)\s*(?:l'action\s*)?(?:n°|#|no\.?\s)?\s*(\d+)?$/i;
const CANCEL = /^(?:non|no|annule|annuler|cancel|refuse|stop)\s*(?:l'action\s*)?(?:n°|#|no\.?\s)?\s*(\d+)?$/i;
const MORE =
  /^(?:(?:la\s+)?suite|suivants?|(?:les\s+)?suivants|next|more|plus|encore|page\s+suivante|next\s+page)$/i;
const PICK = /^(?:n°|#)?\s*([1-9])$/;
const ENROLLMENT =
  /^(pause|mets en pause|suspends?|resume|reprends|reprendre|réactive|reactive)\s+(?:l'inscription|l'enrôlement|enrollment|inscription)\s*(?:n°|#)?\s*(\d+)$/i;

export function exactCommand(text: string): ExactCommand | undefined {
  const clean = text
    .trim()
    .replace(/[.!?\s]+$/, "")
    .replace(/[’]/g, "'");
  let m = clean.match(CONFIRM);
  if (m) return { kind: "confirm", id: m[1] ? Number(m[1]) : undefined };
  m = clean.match(CANCEL);
  if (m) return { kind: "cancel", id: m[1] ? Number(m[1]) : undefined };
  if (MORE.test(clean)) return { kind: "more" };
  m = clean.match(PICK);
  if (m) return { kind: "pick", index: Number(m[1]) };
  m = clean.match(ENROLLMENT);
  if (m) {
    const resume = /^(resume|reprend|r[ée]active)/i.test(m[1] ?? "");
    return {
      kind: "enrollment",
      tool: resume ? "resume_scenario" : "pause_scenario",
      enrollmentId: Number(m[2]),
    };
  }
  return undefined;
}
