// Routes of the dashboard's automations room (issue 16): being built.
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function automationRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
