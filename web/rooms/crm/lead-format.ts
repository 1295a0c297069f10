// How the board and the lead page write amounts, days and dates in French: « 24 000 € »,
// « il y a 3 j », « aujourd'hui », « 3 nov. 2026 ».
const EUROS = new Intl.NumberFormat("fr-FR", {
  style: "currency",
  currency: "EUR",
  maximumFractionDigits: 0,
});

export const euros = (n: number) => EUROS.format(n);

/** Days since the last contact as a card says it. */
export function sinceContact(days: number | null): string {
  if (days === null) return "aucun contact";
  if (days <= 0) return "aujourd'hui";
  if (days === 1) return "hier";
  return `il y a ${days} j`;
}

/** « 3 nov. 2026 » in the tenant's time zone. */
export function frenchDate(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("fr-FR", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone,
  }).format(new Date(iso));
}

/** « 3 nov. 2026 à 14:05 » in the tenant's time zone. */
export function frenchDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone }).format(
    date,
  );
  return `${frenchDate(iso, timeZone)} à ${time}`;
}

/** The class that colours a heat (the word is always written next to it). */
export const heatClass = (heat: string | null) => (heat ? `heat heat-${heat}` : "heat heat-none");
