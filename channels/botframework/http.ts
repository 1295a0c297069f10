// POST /api/messages on our own HTTP server: parses the activity, authenticates it (the Bot
// Connector's JWT when an app id is configured; without one, only the local Emulator may talk to
// the bot), then runs the bot logic through CloudAdapter. A forged, expired or missing token is a
// 401; being unable to fetch the signing keys is a 500, so the Bot Connector retries.
import type {
  Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
} from "botbuilder";
import type { HttpRequest, HttpResponse } from "../../src/outbox/route.js";
import { json } from "../../src/outbox/route.js";

type Logic = (context: TurnContext) => Promise<void>;

export interface MessagesDeps {
  adapter: CloudAdapter;
  auth: ConfigurationBotFrameworkAuthentication;
  logic: Logic;
  anonymous: boolean;
}

function activityOf(req: HttpRequest): Activity | null {
  try {
    const body: unknown = JSON.parse(req.rawBody.toString("utf8"));
    const ok = body && typeof body === "object" && typeof (body as Activity).type === "string";
    return ok ? (body as Activity) : null;
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLocal(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== "string") return false;
  try {
    return LOOPBACK.has(new URL(serviceUrl).hostname);
  } catch {
    return false;
  }
}

/** botbuilder reports a bad token as an AuthenticationError (401) or as jsonwebtoken's own errors. */
const JWT_ERRORS = new Set(["JsonWebTokenError", "TokenExpiredError", "NotBeforeError"]);
function isRefusal(error: unknown): boolean {
  const e = error as { statusCode?: number; name?: string };
  return e.statusCode === 401 || JWT_ERRORS.has(e.name ?? "");
}

const UNAUTHORIZED = () => json(401, { error: "requête Bot Framework non authentifiée" });

export async function processMessages(deps: MessagesDeps, req: HttpRequest): Promise<HttpResponse> {
  const activity = activityOf(req);
  if (!activity) return json(400, { error: "activité JSON attendue" });
  if (deps.anonymous && !isLocal(activity.serviceUrl)) return UNAUTHORIZED();
  const header = req.headers.authorization ?? "";
  let identity: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>>;
  try {
    identity = await deps.auth.authenticateRequest(activity, header);
  } catch (error) {
    if (isRefusal(error)) return UNAUTHORIZED();
    throw error;
  }
  await deps.adapter.processActivityDirect(identity, activity, deps.logic);
  return { status: 200 };
}
