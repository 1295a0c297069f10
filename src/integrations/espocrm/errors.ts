// What can go wrong in a call to EspoCRM, as one class with a code the caller can act on. The code
// is decided here, from the status and the `X-Status-Reason` header EspoCRM puts its message in, so
// that every caller classifies alike: only `transient` (a 5xx, a timeout, a dropped connection) is
// worth another try; `unauthorized` never is (more than 10 failed logins from one IP in 60 s lock the
// whole IP out, good key included, with a 403 `locked_out`). A write that failed as transient may
// still have been applied (a 503 after the fact, a connection dropped after the commit):
// `mayHaveApplied` says so, and the caller looks before writing again.

export type EspoErrorCode =
  /** 401: wrong key, signature or password. Never retried: each try counts toward the lockout. */
  | "unauthorized"
  /** 403 "Max failed login attempts exceeded…": this IP is locked out for up to a minute. */
  | "locked_out"
  /** 403: no access (an API user on an admin endpoint, a `from` address not allowed, maxSize > 200…). */
  | "forbidden"
  | "not_found"
  /** 400 field validation: `field` and `validationType` (valid, required, maxLength, pattern…). */
  | "validation"
  /** 400 other than validation (bad order, unknown where item type or attribute…). */
  | "bad_request"
  /** 409 `duplicate`: `matches` holds up to 5 existing records (same name or same e-mail). */
  | "duplicate"
  /** 409 `modified`: optimistic concurrency, `current` holds the server's values and versionNumber. */
  | "conflict_modified"
  /** 409 otherwise, such as a field that already exists in the field manager. */
  | "conflict"
  /** 5xx, timeout or a connection dropped: worth another try, later. */
  | "transient"
  /** An answer that is none of the above (a redirect, a body that is not JSON). */
  | "unexpected";

export interface EspoErrorDetails {
  code: EspoErrorCode;
  method: string;
  /** The path after /api/v1, without the query. */
  path: string;
  status: number | null;
  /** EspoCRM's `X-Status-Reason`, or the network error's name. */
  reason: string | null;
  field?: string;
  validationType?: string;
  matches?: Record<string, unknown>[];
  current?: { values: Record<string, unknown>; versionNumber: number | null };
  /** The messageTranslation label of a 409 or 400 body (e.g. fieldAlreadyExists). */
  label?: string;
}

const MESSAGES: Record<EspoErrorCode, string> = {
  unauthorized: "identifiants EspoCRM refusés",
  locked_out: "EspoCRM bloque cette adresse IP après trop d'échecs de connexion",
  forbidden: "accès refusé par EspoCRM",
  not_found: "introuvable dans EspoCRM",
  validation: "valeur refusée par EspoCRM",
  bad_request: "requête refusée par EspoCRM",
  duplicate: "doublon détecté par EspoCRM",
  conflict_modified: "modifié entre-temps dans EspoCRM",
  conflict: "conflit dans EspoCRM",
  transient: "EspoCRM indisponible pour l'instant",
  unexpected: "réponse inattendue d'EspoCRM",
};

export class EspoError extends Error {
  override readonly name = "EspoError";
  readonly code: EspoErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly reason: string | null;
  readonly field?: string;
  readonly validationType?: string;
  readonly matches?: Record<string, unknown>[];
  readonly current?: { values: Record<string, unknown>; versionNumber: number | null };
  readonly label?: string;

  constructor(details: EspoErrorDetails) {
    const where = `${details.method} ${details.path}`;
    const status = details.status === null ? "" : ` ${details.status}`;
    const why = details.field ? ` (champ ${details.field})` : details.reason ? ` (${details.reason})` : "";
    super(`${MESSAGES[details.code]} : ${where}${status}${why}`);
    this.code = details.code;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.reason = details.reason;
    if (details.field !== undefined) this.field = details.field;
    if (details.validationType !== undefined) this.validationType = details.validationType;
    if (details.matches !== undefined) this.matches = details.matches;
    if (details.current !== undefined) this.current = details.current;
    if (details.label !== undefined) this.label = details.label;
  }

  /** Only a transient failure is worth another try. */
  get retryable(): boolean {
    return this.code === "transient";
  }

  /** A write that failed this way may have been applied all the same: look before writing again. */
  get mayHaveApplied(): boolean {
    return this.code === "transient" && this.method !== "GET";
  }
}

export const isEspoError = (error: unknown, code?: EspoErrorCode): error is EspoError =>
  error instanceof EspoError && (code === undefined || error.code === code);

const parseJson = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
};

const translationOf = (body: unknown) => {
  const t = (body as { messageTranslation?: { label?: unknown; data?: Record<string, unknown> } } | null)
    ?.messageTranslation;
  return t && typeof t.label === "string" ? { label: t.label, data: t.data ?? {} } : null;
};

/** The error an EspoCRM answer other than 200 stands for. */
export function errorFromResponse(
  method: string,
  path: string,
  status: number,
  reason: string | null,
  bodyText: string,
): EspoError {
  const base = { method, path, status, reason };
  const body = parseJson(bodyText);
  const translation = translationOf(body);
  const label = translation ? { label: translation.label } : {};
  if (status === 401) return new EspoError({ ...base, code: "unauthorized" });
  if (status === 403) {
    const locked = /max failed login attempts/i.test(reason ?? "");
    return new EspoError({ ...base, code: locked ? "locked_out" : "forbidden", ...label });
  }
  if (status === 404) return new EspoError({ ...base, code: "not_found" });
  if (status === 400) {
    if (translation?.label === "validationFailure") {
      const data = translation.data;
      return new EspoError({
        ...base,
        code: "validation",
        ...label,
        ...(typeof data.field === "string" ? { field: data.field } : {}),
        ...(typeof data.type === "string" ? { validationType: data.type } : {}),
      });
    }
    return new EspoError({ ...base, code: "bad_request", ...label });
  }
  if (status === 409) {
    if (reason === "duplicate") {
      const list = Array.isArray(body) ? body : ((body as { list?: unknown } | null)?.list ?? []);
      return new EspoError({ ...base, code: "duplicate", matches: list as Record<string, unknown>[] });
    }
    if (reason === "modified") {
      const b = (body ?? {}) as { values?: Record<string, unknown>; versionNumber?: number };
      return new EspoError({
        ...base,
        code: "conflict_modified",
        current: { values: b.values ?? {}, versionNumber: b.versionNumber ?? null },
      });
    }
    return new EspoError({ ...base, code: "conflict", ...label });
  }
  if (status >= 500) return new EspoError({ ...base, code: "transient" });
  return new EspoError({ ...base, code: "unexpected" });
}

/** The error a failed fetch stands for: a timeout or a network failure, both transient. */
export function errorFromException(method: string, path: string, error: unknown): EspoError {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
  const reason = timedOut ? "timeout" : (e.cause?.code ?? e.cause?.message ?? e.message ?? "network");
  return new EspoError({ method, path, status: null, reason, code: "transient" });
}
