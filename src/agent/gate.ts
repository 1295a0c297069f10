// The gate around every tool call: validates the model's arguments, applies the tenant's mode and
// plan (domain/mode-policy), and pays from the ledger. Conseil turns side effects into suggestions,
// Assisté into pending actions a human confirms, Auto runs them at once; a run that fails is rolled
// back and its debit refunded. Outcomes are data built from what really happened, never a claim.
import type { z } from "zod";
import { costOf, costWords, decide, jetons, type Mode } from "../domain/index.js";
import { alertOnBudget } from "../outbox/budget-alerts.js";
import { StoreError } from "../store/index.js";
import type { PendingAction } from "../store/pending-actions.js";
import { costKeyOf, type MaxTool, type Prepared, type ToolContext, type ToolResult } from "./tool.js";

export interface GateContext extends ToolContext {
  mode: Mode;
  conversationId?: number | null;
  /**
   * The turn has read text a prospect wrote (a tool result marked tainted): what it asks next may
   * come from that text, so a side effect waits for a human even in Auto.
   */
  tainted?: boolean;
}

type Base = { tool: string; message: string };
export type GateOutcome =
  | (Base & { kind: "invalid" | "refused" | "unavailable" })
  | (Base & { kind: "suggested"; args: unknown; cost: number })
  | (Base & { kind: "pending"; args: unknown; cost: number; action: PendingAction })
  | (Base & { kind: "insufficient"; args: unknown; cost: number; balance: number })
  | (Base & {
      kind: "executed";
      args: unknown;
      cost: number;
      balance: number;
      data?: unknown;
      tainted?: boolean;
      /** A setting or a correction done at no cost (a mode change, an undo). */
      free?: boolean;
    })
  | (Base & { kind: "failed"; args: unknown; cost: number; refunded: boolean; balance: number });

class ToolFailed extends Error {}

/** What a card says when it waits because the turn read a prospect's text. */
export const TAINTED_NOTE = "demandé après lecture d'un message de prospect";

/** A store refusal (unknown lead, wrong status…) is a result the model can read, not a crash. */
function runTool(tool: MaxTool, args: unknown, ctx: ToolContext): ToolResult {
  try {
    return tool.run(args, ctx);
  } catch (error) {
    if (error instanceof StoreError) return { ok: false, error: error.message };
    throw error;
  }
}

function readableIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "arguments"} : ${i.message}`).join(" ; ");
}

function toolCost(tool: MaxTool, args: unknown, ctx: ToolContext): number {
  if (tool.free) return 0;
  return (
    costOf(costKeyOf(tool, args), ctx.tenant.costOverrides, tool.effect !== "read") *
    (tool.units?.(args) ?? 1)
  );
}

class DryRun extends Error {
  constructor(readonly result: ToolResult) {
    super("dry run");
  }
}

/** What the run would answer, in a transaction that is always rolled back: nothing is written. */
function dryRun(ctx: ToolContext, tool: MaxTool, args: unknown): ToolResult {
  try {
    ctx.store.transaction(() => {
      throw new DryRun(runTool(tool, args, ctx));
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
  throw new Error("unreachable: a dry run always rolls back");
}

/**
 * Before a card is prepared, a suggestion made or anything paid — in every mode, and again when a
 * card is confirmed: the tool completes its arguments (prepare), then the run is tried and rolled
 * back, so whatever it would refuse (a channel not connected, a lead out of reach, a status the
 * pipeline lacks, an empty segment) is refused now, with its reason, and nothing is debited.
 */
export function prepareCall(
  ctx: ToolContext,
  tool: MaxTool,
  args: unknown,
  // Off when the call runs at once: its paid run rolls back whole instead (see payAndRun).
  { tryRun = true } = {},
): { args: unknown } | { unavailable: string } {
  const leadId = (args as { leadId?: unknown }).leadId;
  if (typeof leadId === "number" && !ctx.store.leads.get(ctx.tenant.id, leadId)) {
    return { unavailable: `Aucun lead n°${leadId} dans ce compte.` };
  }
  let prepared: Prepared<unknown>;
  try {
    prepared = tool.prepare?.(args, ctx) ?? { args };
  } catch (error) {
    if (error instanceof StoreError) return { unavailable: error.message };
    throw error;
  }
  if ("unavailable" in prepared || tool.effect === "read" || !tryRun) return prepared;
  const tried = dryRun(ctx, tool, prepared.args);
  return tried.ok ? prepared : { unavailable: tried.error };
}

/** Refunds a failed run or delivery and audits the failure, atomically. */
function recordFailure(
  ctx: GateContext,
  tool: MaxTool,
  args: unknown,
  debitId: number | null,
  error: string,
) {
  const { store, scope } = ctx;
  store.transaction(() => {
    if (debitId !== null) store.ledger.refund(scope, debitId, `échec de ${tool.name}`);
    store.audit.record(
      { ...scope, mode: ctx.mode },
      { action: `tool.${tool.name}.failed`, entity: "tool", after: { args, error }, cost: 0 },
    );
  });
}

type Charged =
  | { kind: "insufficient"; balance: number; message: string }
  | { kind: "ran"; result: ToolResult; debitId: number | null };
type Paid = Charged | { kind: "unavailable"; message: string };

/**
 * What a run that fails means: `refund`, a paid attempt (a scenario step) rolled back to just after
 * the debit and refunded in the same transaction; `unavailable`, a call that was not tried before
 * (it runs at once) and is refused like one, the debit rolled back with it.
 */
export type RunFailure = "refund" | "unavailable";

class Unavailable extends Error {}

/** Debit, run and audit (with undo data) in one transaction, so a turn costs one commit. */
export function payAndRun(ctx: GateContext, tool: MaxTool, args: unknown, cost: number): Charged;
export function payAndRun(
  ctx: GateContext,
  tool: MaxTool,
  args: unknown,
  cost: number,
  onFailure: RunFailure,
): Paid;
export function payAndRun(
  ctx: GateContext,
  tool: MaxTool,
  args: unknown,
  cost: number,
  onFailure: RunFailure = "refund",
): Paid {
  try {
    return paidRun(ctx, tool, args, cost, onFailure);
  } catch (error) {
    if (error instanceof Unavailable) return { kind: "unavailable", message: error.message };
    throw error;
  }
}

function paidRun(ctx: GateContext, tool: MaxTool, args: unknown, cost: number, onFailure: RunFailure): Paid {
  const { store, scope } = ctx;
  return store.transaction((): Paid => {
    let debitId: number | null = null;
    if (cost > 0) {
      const debit = store.ledger.debit(scope, {
        action: costKeyOf(tool, args),
        amount: cost,
        note: tool.name,
      });
      if (!debit.ok) return { kind: "insufficient", balance: debit.balance, message: debit.message };
      debitId = debit.entry.id;
    }
    try {
      const result = store.transaction(() => {
        const r = runTool(tool, args, { ...ctx, debitId });
        if (!r.ok) throw new ToolFailed(r.error);
        store.audit.record(
          { ...scope, mode: ctx.mode },
          {
            action: `tool.${tool.name}`,
            entity: "tool",
            after: { args, data: r.data ?? null, summary: r.summary },
            cost,
            undo: r.undo ?? null,
          },
        );
        return r;
      });
      // Every debit is made here (chat, dashboard, scenario steps): the 80 % / 100 % alerts too.
      if (debitId !== null) alertOnBudget(store, scope);
      return { kind: "ran", result, debitId };
    } catch (error) {
      if (!(error instanceof ToolFailed)) throw error;
      if (onFailure === "unavailable") throw new Unavailable(error.message);
      recordFailure(ctx, tool, args, debitId, error.message);
      return { kind: "ran", result: { ok: false, error: error.message }, debitId };
    }
  });
}

/** Runs a validated call now: paid run, then the delivery if the tool has one (refunded if it fails). */
export async function execute(
  ctx: GateContext,
  tool: MaxTool,
  args: unknown,
  cost: number,
  onFailure: RunFailure = "refund",
): Promise<GateOutcome> {
  const { store, scope } = ctx;
  const paid = payAndRun(ctx, tool, args, cost, onFailure);
  if (paid.kind === "insufficient") return { ...paid, tool: tool.name, args, cost };
  if (paid.kind === "unavailable") return { kind: "unavailable", tool: tool.name, message: paid.message };
  let result = paid.result;
  if (result.ok && tool.deliver) {
    result = await tool.deliver(args, result.data, ctx);
    if (!result.ok) recordFailure(ctx, tool, args, paid.debitId, result.error);
  }
  const balance = store.ledger.balance(scope.tenantId);
  if (!result.ok) {
    const refunded = paid.debitId !== null;
    const note = refunded ? ` ${jetons(cost)} remboursé${cost > 1 ? "s" : ""}.` : "";
    return {
      kind: "failed",
      tool: tool.name,
      args,
      cost,
      refunded,
      balance,
      message: `Échec : ${result.error}${note}`,
    };
  }
  return {
    kind: "executed",
    tool: tool.name,
    args,
    cost,
    balance,
    message: result.summary,
    data: result.data,
    ...(result.tainted ? { tainted: true } : {}),
    ...(tool.free ? { free: true } : {}),
  };
}

/** One tool call from the model (or the offline brain), through the mode, the plan and the ledger. */
export async function callTool(ctx: GateContext, name: string, rawArgs: unknown): Promise<GateOutcome> {
  const tool = ctx.tools.find(name);
  if (!tool || tool.internal) return { kind: "invalid", tool: name, message: `Outil inconnu : ${name}.` };
  const parsed = tool.schema.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return {
      kind: "invalid",
      tool: name,
      message: `Arguments invalides pour ${name} — ${readableIssues(parsed.error)}`,
    };
  }
  const { tenant, store } = ctx;
  const decision = decide({
    mode: ctx.mode,
    effect: tool.effect,
    costKey: costKeyOf(tool, parsed.data),
    plan: tenant.plan,
    extensions: tenant.extensions,
    alwaysConfirm: (tool.confirmations?.(parsed.data) ?? 0) > 0,
    tainted: ctx.tainted,
  });
  // The plan first: what it forbids is never tried.
  if (decision.verdict === "refuse") return { kind: "refused", tool: name, message: decision.reason };
  // A call that runs at once is tried once, for real: its failure rolls back whole, debit included.
  const runsNow = decision.verdict === "run";
  const prepared = prepareCall(ctx, tool, parsed.data, { tryRun: !runsNow });
  if ("unavailable" in prepared) return { kind: "unavailable", tool: name, message: prepared.unavailable };
  const { args } = prepared;
  const cost = toolCost(tool, args, ctx);
  switch (decision.verdict) {
    case "suggest":
      return {
        kind: "suggested",
        tool: name,
        args,
        cost,
        message: `${tool.preview(args, ctx)} — ${decision.reason}`,
      };
    case "run":
      return execute(ctx, tool, args, cost, "unavailable");
    case "confirm": {
      const balance = store.ledger.spendable(tenant.id);
      if (balance < cost) {
        const message = `Solde insuffisant : il reste ${balance} jetons, cette action en coûte ${cost}.`;
        return { kind: "insufficient", tool: name, args, cost, balance, message };
      }
      const why = decision.code === "TAINTED_CONFIRMS" ? ` (${TAINTED_NOTE})` : "";
      const action = store.pendingActions.create(ctx.scope, {
        tool: name,
        args: args as Record<string, unknown>,
        preview: `${tool.preview(args, ctx)}${why}`,
        mode: ctx.mode,
        cost,
        balanceAfter: balance - cost + (tool.credits?.(args) ?? 0),
        requesterId: ctx.user?.id ?? null,
        conversationId: ctx.conversationId ?? null,
        confirmationsNeeded: Math.max(1, tool.confirmations?.(args) ?? 1),
      });
      const message = `${action.preview} — ${decision.reason} Coût : ${costWords(cost)}, solde après : ${action.balanceAfter}. Répondez « confirme ${action.id} » ou « annule ${action.id} ».`;
      return { kind: "pending", tool: name, args, cost, action, message };
    }
  }
}
