// Routes of the dashboard's budget room (issue 16): being built.
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function budgetRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
