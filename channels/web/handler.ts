// How the web app's API answers: the tenant and user from the bearer session only, bodies and queries
// validated by zod, and every refusal as `{ error, message }` — a stable code for the page, a French
// sentence for the person. Bad input is a 400 naming the fields, never a 500.
import type { z } from "zod";
import { type HttpRequest, type HttpResponse, json } from "../../src/outbox/route.js";
import { JsonBodyError, parseJson } from "../../src/outbox/safe-json.js";
import type { Store } from "../../src/store/index.js";
import { StoreError } from "../../src/store/index.js";
import { authenticate, type WebUser } from "./session.js";

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_many"
  | "unavailable";

export const failure = (status: number, error: ErrorCode, message: string): HttpResponse =>
  json(status, { error, message });

export class BadRequest extends Error {}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => (i.path.length ? `${i.path.join(".")} : ${i.message}` : i.message)).join(" ; ");

/** The body parsed by the schema; an empty body is `{}`. */
export function bodyOf<T>(req: HttpRequest, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = req.rawBody.length === 0 ? {} : parseJson(req.rawBody);
  } catch (error) {
    throw error instanceof JsonBodyError ? new BadRequest(error.message) : error;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequest(issuesOf(parsed.error));
  return parsed.data;
}

/** The query string parsed by the schema: a name given twice is a list, once a string. */
export function queryOf<T>(req: HttpRequest, schema: z.ZodType<T>): T {
  const value: Record<string, string | string[]> = {};
  for (const key of new Set(req.url.searchParams.keys())) {
    const all = req.url.searchParams.getAll(key);
    value[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequest(issuesOf(parsed.error));
  return parsed.data;
}

export type Handler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** Bad input and the store's refusals (unknown lead, invalid status) answer in French, never a 500. */
export const guarded =
  (handle: Handler): Handler =>
  async (req) => {
    try {
      return await handle(req);
    } catch (error) {
      if (error instanceof BadRequest) {
        return failure(400, "invalid_request", `Requête invalide : ${error.message}`);
      }
      if (error instanceof StoreError) {
        if (error.code === "NOT_FOUND") return failure(404, "not_found", error.message);
        if (error.code === "CONFLICT") return failure(409, "conflict", error.message);
        return failure(400, "invalid_request", error.message);
      }
      throw error;
    }
  };

export const UNAUTHORIZED = failure(401, "unauthorized", "Session absente ou expirée : reconnectez-vous.");

/** A handler for a signed-in user: 401 before the body is even read. */
export function signedIn(
  store: Store,
  handle: (req: HttpRequest, me: WebUser) => HttpResponse | Promise<HttpResponse>,
): Handler {
  return guarded((req) => {
    const me = authenticate(store, req.headers.authorization);
    return me ? handle(req, me) : UNAUTHORIZED;
  });
}
