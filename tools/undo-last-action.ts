// Undoes one action of the user's that recorded how to undo it (a status, tags, a paused sequence),
// from the audit log. The card names that action — its number and what it did — and confirming it
// undoes that one only, whoever confirms and whatever was done in between; it is refused if it was
// undone already or if what it did was changed since. A correction, not an action: it costs nothing.
// Actions with their own confirmation flow (a mode change) are not undone here. The reverse call is
// found in the tool set the turn was handed, and runs inside this tool's transaction.
import { z } from "zod";
import { defineTool, type MaxTool, type ToolContext, type UndoCall } from "../src/agent/tool.js";
import type { AuditRow } from "../src/store/audit.js";

const LOOKBACK = 50;
const NAME = "undo_last_action";

interface Done {
  args: Record<string, unknown>;
  data: unknown;
  summary?: string;
}

interface Undoable {
  row: AuditRow;
  tool: MaxTool;
  undo: UndoCall;
  done: Done;
}

const toolOf = (ctx: ToolContext, row: AuditRow) =>
  row.action.startsWith("tool.") ? ctx.tools.find(row.action.slice("tool.".length)) : undefined;

/** The action as undo sees it, when it is one (a tool run with undo data, not a mode change). */
function undoable(ctx: ToolContext, row: AuditRow): Undoable | null {
  const tool = toolOf(ctx, row);
  const undo = row.undo as UndoCall | null;
  if (!tool || !undo || tool.confirmations) return null;
  return { row, tool, undo, done: (row.after ?? { args: {}, data: null }) as Done };
}

/** The audit ids already undone, from the undo runs of the lookback. */
function undoneIds(rows: AuditRow[]): Set<number> {
  const ids = rows
    .filter((row) => row.action === `tool.${NAME}`)
    .map((row) => (row.after as { data?: { undid?: number } } | null)?.data?.undid);
  return new Set(ids.filter((id): id is number => typeof id === "number"));
}

/** The newest of this user's actions that can be undone. */
function lastOfUser(ctx: ToolContext): Undoable | null {
  const rows = ctx.store.audit.list(ctx.scope.tenantId, { entity: "tool", limit: LOOKBACK });
  const undone = undoneIds(rows);
  for (const row of rows) {
    if (row.actor !== ctx.scope.actor || undone.has(row.id)) continue;
    const found = undoable(ctx, row);
    if (found) return found;
  }
  return null;
}

/** That exact action, or why it cannot be undone now. */
function target(ctx: ToolContext, auditId: number): Undoable | string {
  const row = ctx.store.audit.get(ctx.scope.tenantId, auditId);
  const found = row && undoable(ctx, row);
  if (!found) return `l'action n°${auditId} ne peut pas être annulée.`;
  const later = ctx.store.audit.list(ctx.scope.tenantId, { entity: "tool", limit: LOOKBACK });
  if (undoneIds(later).has(auditId)) return `l'action n°${auditId} a déjà été annulée.`;
  const changed = found.tool.changedSince?.({ args: found.done.args, data: found.done.data }, ctx);
  return changed ? `l'action n°${auditId} ne peut plus être annulée : ${changed}` : found;
}

export const undoLastAction = defineTool({
  name: NAME,
  description: "Annule la dernière action de l'utilisateur qui peut l'être (statut, tags, relances).",
  schema: z.object({ auditId: z.number().int().positive().optional() }),
  effect: "write",
  costKey: "crm_change",
  free: true,
  prepare(args, ctx) {
    const chosen = args.auditId ?? lastOfUser(ctx)?.row.id;
    if (chosen === undefined) return { unavailable: "Aucune action récente à annuler." };
    const found = target(ctx, chosen);
    return typeof found === "string"
      ? { unavailable: `Impossible : ${found}` }
      : { args: { auditId: chosen } };
  },
  // The card names what the action did (its own preview), not the state it left behind.
  preview: ({ auditId }, ctx) => {
    const row = auditId ? ctx.store.audit.get(ctx.scope.tenantId, auditId) : undefined;
    const found = row && undoable(ctx, row);
    const parsed = found ? found.tool.schema.safeParse(found.done.args) : undefined;
    const what = found && parsed?.success ? found.tool.preview(parsed.data, ctx) : undefined;
    return `Annuler l'action n°${auditId ?? "?"}${what ? ` : ${what}` : ""}`;
  },
  run({ auditId }, ctx) {
    if (auditId === undefined) return { ok: false, error: "aucune action désignée." };
    const found = target(ctx, auditId);
    if (typeof found === "string") return { ok: false, error: found };
    const reverse = ctx.tools.find(found.undo.tool);
    const args = reverse?.schema.safeParse(found.undo.args);
    if (!reverse || !args?.success) return { ok: false, error: "cette action ne peut plus être annulée." };
    const result = reverse.run(args.data, ctx);
    if (!result.ok) return result;
    return {
      ok: true,
      summary: `Action n°${auditId} annulée : ${result.summary}`,
      data: { undid: auditId, tool: found.tool.name },
    };
  },
});
