// Bolt's receiver for our one HTTP server: POST /slack/events verifies Slack's signature over the raw
// bytes, answers the url_verification handshake, then hands the body to Bolt's listeners and answers
// with what they acknowledged. The response waits for the listeners, so a 200 means the event is queued.
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "pino";
import { type HttpRequest, type HttpResponse, json, type Route, text } from "../../src/outbox/route.js";
import { JsonBodyError, parseJson } from "../../src/outbox/safe-json.js";
import { isSignedBySlack } from "./verify.js";

export const SLACK_EVENTS_PATH = "/slack/events";

/**
 * Events arrive as JSON; interactions (button clicks) as a form whose `payload` field is JSON. Returns
 * the body, or why it cannot be read.
 */
function bodyOf(req: HttpRequest): Record<string, unknown> | string {
  const form = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  let parsed: unknown;
  try {
    parsed = parseJson(
      form ? (new URLSearchParams(req.rawBody.toString("utf8")).get("payload") ?? "") : req.rawBody,
    );
  } catch (error) {
    if (error instanceof JsonBodyError) return error.message;
    throw error;
  }
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : "objet JSON attendu";
}

const headerNumber = (value: string | string[] | undefined) => {
  const n = Number.parseInt(String(Array.isArray(value) ? value[0] : (value ?? "")), 10);
  return Number.isNaN(n) ? undefined : n;
};

export class RouteReceiver implements Receiver {
  private app?: App;
  private ready?: Promise<void>;

  constructor(
    private readonly signingSecret: string,
    private readonly log: Logger,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  // Our HTTP server is started and stopped by serve(); Bolt has nothing to listen on.
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Bolt's auth.test, once; a failure is retried on the next request instead of sticking. */
  private initialized(app: App): Promise<void> {
    this.ready ??= app.init().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  readonly route: Route = {
    method: "POST",
    path: SLACK_EVENTS_PATH,
    handle: async (req) => {
      if (!isSignedBySlack(this.signingSecret, req)) {
        this.log.warn({ path: SLACK_EVENTS_PATH }, "slack request refused: bad or stale signature");
        return json(401, { error: "signature invalide" });
      }
      const body = bodyOf(req);
      if (typeof body === "string") return json(400, { error: `corps illisible : ${body}` });
      if (body.type === "url_verification") return json(200, { challenge: body.challenge });
      return this.dispatch(req, body);
    },
  };

  private async dispatch(req: HttpRequest, body: Record<string, unknown>): Promise<HttpResponse> {
    const app = this.app;
    if (!app) return json(503, { error: "slack non initialisé" });
    await this.initialized(app);
    let response = text(200, "");
    const event: ReceiverEvent = {
      body,
      retryNum: headerNumber(req.headers["x-slack-retry-num"]),
      retryReason: String(req.headers["x-slack-retry-reason"] ?? "") || undefined,
      ack: async (answer?: unknown) => {
        if (answer !== undefined && answer !== "") response = json(200, answer);
      },
    };
    await app.processEvent(event);
    return response;
  }
}
