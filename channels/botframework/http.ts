// POST /api/messages on our own HTTP server: parses the activity, checks its serviceUrl (where the
// reply will go), authenticates it (the Bot Connector's JWT when an app id is configured; without
// one, in emulator mode, only requests over the loopback interface), then runs the bot logic through
// CloudAdapter. A forged, expired or missing token is a 401; being unable to fetch the signing keys
// is a 500, so the Bot Connector retries.
import type {
  Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
} from "botbuilder";
import type { HttpRequest, HttpResponse } from "../../src/outbox/route.js";
import { json } from "../../src/outbox/route.js";
import { JsonBodyError, parseJson } from "../../src/outbox/safe-json.js";
import { isLoopbackPeer, type ServiceUrlPolicy, serviceUrlAllowed } from "./service-url.js";

type Logic = (context: TurnContext) => Promise<void>;

export interface MessagesDeps {
  adapter: CloudAdapter;
  auth: ConfigurationBotFrameworkAuthentication;
  logic: Logic;
  /** "emulator": no app id, so nothing authenticates the caller but its loopback address. */
  policy: ServiceUrlPolicy;
}

/** The activity of the body, or why there is none. */
function activityOf(req: HttpRequest): Activity | string {
  let body: unknown;
  try {
    body = parseJson(req.rawBody);
  } catch (error) {
    if (error instanceof JsonBodyError) return error.message;
    throw error;
  }
  const ok = body && typeof body === "object" && typeof (body as Activity).type === "string";
  return ok ? (body as Activity) : "activité JSON attendue";
}

/** botbuilder reports a bad token as an AuthenticationError (401) or as jsonwebtoken's own errors. */
const JWT_ERRORS = new Set(["JsonWebTokenError", "TokenExpiredError", "NotBeforeError"]);
function isRefusal(error: unknown): boolean {
  const e = error as { statusCode?: number; name?: string };
  return e.statusCode === 401 || JWT_ERRORS.has(e.name ?? "");
}

const UNAUTHORIZED = () => json(401, { error: "requête Bot Framework non authentifiée" });

export async function processMessages(deps: MessagesDeps, req: HttpRequest): Promise<HttpResponse> {
  if (deps.policy === "emulator" && !isLoopbackPeer(req.remoteAddress)) {
    return json(403, { error: "sans MICROSOFT_APP_ID, seul l'émulateur local (127.0.0.1, ::1) est accepté" });
  }
  const activity = activityOf(req);
  if (typeof activity === "string") return json(400, { error: activity });
  if (!serviceUrlAllowed(activity.serviceUrl, deps.policy)) return UNAUTHORIZED();
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
