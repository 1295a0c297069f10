// Who is signed in and what the page needs to draw the tenant: mode and balance for the header, the
// pipeline, heats, owners and vertical fields for the CRM's filters, in words; and the feed's id to
// resume live updates from, so nothing between this answer and the stream is missed.

import { signedIn } from "../../../channels/web/handler.js";
import { welcome } from "../../agent/small-talk.js";
import {
  fieldLabel,
  fieldsFor,
  fieldValueLabel,
  heatLabel,
  isManager,
  MODE_LABELS,
  type Mode,
  pipelineFor,
  statusLabel,
} from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import { HEATS } from "../../store/lead-input.js";
import type { DashboardDeps } from "./context.js";

export function meRoutes({ store, live }: DashboardDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/me",
      handle: signedIn(store, (_req, me) => {
        const tenant = store.tenants.require(me.tenant.id);
        const mode = tenant.defaultMode as Mode;
        return json(200, {
          user: { id: me.user.id, name: me.user.name, role: me.user.role, manager: isManager(me.user) },
          tenant: {
            name: tenant.name,
            slug: tenant.slug,
            vertical: tenant.vertical,
            plan: tenant.plan,
            mode,
            modeLabel: MODE_LABELS[mode],
          },
          balance: store.ledger.balance(tenant.id),
          liveFrom: live.cursor(),
          welcome: welcome(store, tenant),
          pipeline: pipelineFor(tenant.vertical).map((status) => ({ status, label: statusLabel(status) })),
          heats: HEATS.map((value) => ({ value, label: heatLabel(value) })),
          owners: store.users.list(tenant.id).map((u) => ({ id: u.id, name: u.name })),
          fields: fieldsFor(tenant.vertical).map((f) => ({
            name: f.name,
            label: fieldLabel(f.name),
            type: f.type,
            options: (f.options ?? []).map((value) => ({ value, label: fieldValueLabel(value) })),
          })),
        });
      }),
    },
  ];
}
