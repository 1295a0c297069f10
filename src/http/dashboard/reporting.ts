// Routes of the dashboard's Reporting room: GET /api/reporting?days=7|30|90 (the tiles of the period
// and of the one before, the funnel, the replies per channel, the trade's indicators), GET
// /api/reporting/activity?after=&limit= (the activity feed, newest first) and GET
// /api/reporting/suggestions (what M.A.X. suggests, each with its prepared action). Every figure comes
// from the store; the definitions are in reporting-report.ts and reporting-kpis.ts.
import { z } from "zod";
import { queryOf, signedIn } from "../../../channels/web/handler.js";
import { json, type Route } from "../../outbox/route.js";
import { type DashboardDeps, gateContextFor } from "./context.js";
import { FEED_LIMIT, FEED_MAX, feedOf } from "./reporting-feed.js";
import { kpisOf } from "./reporting-kpis.js";
import { REPORT_DAYS } from "./reporting-periods.js";
import { reportOf } from "./reporting-report.js";
import { reportingSuggestions } from "./reporting-suggestions.js";

const reportQuery = z.object({
  days: z.coerce
    .number({ error: "days : 7, 30 ou 90 jours" })
    .pipe(
      z.union(
        REPORT_DAYS.map((d) => z.literal(d)),
        { error: "days : 7, 30 ou 90 jours" },
      ),
    )
    .default(7),
});

const feedQuery = z.object({
  after: z.iso.datetime({ offset: true, error: "after : une date ISO 8601" }).optional(),
  limit: z.coerce.number().int().min(1).max(FEED_MAX).default(FEED_LIMIT),
});

export function reportingRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  // Lookups (the tools priced as a read: search, budget, list of enrollments…) are no AI action.
  const lookups: ReadonlySet<string> = new Set(
    deps.tools.all.filter((t) => t.costKey === "read").map((t) => t.name),
  );
  return [
    {
      method: "GET",
      path: "/api/reporting",
      handle: signedIn(store, (req, me) => {
        const { days } = queryOf(req, reportQuery);
        const report = reportOf(store, me.tenant.id, days, lookups);
        const kpis = kpisOf(store, me.tenant.id, report.vertical, report.window, report.figures);
        return json(200, { ...report.body, kpis });
      }),
    },
    {
      method: "GET",
      path: "/api/reporting/activity",
      handle: signedIn(store, (req, me) => {
        const { after, limit } = queryOf(req, feedQuery);
        const items = feedOf(store, me.tenant.id, {
          after: after ? new Date(after) : undefined,
          limit,
          lookups,
        });
        return json(200, { items });
      }),
    },
    {
      method: "GET",
      path: "/api/reporting/suggestions",
      handle: signedIn(store, (_req, me) =>
        json(200, { suggestions: reportingSuggestions(gateContextFor(deps, me)) }),
      ),
    },
  ];
}
