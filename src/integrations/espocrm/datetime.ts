// EspoCRM's datetimes on the wire: `YYYY-MM-DD HH:mm:ss`, always UTC, whole seconds (two writes in
// the same second carry the same modifiedAt, which is why paging breaks ties on the id). Pure.

const ESPO_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `2026-11-16T10:00:00.900Z` → `2026-11-16 10:00:00` (truncated to the second). */
export function toEspoDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** `2026-11-16 10:00:00` → that instant in UTC; null for anything else (EspoCRM sends null for none). */
export function fromEspoDateTime(text: string | null | undefined): Date | null {
  const m = ESPO_DATETIME.exec(text ?? "");
  if (!m) return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
