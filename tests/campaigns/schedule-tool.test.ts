// schedule_campaign and cancel_campaign through the gate, as the Espace Créa calls them: in Assisté a
// card names the recipients, who is left out and when (in the tenant's timezone) and costs 2 tokens
// per started hundred recipients; in Auto it runs at once. It is refused, before anything is paid,
// without a mailbox, with nobody reachable, with an unknown merge field, with the image placeholder,
// or for a moment already past. Cancelling is free and refunds the campaign once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool } from "../../src/agent/gate.js";
import { IMAGE_PLACEHOLDER } from "../../src/domain/index.js";
import { turnContext } from "../helpers/agent.js";
import { type TestStore, testStore } from "../helpers/store.js";
import { BODY, campaignWorld, EXCLUDED, TAG } from "./world.js";

let t: TestStore;
beforeEach(() => {
  t = testStore("2026-11-16T10:00:00Z");
});
afterEach(() => t.cleanup());

// Monday 16 November 2026, 14:00 in Paris (13:00 UTC).
const AT = "2026-11-16T14:00:00+01:00";
const args = (extra: Record<string, unknown> = {}) => ({
  name: "Offre de novembre",
  subject: "Notre offre de novembre",
  html: BODY,
  segment: { tag: TAG },
  at: AT,
  ...extra,
});

function world(reachable: number, mode: "assiste" | "auto", options: { mailbox?: boolean } = {}) {
  const w = campaignWorld(t.store, `tenant-${mode}`, reachable, { defaultMode: mode, ...options });
  return { ...w, ctx: turnContext(t.store, w.tenant.id, w.owner) };
}

describe("schedule_campaign through the gate", () => {
  it("in Assisté: a card with the recipients, the excluded count, the date in words and the cost; confirmed, the campaign is planned and paid", async () => {
    const { ctx, tenant } = world(150, "assiste");
    const before = t.store.ledger.balance(tenant.id);
    const outcome = await callTool(ctx, "schedule_campaign", args());
    expect(outcome.kind).toBe("pending");
    if (outcome.kind !== "pending") return;
    // 150 recipients: two started hundreds, 2 tokens each.
    expect(outcome.cost).toBe(4);
    expect(outcome.action.preview).toBe(
      "Planifier la campagne « Offre de novembre » (objet « Notre offre de novembre ») pour 150 destinataires (3 exclus : sans opt-in, désinscrits ou sans e-mail), envoi le lundi 16 novembre à 14 h",
    );
    expect(t.store.ledger.balance(tenant.id)).toBe(before);
    expect(t.store.campaigns.list(tenant.id)).toEqual([]);

    const done = await confirmPending(ctx, outcome.action.id);
    expect(done.kind).toBe("executed");
    expect(done.message).toMatch(
      /^Campagne n°\d+ « Offre de novembre » planifiée pour le lundi 16 novembre à 14 h : 150 destinataires, 3 exclus/,
    );
    expect(done.message).toContain("Rien n'est encore parti");
    expect(t.store.ledger.balance(tenant.id)).toBe(before - 4);
    const [campaign] = t.store.campaigns.list(tenant.id);
    expect(campaign).toMatchObject({
      status: "scheduled",
      recipients: 150,
      excluded: EXCLUDED,
      cost: 4,
      scheduledAt: new Date("2026-11-16T13:00:00Z"),
      links: ["https://shop.example/offre?x=1&y=2", "https://shop.example/blog"],
      segment: { tag: [TAG] },
    });
    expect(campaign?.debitId).toEqual(expect.any(Number));
    expect(campaign?.bodyHtml).not.toContain("<style");
    expect(campaign?.bodyHtml).toMatch(/<a class="cta" href="[^"]+" style="color: #b5651d;">/);
    expect(campaign?.counts.total).toBe(0);
  });

  it("in Auto: planned at once for 2 tokens (one started hundred), said « planifiée », not « envoyée »", async () => {
    const { ctx, tenant } = world(20, "auto");
    const before = t.store.ledger.balance(tenant.id);
    const outcome = await callTool(ctx, "schedule_campaign", args());
    expect(outcome.kind).toBe("executed");
    if (outcome.kind !== "executed") return;
    expect(outcome.cost).toBe(2);
    expect(outcome.message).toContain("planifiée");
    expect(outcome.message).not.toContain("envoyée");
    expect(outcome.data).toMatchObject({ recipients: 20, excluded: EXCLUDED, links: 2 });
    expect(t.store.ledger.balance(tenant.id)).toBe(before - 2);
  });

  it("takes a moment a few minutes past as « now »", async () => {
    const { ctx, tenant } = world(5, "auto");
    const outcome = await callTool(ctx, "schedule_campaign", args({ at: "2026-11-16T09:58:00Z" }));
    expect(outcome.kind).toBe("executed");
    expect(t.store.campaigns.list(tenant.id)[0]?.scheduledAt).toEqual(t.clock.now);
  });

  it.each([
    [
      "an unknown merge field",
      { html: `${BODY}<p>{{prenom}}</p>` },
      "Champ de fusion inconnu : {{prenom}}. Champs possibles : {{nom}}, {{entreprise}}, {{secteur}}.",
    ],
    [
      "an unknown merge field in the subject",
      { subject: "Pour vous, {{prenom}}" },
      "Champ de fusion inconnu : {{prenom}}. Champs possibles : {{nom}}, {{entreprise}}, {{secteur}}.",
    ],
    [
      "the image placeholder",
      { html: `<p>${IMAGE_PLACEHOLDER}</p>${BODY}` },
      `Remplacez « ${IMAGE_PLACEHOLDER} » par une image avant de planifier l'envoi.`,
    ],
    [
      "a moment long past",
      { at: "2026-11-16T09:00:00Z" },
      "Le moment choisi (lundi 16 novembre à 10 h) est déjà passé : choisissez une date et une heure à venir.",
    ],
    [
      "nobody reachable",
      { segment: { tag: "personne" } },
      "Aucun lead ne correspond au segment (tag personne).",
    ],
    ["a draft of another kind", { draftId: 999 }, "Aucun brouillon e-mail n°999 dans ce compte."],
  ])("refuses %s in every mode, before anything is paid", async (_what, extra, message) => {
    for (const mode of ["assiste", "auto"] as const) {
      const { ctx, tenant } = world(3, mode);
      const before = t.store.ledger.balance(tenant.id);
      const outcome = await callTool(ctx, "schedule_campaign", args(extra));
      expect(outcome).toMatchObject({ kind: "unavailable", message });
      expect(t.store.ledger.balance(tenant.id)).toBe(before);
      expect(t.store.campaigns.list(tenant.id)).toEqual([]);
    }
  });

  it("refuses a segment whose leads may not receive e-mail, saying why", async () => {
    const { ctx, tenant, excluded } = world(0, "auto");
    const outcome = await callTool(ctx, "schedule_campaign", args());
    expect(outcome).toMatchObject({
      kind: "unavailable",
      message: `Aucun destinataire joignable par e-mail dans le segment (tag ${TAG}) : 3 leads trouvés, tous sans e-mail, sans opt-in ou désinscrits.`,
    });
    expect(excluded).toHaveLength(3);
    expect(t.store.campaigns.list(tenant.id)).toEqual([]);
  });

  it("refuses a tenant without a mailbox, saying how to connect one", async () => {
    const { ctx } = world(3, "auto", { mailbox: false });
    const outcome = await callTool(ctx, "schedule_campaign", args());
    expect(outcome.kind).toBe("unavailable");
    expect(outcome.message).toContain("Aucune boîte e-mail n'est reliée");
    expect(outcome.message).toContain("max connect email");
  });

  it("is offered to the dashboard only: the model never sees the campaign tools", () => {
    const { ctx } = world(1, "auto");
    for (const name of ["schedule_campaign", "cancel_campaign"])
      expect(ctx.tools.find(name)?.dashboardOnly).toBe(true);
  });
});

