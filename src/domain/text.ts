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
