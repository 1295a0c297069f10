// Routes of the Budget IA room: GET /api/budget (the whole page, budget-view.ts), GET /api/budget/alert
// (the banner every room shows past 80 % of the allowance) and GET /api/budget/entries?week= or ?kind=
// (the ledger rows behind a bar of the charts). A pack is an action (add_token_pack through
// POST /api/actions), not a route.
import { DateTime } from "luxon";
import { z } from "zod";
import { failure, queryOf, signedIn } from "../../../channels/web/handler.js";
import {
  actionsOfKind,
  periodOf,
  periodWords,
  SPEND_KIND_LABELS,
  SPEND_KINDS,
  spendActionLabel,
  spendKindOf,
  weekOfKey,
} from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import type { Store, Tenant } from "../../store/index.js";
import { alertOf, budgetView, refundReason } from "./budget-view.js";
import type { DashboardDeps } from "./context.js";

const entriesQuery = z.union([
  z.object({ week: z.string().regex(/^\d{4}-W\d{2}$/) }),
  z.object({ kind: z.enum(SPEND_KINDS) }),
]);

/** Who made a ledger row, in words (« Sophie Martin », « Scénario »), never its actor code. */
function actorWords(store: Store, tenant: Tenant) {
  const names = new Map(store.users.list(tenant.id).map((u) => [`user:${u.id}`, u.name]));
  return (actor: string) =>
    names.get(actor) ??
    (actor === "scenario" ? "Scénario automatique" : actor === "seed" ? "Démo" : "M.A.X.");
}

function entriesOf(store: Store, tenant: Tenant, query: z.infer<typeof entriesQuery>) {
  let range: { from: Date; to: Date; actions?: string[] };
  let title: string;
  if ("week" in query) {
    const week = weekOfKey(query.week, tenant.timezone);
    if (!week) return null;
    range = { from: week.start, to: week.end };
    title = `Dépenses de la ${week.label}`;
  } else {
    const period = periodOf(store.clock(), tenant.timezone);
    range = { from: period.start, to: period.end, actions: actionsOfKind(query.kind) };
    title = `${SPEND_KIND_LABELS[query.kind]} : dépenses de ${periodWords(period.key)}`;
  }
  const found = store.budget.entries(tenant.id, range);
  const by = actorWords(store, tenant);
  return {
    title,
    used: found.used,
    count: found.count,
    rows: found.rows.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      day: DateTime.fromJSDate(r.createdAt, { zone: tenant.timezone })
        .setLocale("fr")
        .toFormat("ccc d LLL, HH'h'mm"),
      what: spendActionLabel(r.action),
      kind: SPEND_KIND_LABELS[spendKindOf(r.action)],
      amount: r.amount,
      by: by(r.actor),
      ...(r.kind === "refund" ? { why: refundReason(r.note) } : {}),
    })),
  };
}

export function budgetRoutes({ store, tools }: DashboardDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/budget",
      handle: signedIn(store, (_req, me) => json(200, budgetView(store, tools, me.tenant, me.user))),
    },
    {
      method: "GET",
      path: "/api/budget/alert",
      handle: signedIn(store, (_req, me) => json(200, { alert: alertOf(store.budget.usage(me.tenant.id)) })),
    },
    {
      method: "GET",
      path: "/api/budget/entries",
      handle: signedIn(store, (req, me) => {
        const found = entriesOf(store, me.tenant, queryOf(req, entriesQuery));
        return found ? json(200, found) : failure(404, "not_found", "Cette semaine n'existe pas.");
      }),
    },
  ];
}
