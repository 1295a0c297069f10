// The live stream (Server-Sent Events) read with fetch, so the bearer token travels in a header and
// never in a URL; parsed by eventsource-parser. It resumes after any disconnect with Last-Event-ID
// (the last id it got, or the feed's id when the page loaded), waiting 1 s then up to 10 s.
import { createParser } from "eventsource-parser";
import { authHeaders } from "./api";
import type { LiveEvent } from "./types";

export type LiveState = "connecting" | "open" | "closed";

export interface LiveConnection {
  stop(): void;
}

export function connectLive(
  from: number,
  onEvent: (event: LiveEvent) => void,
  onState: (state: LiveState) => void,
): LiveConnection {
  let lastId = String(from);
  let retryMs = 1000;
  let stopped = false;
  let controller: AbortController | null = null;

  async function once(): Promise<void> {
    controller = new AbortController();
    onState("connecting");
    const res = await fetch("/api/events", {
      headers: { accept: "text/event-stream", "last-event-id": lastId, ...authHeaders() },
      signal: controller.signal,
      cache: "no-store",
    });
    if (res.status === 401) {
      stopped = true;
      onState("closed");
      return;
    }
    if (!res.ok || !res.body) throw new Error(`flux ${res.status}`);
    onState("open");
    const parser = createParser({
      onEvent(message) {
        if (message.id) lastId = message.id;
        if (message.event === "change") onEvent(JSON.parse(message.data) as LiveEvent);
      },
      onRetry(ms) {
        retryMs = ms;
      },
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        await once();
        failures = 0;
      } catch {
        failures += 1;
      }
      if (stopped) break;
      onState("connecting");
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(10_000, retryMs * 2 ** Math.min(failures, 4))),
      );
    }
  }

  void loop();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
