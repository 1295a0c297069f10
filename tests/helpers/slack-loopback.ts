// A loopback Slack Web API: answers auth.test, chat.postMessage and chat.update the way Slack does
// (form or JSON bodies, bot token in the Authorization header), records every call, and can be told
// to fail the next calls (a 429 with Retry-After, a 5xx, a platform error).
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackCall {
  method: string;
  token?: string;
  params: Record<string, unknown>;
  /** What the mock answered (a posted message's ts is `response.ts`). */
  response?: Record<string, unknown>;
}

export type SlackFault = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export interface SlackLoopback {
  apiUrl: string;
  calls: SlackCall[];
  /** Calls of one method, in order. */
  of(method: string): SlackCall[];
  /** The next calls (any method but auth.test) get these faults, in order. */
  fail(...faults: SlackFault[]): void;
  close(): Promise<void>;
}

export const BOT_USER_ID = "UMAXBOT";

async function paramsOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (String(req.headers["content-type"]).includes("json")) return JSON.parse(raw || "{}");
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return params;
}

export async function startSlackLoopback(): Promise<SlackLoopback> {
  const calls: SlackCall[] = [];
  const faults: SlackFault[] = [];
  let seq = 0;
  const nextTs = () => `1763300000.${String(++seq).padStart(6, "0")}`;

  const answer = (method: string, params: Record<string, unknown>) => {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://demo.slack.test/",
          team: "Demo",
          user: "max",
          team_id: "T0DEMO",
          user_id: BOT_USER_ID,
          bot_id: "BMAXBOT",
        };
      case "chat.postMessage": {
        const ts = nextTs();
        return {
          ok: true,
          channel: params.channel,
          ts,
          message: { type: "message", text: params.text, ts, bot_id: "BMAXBOT", thread_ts: params.thread_ts },
        };
      }
      case "chat.update":
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const params = await paramsOf(req);
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    const call: SlackCall = { method, token, params };
    calls.push(call);
    const fault = method === "auth.test" ? undefined : faults.shift();
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (fault && "status" in fault && fault.status === 429) {
      return send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(fault.retryAfter) });
    }
    if (fault && "status" in fault) return send(fault.status, { ok: false, error: "internal_error" });
    if (fault) return send(200, { ok: false, error: fault.error });
    call.response = answer(method, params);
    send(200, call.response);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    of: (method) => calls.filter((c) => c.method === method),
    fail: (...more) => faults.push(...more),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
