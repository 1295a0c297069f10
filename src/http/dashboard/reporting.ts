// Routes of the dashboard's reporting room (issue 16): being built.
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function reportingRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
