// Plain-data snapshots for audit rows (Dates become ISO strings).
export function snapshot<T>(value: T): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
