// GET /api/events: the page's live stream (text/event-stream). The page sends its bearer token like
// any API call and `Last-Event-ID` to resume where it stopped.
import { z } from "zod";
import { signedIn } from "../../../channels/web/handler.js";
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

const lastEventId = z.coerce.number().int().min(0);

export function eventRoutes({ store, live }: DashboardDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/events",
      handle: signedIn(store, (req, me) => {
        const header = req.headers["last-event-id"];
        const resumed = lastEventId.safeParse(Array.isArray(header) ? header[0] : header);
        return {
          status: 200,
          headers: {
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-store",
            "x-accel-buffering": "no",
          },
          stream: (sink) => live.subscribe(me.tenant.id, sink, resumed.success ? resumed.data : null),
        };
      }),
    },
  ];
}
