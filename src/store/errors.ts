// Store errors carry a code for programs and a French sentence for people (and for the model).
export type StoreErrorCode =
  | "NOT_FOUND"
  | "INVALID_STATUS"
  | "INVALID_FIELD"
  | "INVALID_INPUT"
  | "CONFLICT"
  | "ALREADY_REFUNDED"
  | "BUSY";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export function notFound(what: string, id: number | string): StoreError {
  return new StoreError("NOT_FOUND", `${what} ${id} introuvable.`, { id });
}
