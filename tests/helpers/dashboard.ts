// The dashboard's server on the seeded demo (the real serve(): web channel, app bundle, API, live
// stream) and a signed-in client of its JSON API, as the page is.
import { createParser } from "eventsource-parser";
import { webChannel } from "../../channels/web/index.js";
import { parseConfig } from "../../src/config.js";
import { type Running, serve } from "../../src/main.js";
import type { ChannelFactory } from "../../src/outbox/channel.js";
import { seedDemo } from "../../src/seed/seed-demo.js";
import { type TestStore, testStore } from "./store.js";

export interface DashboardServer {
  t: TestStore;
  running: Running;
  close(): Promise<void>;
}

/** `channels`: the web chat by default; a test of relances adds the e-mail channel (to the SMTP sink). */
export async function startDashboard(
  channels: readonly ChannelFactory[] = [webChannel],
): Promise<DashboardServer> {
  const t = testStore();
  seedDemo(t.store);
  const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: t.path });
  const running = await serve(config, t.store, channels);
  return {
    t,
    running,
    async close() {
      await running.close();
      t.cleanup();
    },
  };
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function apiClient(url: string, token?: string) {
  return async (method: "GET" | "POST", path: string, body?: unknown): Promise<ApiAnswer> => {
    const res = await fetch(url + path, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
}

/** The demo's session (the owner of demo-coaching), as the page opens it on loopback. */
export async function demoToken(url: string): Promise<string> {
  const answer = await apiClient(url)("POST", "/api/web/session", {});
  if (answer.status !== 201) throw new Error(`session: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
}

export interface StreamEvent {
  id: string | undefined;
  data: Record<string, unknown>;
  at: number;
}

/** Opens /api/events and collects its change events until closed. */
export async function openStream(url: string, token: string, lastEventId?: string | number) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events`, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) }),
    },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (m) => {
      if (m.event === "change") events.push({ id: m.id, data: JSON.parse(m.data), at: performance.now() });
    },
  });
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    events,
    async close() {
      controller.abort();
      await reading;
    },
  };
}
