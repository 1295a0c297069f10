// The public tracking endpoints of campaign mails. GET /t/open?r=TOKEN answers the 43-byte transparent
// pixel, never cached, whatever the token (a mail client learns nothing from it). GET /t/click?r=&l=
// redirects (302) only to link number l of the token's own campaign — anything else, a forged token
// or index, gets a short French 404 page: never an open redirect. Hits are not written on the
// request's path: a small writer gathers them and records them in one transaction every ~100 ms (in
// slices, so a burst never holds the event loop long), on the acks' connection in thread mode; a
// database busy elsewhere keeps them for the next flush.

import type { Logger } from "pino";
import { CLICK_PATH, OPEN_PATH } from "../../channels/email/campaign-send.js";
import { unsubscribePage as lockedPage } from "../../channels/email/unsubscribe-page.js";
import type { HttpResponse, Route } from "../outbox/route.js";
import { TRACKING_TOKEN } from "../store/campaign-ids.js";
import type { TrackingHit } from "../store/campaign-tracking.js";
import { type Store, StoreError } from "../store/index.js";

const PIXEL = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
const NO_STORE = "no-store, no-cache, must-revalidate, private";
const FLUSH_MS = 100;
/**
 * Hits written per transaction: a slice of a burst (a first open or click also writes the lead's
 * timeline, ~0.5 ms), then the event loop serves requests again.
 */
const SLICE = 8;
/** Kept while the database is busy elsewhere; beyond it, new hits are dropped (counts, not money). */
const MAX_WAITING = 50_000;

const pixel = (): HttpResponse => ({
  status: 200,
  headers: { "content-type": "image/gif", "cache-control": NO_STORE, "x-content-type-options": "nosniff" },
  body: PIXEL,
});

const unknownLink = () =>
  lockedPage(404, "Lien introuvable", "<p>Ce lien n'est pas valide ou n'existe plus.</p>");

export interface HitWriter {
  add(hit: TrackingHit): void;
  /** Writes what is waiting (the server closing). */
  stop(): void;
}

export function hitWriter(store: Store, log: Logger, flushMs = FLUSH_MS): HitWriter {
  let waiting: TrackingHit[] = [];
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    timer ??= setTimeout(flush, flushMs);
  };
  function writeSlice(): boolean {
    const slice = waiting.slice(0, SLICE);
    try {
      store.campaigns.recordHits(slice);
    } catch (err) {
      if (!(err instanceof StoreError && err.code === "BUSY")) {
        log.error({ err }, "campaign hits not recorded");
        waiting = waiting.slice(slice.length);
      }
      return false;
    }
    waiting = waiting.slice(slice.length);
    return true;
  }
  function flush() {
    timer = undefined;
    if (waiting.length === 0) return;
    if (writeSlice() && waiting.length > 0) setImmediate(flush);
    else if (waiting.length > 0) later();
  }
  return {
    add(hit) {
      if (waiting.length < MAX_WAITING) waiting.push(hit);
      later();
    },
    stop() {
      clearTimeout(timer);
      while (waiting.length > 0 && writeSlice());
    },
  };
}

export function trackingRoutes(store: Store, writer: HitWriter): Route[] {
  return [
    {
      method: "GET",
      path: OPEN_PATH,
      handle(req) {
        const token = req.url.searchParams.get("r") ?? "";
        if (TRACKING_TOKEN.test(token)) writer.add({ token, kind: "open", at: store.clock() });
        return pixel();
      },
    },
    {
      method: "GET",
      path: CLICK_PATH,
      handle(req) {
        const token = req.url.searchParams.get("r") ?? "";
        const index = req.url.searchParams.get("l") ?? "";
        const url = /^\d{1,4}$/.test(index) ? store.campaigns.linkOf(token, Number(index)) : undefined;
        if (!url) return unknownLink();
        writer.add({ token, kind: "click", at: store.clock(), url });
        // The token stays ours: no referrer to the page the reader lands on.
        return {
          status: 302,
          headers: { location: url, "cache-control": NO_STORE, "referrer-policy": "no-referrer" },
        };
      },
    },
  ];
}
