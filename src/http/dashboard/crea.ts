// Routes of the dashboard's Espace Créa: the templates and M.A.X.'s drafts (crea-library.ts), the
// editor's preview frame (crea-preview.ts), the uploaded images and their public /media/ route
// (crea-images.ts), the test e-mail to oneself (crea-test-send.ts), and the campaigns' audience and
// list (crea-campaigns.ts). Planning and cancelling a campaign are tools, through /api/actions.
import type { Route } from "../../outbox/route.js";
import type { DashboardDeps } from "./context.js";
import { creaCampaignRoutes } from "./crea-campaigns.js";
import { creaImageRoutes } from "./crea-images.js";
import { creaLibraryRoutes } from "./crea-library.js";
import { creaPreviewRoutes } from "./crea-preview.js";
import { creaTestSendRoutes } from "./crea-test-send.js";

export function creaRoutes(deps: DashboardDeps): Route[] {
  return [
    ...creaLibraryRoutes(deps.store),
    ...creaPreviewRoutes(deps.store),
    ...creaImageRoutes(deps.store),
    ...creaTestSendRoutes(deps),
    ...creaCampaignRoutes(deps.store),
  ];
}
