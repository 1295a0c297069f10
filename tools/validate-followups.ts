// validate_followups: the owner validates the relances M.A.X. drafted in Assisté, all of them or
// the ones named, in one go ("valide les relances"). Each draft is then confirmed exactly as
// "confirme N" would (same checks, its own debit and audit); nothing else is sent.
import { z } from "zod";
import { confirmPending } from "../src/agent/confirmations.js";
import { defineTool, type ToolContext } from "../src/agent/tool.js";
import { SEND_STEP_TOOL } from "../src/scenarios/send-step.js";
import type { PendingAction } from "../src/store/pending-actions.js";

const schema = z.object({
  actionIds: z.array(z.number().int().positive()).max(200).optional(),
});

export function scenarioDrafts(ctx: ToolContext, ids?: number[]): PendingAction[] {
  return ctx.store.pendingActions
    .listPending(ctx.tenant.id)
    .filter((a) => a.tool === SEND_STEP_TOOL && (!ids || ids.includes(a.id)));
}

export const validateFollowups = defineTool({
  name: "validate_followups",
  description: "Valide les relances préparées (toutes, ou actionIds).",
  schema,
  // Deciding is not itself a side effect: each validated draft goes through the gate and pays there.
  effect: "read",
  costKey: "read",
  preview: ({ actionIds }, ctx) => `Valider ${scenarioDrafts(ctx, actionIds).length} relance(s) préparée(s)`,
  run: ({ actionIds }, ctx) => {
    const drafts = scenarioDrafts(ctx, actionIds);
    // Nothing waiting is information, not a failure.
    if (drafts.length === 0)
      return { ok: true, summary: "Aucune relance n'attend votre validation.", data: { ids: [] } };
    return {
      ok: true,
      summary: `${drafts.length} relance(s) à valider.`,
      data: { ids: drafts.map((d) => d.id) },
    };
  },
  async deliver(_args, data, ctx) {
    if ((data as { ids: number[] }).ids.length === 0) {
      return { ok: true, summary: "Aucune relance n'attend votre validation.", data: { sent: 0, total: 0 } };
    }
    const outcomes = [];
    for (const id of (data as { ids: number[] }).ids) outcomes.push(await confirmPending(ctx, id));
    const sent = outcomes.filter((o) => o.kind === "executed").length;
    const other = outcomes.filter((o) => o.kind !== "executed").map((o) => o.message);
    const detail = other.length ? ` Non envoyées : ${other.join(" ; ")}` : "";
    return {
      ok: true,
      summary: `${sent} relance(s) validée(s) sur ${outcomes.length}.${detail}`,
      data: { sent, total: outcomes.length },
    };
  },
});
