// POST /api/messages on our own HTTP server: adapts the raw request to what CloudAdapter.process
// expects (a parsed body, headers, method) and collects its status and body into our response.
// CloudAdapter verifies the Bot Framework JWT when an app id is configured (401 otherwise).
import type { CloudAdapter, TurnContext } from "botbuilder";
import type { HttpRequest, HttpResponse } from "../../src/http/router.js";
import { json } from "../../src/http/router.js";

type Logic = (context: TurnContext) => Promise<void>;

/** The slice of an Express-style response that CloudAdapter.process writes to. */
function collectingResponse() {
  const result: HttpResponse = { status: 200 };
  const headers: Record<string, string> = {};
  const response = {
    socket: null,
    status(code: number) {
      result.status = code;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    send(body: unknown) {
      if (typeof body === "string" || Buffer.isBuffer(body)) {
        result.body = body;
      } else if (body !== undefined) {
        headers["content-type"] = "application/json; charset=utf-8";
        result.body = JSON.stringify(body);
      }
    },
    end() {},
  };
  return { response, done: (): HttpResponse => ({ ...result, headers }) };
}

function bodyOf(req: HttpRequest): Record<string, unknown> | null {
  try {
    const body: unknown = JSON.parse(req.rawBody.toString("utf8"));
    return body && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Without an app id nothing is authenticated: only the local Emulator may talk to the bot then. */
function isLocalServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== "string") return false;
  try {
    return LOOPBACK.has(new URL(serviceUrl).hostname);
  } catch {
    return false;
  }
}

export async function processMessages(
  adapter: CloudAdapter,
  logic: Logic,
  req: HttpRequest,
  { anonymous }: { anonymous: boolean },
): Promise<HttpResponse> {
  const body = bodyOf(req);
  if (!body) return json(400, { error: "activité JSON attendue" });
  if (anonymous && !isLocalServiceUrl(body.serviceUrl)) {
    return json(401, { error: "authentification Bot Framework requise (MICROSOFT_APP_ID)" });
  }
  const { response, done } = collectingResponse();
  await adapter.process({ method: req.method, headers: req.headers, body }, response, logic);
  return done();
}
