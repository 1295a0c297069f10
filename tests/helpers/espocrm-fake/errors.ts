// How the fake fails, the way EspoCRM's ErrorOutput does: a status, the message in the
// `X-Status-Reason` header, and a body only when the exception carries one.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly body?: unknown,
  ) {
    super(`${status} ${reason}`);
  }
}

export const badRequest = (reason: string, body?: unknown) => new HttpError(400, reason, body);
export const forbidden = (reason = "", body?: unknown) => new HttpError(403, reason, body);
export const notFound = (reason: string) => new HttpError(404, reason);

/** 400 `Field validation failure; …` with EspoCRM's messageTranslation body. */
export const validationFailure = (entityType: string, field: string, type: string) =>
  new HttpError(400, `Field validation failure; entityType: ${entityType}, field: ${field}, type: ${type}.`, {
    messageTranslation: { label: "validationFailure", scope: null, data: { field, type } },
  });
