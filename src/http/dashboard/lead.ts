// Routes of a lead's page (GET /api/lead…).
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function leadRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
