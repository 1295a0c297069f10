// Routes of the dashboard's crea room (issue 16): being built.
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function creaRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
