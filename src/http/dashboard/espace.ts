// Routes of the Espace M.A.X. (suggestions, history).
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function espaceRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
