// Confirming or cancelling a pending action: no model involved. Only the requester or an owner/admin
// of the same tenant may decide; the pending -> executing move is a compare-and-set, so two
// concurrent confirmations run the action once; an expired action never runs.
import { isManager, type Mode } from "../domain/index.js";
import type { PendingAction } from "../store/pending-actions.js";
import { execute, type GateOutcome, prepareCall } from "./gate.js";
import type { ToolContext } from "./tool.js";

export type DecisionOutcome =
  | GateOutcome
  | {
      kind: "not_found" | "forbidden" | "already" | "expired" | "cancelled" | "confirm_again";
      tool: string;
      message: string;
    };

/** Where an action that is no longer pending stands, in the words of the sentence above. */
const STATUS_WORDS: Record<string, string> = {
  executing: "en cours d'exécution",
  done: "exécutée",
  failed: "traitée (en échec)",
  cancelled: "annulée",
  expired: "expirée",
};

function mayDecide(ctx: ToolContext, action: PendingAction): boolean {
  if (!ctx.user) return false;
  return action.requesterId === ctx.user.id || isManager(ctx.user);
}

/** Loads the action and checks who decides; returns the action or the refusal. */
function open(ctx: ToolContext, id: number): PendingAction | DecisionOutcome {
  const action = ctx.store.pendingActions.get(ctx.tenant.id, id);
  if (!action) return { kind: "not_found", tool: "", message: `Aucune action en attente n°${id}.` };
  if (!mayDecide(ctx, action)) {
    return {
      kind: "forbidden",
      tool: action.tool,
      message: "Seul l'auteur de la demande ou un administrateur peut décider.",
    };
  }
  if (action.status !== "pending") {
    return {
      kind: "already",
      tool: action.tool,
      message: `L'action n°${id} est déjà ${STATUS_WORDS[action.status] ?? "traitée"}.`,
    };
  }
  return action;
}

const decider = (ctx: ToolContext) => ({ ...ctx.scope, userId: ctx.user?.id ?? null });

/** The first of two confirmations in a row: counted, nothing runs yet. */
function countFirst(ctx: ToolContext, action: PendingAction): DecisionOutcome {
  const counted = ctx.store.pendingActions.countConfirmation(decider(ctx), action.id, action.confirmations);
  if (!counted)
    return { kind: "already", tool: action.tool, message: `L'action n°${action.id} est déjà traitée.` };
  return {
    kind: "confirm_again",
    tool: action.tool,
    message: `Première confirmation reçue pour : ${action.preview}. Confirmez une seconde fois pour l'exécuter : « confirme ${action.id} ».`,
  };
}

export async function confirmPending(ctx: ToolContext, id: number): Promise<DecisionOutcome> {
  const opened = open(ctx, id);
  if (!("status" in opened)) return opened;
  const action = opened;
  if (action.expiresAt.getTime() < ctx.store.clock().getTime()) {
    ctx.store.pendingActions.transition(decider(ctx), id, "pending", "expired");
    return {
      kind: "expired",
      tool: action.tool,
      message: `L'action n°${id} a expiré ; redemandez-la si besoin.`,
    };
  }
  if (action.confirmations + 1 < action.confirmationsNeeded) return countFirst(ctx, action);
  if (!ctx.store.pendingActions.transition(decider(ctx), id, "pending", "executing")) {
    return { kind: "already", tool: action.tool, message: `L'action n°${id} est déjà traitée.` };
  }
  const tool = ctx.tools.find(action.tool);
  const parsed = tool?.schema.safeParse(action.args);
  if (!tool || !parsed?.success) {
    ctx.store.pendingActions.transition(decider(ctx), id, "executing", "failed", {
      error: "outil ou arguments invalides",
    });
    return { kind: "invalid", tool: action.tool, message: `L'action n°${id} ne peut plus être exécutée.` };
  }
  const runCtx = { ...ctx, mode: action.mode as Mode, conversationId: action.conversationId };
  // What was possible when the card was prepared may not be any more (a channel disconnected, an
  // opt-out since): checked again, and then nothing runs and nothing is paid.
  const prepared = prepareCall(runCtx, tool, parsed.data);
  if ("unavailable" in prepared) {
    ctx.store.pendingActions.transition(decider(ctx), id, "executing", "failed", {
      kind: "unavailable",
      message: prepared.unavailable,
    });
    return { kind: "unavailable", tool: action.tool, message: prepared.unavailable };
  }
  const outcome = await execute(runCtx, tool, prepared.args, action.cost);
  const status = outcome.kind === "executed" ? "done" : "failed";
  ctx.store.pendingActions.transition(decider(ctx), id, "executing", status, {
    kind: outcome.kind,
    message: outcome.message,
    ...("balance" in outcome ? { cost: outcome.cost, balance: outcome.balance } : {}),
  });
  return outcome;
}

export function cancelPending(ctx: ToolContext, id: number): DecisionOutcome {
  const opened = open(ctx, id);
  if (!("status" in opened)) return opened;
  if (!ctx.store.pendingActions.transition(decider(ctx), id, "pending", "cancelled")) {
    return { kind: "already", tool: opened.tool, message: `L'action n°${id} est déjà traitée.` };
  }
  return {
    kind: "cancelled",
    tool: opened.tool,
    message: `Action n°${id} annulée : rien n'a été fait, rien n'a été débité.`,
  };
}
