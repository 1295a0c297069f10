// Reverses the user's last action that recorded how to undo it (a status, tags…), from the audit
// log. It goes through the gate like any write (suggested in Conseil, confirmed in Assisté); the
// reverse call runs inside this tool's transaction. Actions that need their own confirmation flow
// (a mode change) are not undone here. The reverse call is found in the tool set the turn was handed.
import { z } from "zod";
import { defineTool, type ToolContext, type UndoCall } from "../src/agent/tool.js";

const LOOKBACK = 50;
const NAME = "undo_last_action";

interface Undoable {
  auditId: number;
  tool: string;
  undo: UndoCall;
}

/** The newest of this user's executed actions with undo data that was not undone yet. */
function lastUndoable({ store, scope, tools }: ToolContext): Undoable | null {
  const rows = store.audit.list(scope.tenantId, { entity: "tool", limit: LOOKBACK });
  const undone = new Set<number>();
  for (const row of rows) {
    if (row.actor !== scope.actor) continue;
    const after = row.after as { data?: { undid?: number } } | null;
    if (row.action === `tool.${NAME}` && after?.data?.undid) undone.add(after.data.undid);
    const undo = row.undo as UndoCall | null;
    const tool = row.action.startsWith("tool.") ? tools.find(row.action.slice("tool.".length)) : undefined;
    if (undo && tool && !tool.confirmations && !undone.has(row.id))
      return { auditId: row.id, tool: tool.name, undo };
  }
  return null;
}

export const undoLastAction = defineTool({
  name: NAME,
  description: "Annule la dernière action de l'utilisateur qui peut l'être (statut, tags).",
  schema: z.object({}),
  effect: "write",
  costKey: "crm_change",
  preview: (_args, ctx) => {
    const last = lastUndoable(ctx);
    return last
      ? `Annuler la dernière action (${last.tool} n°${last.auditId})`
      : "Annuler la dernière action (aucune trouvée)";
  },
  run(_args, ctx) {
    const last = lastUndoable(ctx);
    if (!last) return { ok: false, error: "aucune action récente à annuler." };
    const reverse = ctx.tools.find(last.undo.tool);
    const args = reverse?.schema.safeParse(last.undo.args);
    if (!reverse || !args?.success) return { ok: false, error: "cette action ne peut plus être annulée." };
    const result = reverse.run(args.data, ctx);
    if (!result.ok) return result;
    return {
      ok: true,
      summary: `Action annulée : ${result.summary}`,
      data: { undid: last.auditId, tool: last.tool },
    };
  },
});
