// Who is talking to M.A.X. from the shell: the tenant, the staff user (--user EMAIL, else the
// tenant's first owner) and the tenant's mode, with the runtime's tools and settings.

import type { DecisionOutcome } from "../agent/confirmations.js";
import type { GateContext } from "../agent/gate.js";
import type { Mode } from "../domain/index.js";
import type { Runtime } from "../runtime.js";
import { UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

export function agentContext(
  { store, tools, settings }: Runtime,
  flags: { tenant?: string; user?: string },
  mode?: Mode,
): GateContext {
  const tenant = requireTenant(store, flags.tenant);
  const users = store.users.list(tenant.id);
  const user = flags.user
    ? users.find((u) => u.email === flags.user?.trim().toLowerCase())
    : (store.users.owner(tenant.id) ?? users[0]);
  if (!user) throw new UsageError(`utilisateur inconnu « ${flags.user ?? "(aucun)"} » pour ${tenant.slug}`);
  const scope = { tenantId: tenant.id, actor: `user:${user.id}` };
  // --mode applies to this one call: the tenant's mode changes only through set_mode or `max mode`.
  return { store, tools, tenant, user, scope, mode: mode ?? tenant.defaultMode, settings };
}

/**
 * The shell's conversation: `--conversation NAME`, else one per user, so the model's memory carries
 * from one call to the next. A conversation belongs to the user who opened it.
 */
export function withConversation(ctx: GateContext, name?: string): GateContext & { conversationId: number } {
  const externalId = name?.trim() || `user-${ctx.user?.id}`;
  if (externalId.length > 100) throw new UsageError("--conversation : 100 caractères au plus");
  const conversation = ctx.store.conversations.open(ctx.tenant.id, "cli", externalId, ctx.user?.id);
  if (conversation.userId !== (ctx.user?.id ?? null)) {
    throw new UsageError(`la conversation « ${externalId} » appartient à un autre utilisateur`);
  }
  return { ...ctx, conversationId: conversation.id };
}

/** The tenant as it is now (a turn may have changed its mode). */
export function refreshed<C extends GateContext>(ctx: C): C {
  const tenant = ctx.store.tenants.require(ctx.tenant.id);
  return { ...ctx, tenant, mode: tenant.defaultMode };
}

/**
 * The `--json` shape shared by ask, confirm and cancel: `mode` is the one the call ran in (`--mode`,
 * else the tenant's), `tenantMode` the tenant's own, which a call never changes by itself.
 */
export function turnJson(ctx: GateContext, reply: string, outcomes: DecisionOutcome[], callMode?: Mode) {
  const tenantMode = refreshed(ctx).mode;
  return {
    reply,
    mode: callMode ?? tenantMode,
    tenantMode,
    balance: ctx.store.ledger.balance(ctx.tenant.id),
    pending: outcomes.flatMap((o) =>
      o.kind === "pending"
        ? [{ id: o.action.id, tool: o.tool, args: o.args, cost: o.cost, balanceAfter: o.action.balanceAfter }]
        : [],
    ),
    executed: outcomes.flatMap((o) =>
      o.kind === "executed" || o.kind === "failed"
        ? [{ tool: o.tool, args: o.args, cost: o.cost, ok: o.kind === "executed" }]
        : [],
    ),
  };
}
