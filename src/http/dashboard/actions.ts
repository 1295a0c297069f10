// Actions from the dashboard's buttons (a board move, a tag, « Analyser avec M.A.X. », the mode): one
// tool call through the same gate as a chat message — the tenant's mode decides whether it runs, waits
// for a confirmation card or stays a suggestion, and the ledger pays it — and the card's decision
// through the same executor as a click in Slack. The page gets what really happened.
import { z } from "zod";
import { bodyOf, signedIn } from "../../../channels/web/handler.js";
import { cancelPending, confirmPending, type DecisionOutcome } from "../../agent/confirmations.js";
import { callTool } from "../../agent/gate.js";
import { MODE_LABELS, type Mode, unfenced } from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import type { PendingAction } from "../../store/pending-actions.js";
import { type DashboardDeps, gateContextFor } from "./context.js";

const actionBody = z.object({
  tool: z.string().regex(/^[a-z_]{2,40}$/),
  args: z.record(z.string(), z.unknown()).default({}),
});
const decisionBody = z.object({
  actionId: z.number().int().positive(),
  decision: z.enum(["confirm", "cancel"]),
});

/** A confirmation card as the page draws it. */
export const cardOf = (action: PendingAction) => ({
  actionId: action.id,
  preview: action.preview,
  cost: action.cost,
  balanceAfter: action.balanceAfter,
  mode: action.mode,
  modeLabel: MODE_LABELS[action.mode as Mode] ?? action.mode,
  confirmationsNeeded: action.confirmationsNeeded,
  confirmations: action.confirmations,
  expiresAt: action.expiresAt.toISOString(),
});

/** What happened, for the page: the outcome's kind and sentence, its cost and the balance after. */
export function outcomeView(outcome: DecisionOutcome, balance: number) {
  return {
    kind: outcome.kind,
    tool: outcome.tool,
    message: unfenced(outcome.message),
    cost: "cost" in outcome ? outcome.cost : 0,
    balance: "balance" in outcome ? outcome.balance : balance,
    ...(outcome.kind === "pending" ? { card: cardOf(outcome.action) } : {}),
    ...(outcome.kind === "executed" && !outcome.tainted && outcome.data !== undefined
      ? { data: outcome.data }
      : {}),
  };
}

export function actionRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "POST",
      path: "/api/actions",
      handle: signedIn(store, async (req, me) => {
        const { tool, args } = bodyOf(req, actionBody);
        const ctx = gateContextFor(deps, me);
        const outcome = await callTool(ctx, tool, args);
        const status = outcome.kind === "invalid" ? 400 : 200;
        return json(status, outcomeView(outcome, store.ledger.balance(me.tenant.id)));
      }),
    },
    {
      method: "POST",
      path: "/api/actions/decide",
      handle: signedIn(store, async (req, me) => {
        const { actionId, decision } = bodyOf(req, decisionBody);
        const ctx = gateContextFor(deps, me);
        const outcome =
          decision === "confirm" ? await confirmPending(ctx, actionId) : cancelPending(ctx, actionId);
        const action = store.pendingActions.get(me.tenant.id, actionId);
        return json(200, {
          ...outcomeView(outcome, store.ledger.balance(me.tenant.id)),
          ...(action?.status === "pending" ? { card: cardOf(action) } : {}),
        });
      }),
    },
    {
      method: "GET",
      path: "/api/actions/pending",
      handle: signedIn(store, (_req, me) =>
        json(200, { cards: store.pendingActions.listPending(me.tenant.id).map(cardOf) }),
      ),
    },
  ];
}
