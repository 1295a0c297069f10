// cancel_campaign: calls off a planned campaign while it has not started sending, and gives back the
// tokens it was paid with (once, whoever notices first). A campaign already sending goes on: what
// has left cannot be taken back. A correction, not an action: it costs nothing.
import { z } from "zod";
import { defineTool, type ToolContext } from "../src/agent/tool.js";
import { frenchMoment, jetons } from "../src/domain/index.js";
import type { Campaign } from "../src/store/campaigns.js";

const NOT_SCHEDULED: Record<string, string> = {
  sending: "est en cours d'envoi",
  sent: "a déjà été envoyée",
  cancelled: "est déjà annulée",
  failed: "a échoué",
};

function scheduled(ctx: ToolContext, campaignId: number): Campaign | string {
  const campaign = ctx.store.campaigns.get(ctx.tenant.id, campaignId);
  if (!campaign) return `Aucune campagne n°${campaignId} dans ce compte.`;
  if (campaign.status !== "scheduled")
    return `La campagne « ${campaign.name} » ${NOT_SCHEDULED[campaign.status] ?? "a commencé"} : elle ne peut plus être annulée.`;
  return campaign;
}

export const cancelCampaign = defineTool({
  name: "cancel_campaign",
  description: "Annule une campagne e-mail planifiée qui n'a pas commencé, et la rembourse.",
  schema: z.object({ campaignId: z.number().int().positive() }),
  effect: "write",
  costKey: "email_campaign",
  free: true,
  dashboardOnly: true,
  prepare(args, ctx) {
    const found = scheduled(ctx, args.campaignId);
    return typeof found === "string" ? { unavailable: found } : { args };
  },
  preview({ campaignId }, ctx) {
    const found = scheduled(ctx, campaignId);
    if (typeof found === "string") return found;
    const refund = found.cost ? ` ; ses ${jetons(found.cost)} seront remboursés` : "";
    return `Annuler la campagne « ${found.name} » prévue le ${frenchMoment(found.scheduledAt, ctx.tenant.timezone)}${refund}`;
  },
  run({ campaignId }, ctx) {
    const { store, scope } = ctx;
    const cancelled = store.campaigns.cancel(scope, campaignId);
    if (!cancelled) {
      const found = scheduled(ctx, campaignId);
      return { ok: false, error: typeof found === "string" ? found : "la campagne n'a pas pu être annulée." };
    }
    const refund =
      cancelled.debitId === null
        ? undefined
        : store.ledger.refundOnce(scope, cancelled.debitId, `campagne n°${campaignId} annulée`);
    const refunded = refund ? ` ${jetons(refund.amount)} remboursé${refund.amount > 1 ? "s" : ""}.` : "";
    return {
      ok: true,
      summary: `Campagne « ${cancelled.name} » annulée : aucun e-mail ne partira.${refunded}`,
      data: { campaignId, refunded: refund?.amount ?? 0 },
    };
  },
});