describe("cancel_campaign", () => {
  it("cancels a planned campaign for free and refunds it once; a second cancel is refused", async () => {
    const { ctx, tenant } = world(120, "auto");
    const before = t.store.ledger.balance(tenant.id);
    const planned = await callTool(ctx, "schedule_campaign", args());
    expect(planned.kind).toBe("executed");
    const id = (planned as { data: { campaignId: number } }).data.campaignId;
    expect(t.store.ledger.balance(tenant.id)).toBe(before - 4);

    const cancelled = await callTool(ctx, "cancel_campaign", { campaignId: id });
    expect(cancelled).toMatchObject({ kind: "executed", cost: 0 });
    expect(cancelled.message).toBe(
      "Campagne « Offre de novembre » annulée : aucun e-mail ne partira. 4 jetons remboursés.",
    );
    expect(t.store.ledger.balance(tenant.id)).toBe(before);
    expect(t.store.campaigns.get(tenant.id, id)?.status).toBe("cancelled");

    const again = await callTool(ctx, "cancel_campaign", { campaignId: id });
    expect(again).toMatchObject({
      kind: "unavailable",
      message: "La campagne « Offre de novembre » est déjà annulée : elle ne peut plus être annulée.",
    });
    expect(t.store.ledger.balance(tenant.id)).toBe(before);
  });

  it("in Assisté: a free card naming the campaign, its date and its refund", async () => {
    const { ctx, tenant } = world(10, "assiste");
    const planned = await callTool(ctx, "schedule_campaign", args());
    if (planned.kind !== "pending") throw new Error(planned.message);
    await confirmPending(ctx, planned.action.id);
    const [campaign] = t.store.campaigns.list(tenant.id);
    const card = await callTool(ctx, "cancel_campaign", { campaignId: campaign?.id });
    expect(card).toMatchObject({ kind: "pending", cost: 0 });
    expect(card.message).toContain(
      "Annuler la campagne « Offre de novembre » prévue le lundi 16 novembre à 14 h ; ses 2 jetons seront remboursés",
    );
  });

  it("refuses a campaign already sending, and another tenant's", async () => {
    const { ctx, tenant, scope } = world(10, "auto");
    const planned = await callTool(ctx, "schedule_campaign", args());
    const id = (planned as { data: { campaignId: number } }).data.campaignId;
    t.store.campaigns.start(scope, id, "tenant-auto.test");
    expect(await callTool(ctx, "cancel_campaign", { campaignId: id })).toMatchObject({
      kind: "unavailable",
      message: "La campagne « Offre de novembre » est en cours d'envoi : elle ne peut plus être annulée.",
    });
    const other = campaignWorld(t.store, "other", 1);
    const otherCtx = turnContext(t.store, other.tenant.id, other.owner);
    expect(await callTool(otherCtx, "cancel_campaign", { campaignId: id })).toMatchObject({
      kind: "unavailable",
      message: `Aucune campagne n°${id} dans ce compte.`,
    });
    expect(t.store.campaigns.get(tenant.id, id)?.status).toBe("sending");
  });
});
