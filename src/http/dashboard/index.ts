// The dashboard's JSON API under /api/, for the app served at `/`. Each file holds one room's routes.
import type { Route } from "../../outbox/route.js";
import { actionRoutes } from "./actions.js";
import { automationRoutes } from "./automations.js";
import { boardRoutes } from "./board.js";
import { budgetRoutes } from "./budget.js";
import type { DashboardDeps } from "./context.js";
import { creaRoutes } from "./crea.js";
import { espaceRoutes } from "./espace.js";
import { eventRoutes } from "./events.js";
import { leadRoutes } from "./lead.js";
import { leadListRoutes } from "./leads.js";
import { meRoutes } from "./me.js";
import { reportingRoutes } from "./reporting.js";

export type { DashboardDeps } from "./context.js";

export function dashboardRoutes(deps: DashboardDeps): Route[] {
  return [
    ...meRoutes(deps),
    ...eventRoutes(deps),
    ...actionRoutes(deps),
    ...leadListRoutes(deps),
    ...boardRoutes(deps),
    ...leadRoutes(deps),
    ...espaceRoutes(deps),
    ...reportingRoutes(deps),
    ...budgetRoutes(deps),
    ...automationRoutes(deps),
    ...creaRoutes(deps),
  ];
}
