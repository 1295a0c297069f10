// Routes of the pipeline board (GET /api/board…).
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";

export function boardRoutes(_deps: DashboardDeps): Route[] {
  return [];
}
