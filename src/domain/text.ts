// Text as people type it, compared without case or accents: « Hélène » and « helene » are one name,
// « tiède » and « tiede » one word.
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/** Folded words separated by single spaces, punctuation dropped: « Devis envoyé ! » is « devis envoye ». */
export function foldedWords(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** A letter typed three times or more counts once: « bonjouuur », « merciii ». */
export function squeezeRepeats(text: string): string {
  return text.replace(/(\p{L})\1{2,}/gu, "$1");
}

/** 1: two neighbouring letters swapped; 2: one letter missing, added or changed; 0: neither. */
export type Slip = 0 | 1 | 2;

export function slipOf(a: string, b: string): Slip {
  if (Math.abs(a.length - b.length) > 1 || a === b) return 0;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length !== b.length) {
    const rest = a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
    return rest ? 2 : 0;
  }
  if (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return 1;
  return a.slice(i + 1) === b.slice(i + 1) ? 2 : 0;
}
