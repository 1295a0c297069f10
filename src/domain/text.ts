// Text as people type it, compared without case or accents: « Hélène » and « helene » are one name,
// « tiède » and « tiede » one word.
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
