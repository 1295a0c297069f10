// Routes of the CRM list (GET /api/leads, CSV, saved views, bulk actions).
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function leadListRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
