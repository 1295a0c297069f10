// Turns what a person types into a safe FTS5 query: every word becomes a quoted prefix term (so
// FTS syntax in user text is inert), all words must match, and a phone number is searched as digits.

const PHONE = /^\+?[\d\s.()-]{4,}$/;

function phoneQuery(text: string): string | null {
  if (!PHONE.test(text)) return null;
  let digits = text.replace(/\D/g, "");
  // Short digit runs like "2024" are years or quote numbers, unless they start like a phone number.
  if (digits.length < 6 && !/^[+0]/.test(text.trim())) return null;
  if (text.trim().startsWith("+33")) digits = `0${digits.slice(2)}`;
  return `phone : "${digits}"*`;
}

export function toFtsQuery(text: string): string | null {
  const trimmed = text.normalize("NFC").trim();
  if (!trimmed) return null;
  const phone = phoneQuery(trimmed);
  if (phone) return phone;
  const terms = trimmed
    .split(/\s+/)
    .map((t) => t.replaceAll('"', ""))
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (terms.length === 0) return null;
  return terms.map((t) => (t.length > 1 ? `"${t}"*` : `"${t}"`)).join(" ");
}
