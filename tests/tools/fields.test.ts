// "MAX Fields Rebuild" through the real gate on a real store: plan gating, the modes, the
// always-confirmed schema change, once-only application, tenant isolation and rollback with refund.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending, type DecisionOutcome } from "../../src/agent/confirmations.js";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import { FIELD_CATALOG, type FieldTrade, type Mode } from "../../src/domain/index.js";
import type { Store } from "../../src/store/index.js";
import { tools } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

const namesOf = (trade: FieldTrade) => FIELD_CATALOG[trade].fields.map((f) => f.name).sort();
const LOGISTIQUE_FIELDS = namesOf("logistique");

function tenantCtx(store: Store, slug: string, extra: Parameters<typeof makeTenant>[2] = {}) {
  const { tenant, owner } = makeTenant(store, slug, { vertical: "logistique", ...extra });
  store.ledger.summary(tenant.id); // credits the month's allowance
  return (mode: Mode): GateContext => ({
    store,
    tools,
    tenant,
    user: owner,
    scope: { tenantId: tenant.id, actor: `user:${owner.id}` },
    mode,
  });
}

const fieldNames = (ctx: GateContext) =>
  ctx.store.customFields
    .list(ctx.tenant.id)
    .map((f) => f.name)
    .sort();
const debits = (ctx: GateContext) =>
  ctx.store.ledger.entries(ctx.tenant.id, 1000).filter((e) => e.kind === "debit");
const balance = (ctx: GateContext) => ctx.store.ledger.balance(ctx.tenant.id);

async function propose(ctx: GateContext, args: Record<string, unknown> = { trade: "logistique" }) {
  const out = await callTool(ctx, "propose_fields", args);
  if (out.kind !== "executed") throw new Error(`expected executed, got ${out.kind}: ${out.message}`);
  return { out, id: (out.data as { proposalId: number }).proposalId };
}

async function pendingApply(ctx: GateContext, args: Record<string, unknown>) {
  const out = await callTool(ctx, "apply_fields", args);
  if (out.kind !== "pending") throw new Error(`expected pending, got ${out.kind}: ${out.message}`);
  return out;
}

/** Refused before anything is paid: when the card would be prepared, or when it is confirmed. */
function expectUnavailable(out: DecisionOutcome, error: RegExp, ctx: GateContext, balanceBefore: number) {
  expect(out).toMatchObject({ kind: "unavailable" });
  expect(out.message).toMatch(error);
  expect(balance(ctx)).toBe(balanceBefore);
}

describe("plan gating", () => {
  it("Standard without « Fiche métier »: both tools are refused with the upgrade message, nothing stored or debited", async () => {
    const ctx = tenantCtx(t.store, "std", { plan: "standard" })("auto");
    for (const [tool, args] of [
      ["propose_fields", { trade: "logistique" }],
      ["apply_fields", { proposalId: 1 }],
    ] as const) {
      const out = await callTool(ctx, tool, args);
      expect(out.kind).toBe("refused");
      expect(out.message).toMatch(/Le plan Standard ne crée pas de champs.*Pro.*Fiche métier/);
    }
    expect(t.store.fieldProposals.list(ctx.tenant.id)).toEqual([]);
    expect(t.store.pendingActions.listPending(ctx.tenant.id)).toEqual([]);
    expect(debits(ctx)).toHaveLength(0);
    expect(balance(ctx)).toBe(100);
  });

  it("Standard with the « Fiche métier » extension proposes and applies after confirmation", async () => {
    const ctx = tenantCtx(t.store, "std-fm", { plan: "standard", extensions: ["fiche_metier"] })("auto");
    const { id } = await propose(ctx, { trade: "beaute", only: ["type_peau", "allergies"] });
    expect(balance(ctx)).toBe(95);
    const pending = await pendingApply(ctx, { proposalId: id });
    expect(await confirmPending(ctx, pending.action.id)).toMatchObject({ kind: "executed", balance: 75 });
    expect(fieldNames(ctx)).toEqual(["allergies", "type_peau"]);
  });
});

describe("Pro in Auto", () => {
  it("proposes at once for 5 tokens, stores the proposal and describes it in French", async () => {
    const ctx = tenantCtx(t.store, "pro")("auto");
    const { out, id } = await propose(ctx);
    expect(out).toMatchObject({ cost: 5, balance: 495 });
    expect(out.message).toContain(`Fiche métier Logistique — proposition n°${id}`);
    expect(out.message).toContain("incoterm — Incoterm (liste : EXW, FCA, FAS, FOB");
    expect(out.message).toContain("poids_kg — Poids (kg) (nombre)");
    expect(out.message).toContain("Étapes du pipeline : demande_cotation → devis_envoye");
    expect(out.message).toContain("« Colis en incident » (statut_colis = incident)");
    expect(out.message).toMatch(/applique la proposition \d+.*confirmation \(20 jetons\)/);
    const stored = t.store.fieldProposals.get(ctx.tenant.id, id);
    expect(stored).toMatchObject({ trade: "logistique", status: "proposed", appliedAt: null });
    const { fields, stages, tags, views } = FIELD_CATALOG.logistique;
    expect(stored?.proposal).toEqual({ trade: "logistique", fields, stages, tags, views });
    expect(fieldNames(ctx)).toEqual([]);
  });

  it("still waits for a confirmation before applying, then creates the definitions and debits 20", async () => {
    const ctx = tenantCtx(t.store, "pro")("auto");
    const { id } = await propose(ctx);
    const pending = await pendingApply(ctx, { proposalId: id });
    expect(pending.message).toMatch(/modification du schéma CRM demande votre confirmation/);
    expect(pending.action).toMatchObject({ cost: 20, balanceAfter: 475, tool: "apply_fields" });
    expect(pending.action.preview).toMatch(/^Créer 11 champ\(s\) de la fiche Logistique/);
    expect(pending.action.preview).toContain("statut_colis — Statut du colis (liste : a_enlever");
    expect(fieldNames(ctx)).toEqual([]);
    expect(debits(ctx)).toHaveLength(1);

    const done = await confirmPending(ctx, pending.action.id);
    expect(done).toMatchObject({ kind: "executed", cost: 20, balance: 475 });
    expect(done.message).toMatch(/^Fiche Logistique appliquée : 11 champ\(s\) créé\(s\)/);
    expect(fieldNames(ctx)).toEqual(LOGISTIQUE_FIELDS);
    expect(t.store.customFields.get(ctx.tenant.id, "incoterm")?.options).toContain("DDP");
    expect(t.store.fieldProposals.get(ctx.tenant.id, id)).toMatchObject({
      status: "applied",
      appliedAt: t.clock.now,
    });
    expect(t.store.audit.list(ctx.tenant.id).find((a) => a.action === "tool.apply_fields")).toMatchObject({
      cost: 20,
      mode: "auto",
    });

    // The proposal's saved views are real searches once the fields exist.
    const lead = t.store.leads.create(ctx.scope, {
      company: "Transports Martin",
      customFields: { statut_colis: "incident", incoterm: "DDP" },
    });
    const view = FIELD_CATALOG.logistique.views.find((v) => v.name === "Colis en incident");
    expect(t.store.leads.search(ctx.tenant.id, view?.filters ?? {}).leads.map((l) => l.id)).toEqual([
      lead.id,
    ]);
  });

  it("applies only the named fields and refuses names the proposal does not hold", async () => {
    const ctx = tenantCtx(t.store, "pro")("auto");
    const { id } = await propose(ctx);
    const wrong = await callTool(ctx, "apply_fields", { proposalId: id, only: ["incoterm", "type_peau"] });
    expectUnavailable(wrong, /Champs absents de la proposition n°\d+ : type_peau/, ctx, 495);
    expect(t.store.pendingActions.listPending(ctx.tenant.id)).toEqual([]);
    expect(t.store.fieldProposals.get(ctx.tenant.id, id)?.status).toBe("proposed");

    const some = await pendingApply(ctx, { proposalId: id, only: ["poids_kg", "incoterm"] });
    expect(await confirmPending(ctx, some.action.id)).toMatchObject({ kind: "executed", balance: 475 });
    expect(fieldNames(ctx)).toEqual(["incoterm", "poids_kg"]);
  });
});

describe("arguments", () => {
  it("answers an unknown trade in French with the trades on offer, and runs nothing", async () => {
    const ctx = tenantCtx(t.store, "pro")("auto");
    const out = await callTool(ctx, "propose_fields", { trade: "boulangerie" });
    expect(out.kind).toBe("invalid");
    expect(out.message).toMatch(/trade : métier inconnu ; métiers proposés : logistique, ecommerce, beaute/);
    const unknown = await callTool(ctx, "propose_fields", { trade: "beaute", only: ["incoterm"] });
    expect(unknown).toMatchObject({ kind: "unavailable" });
    expect(balance(ctx)).toBe(500);
    expect(unknown.message).toMatch(/Champs inconnus pour Beauté : incoterm\. Champs proposés : type_peau/);
    expect(t.store.fieldProposals.list(ctx.tenant.id)).toEqual([]);
  });
});

describe("Conseil", () => {
  it("suggests both tools without storing, creating or debiting anything", async () => {
    const inMode = tenantCtx(t.store, "pro");
    const ctx = inMode("conseil");
    const proposed = await callTool(ctx, "propose_fields", { trade: "ecommerce" });
    expect(proposed).toMatchObject({ kind: "suggested", cost: 5 });
    expect(proposed.message).toMatch(/^Préparer la fiche métier E-commerce — Mode Conseil.*Assisté/);
    expect(t.store.fieldProposals.list(ctx.tenant.id)).toEqual([]);
    expect(debits(ctx)).toHaveLength(0);
    const { id } = await propose(inMode("auto"));
    const before = debits(ctx).length;
    const applied = await callTool(ctx, "apply_fields", { proposalId: id });
    expect(applied).toMatchObject({ kind: "suggested", cost: 20 });
    expect(fieldNames(ctx)).toEqual([]);
    expect(t.store.pendingActions.listPending(ctx.tenant.id)).toEqual([]);
    expect(debits(ctx)).toHaveLength(before);
  });
});

describe("apply_fields refusals", () => {
  it("applies a proposal once: a second card is refused when confirmed, nothing debited", async () => {
    const inMode = tenantCtx(t.store, "pro");
    const ctx = inMode("assiste");
    expect((await callTool(ctx, "propose_fields", { trade: "coaching" })).kind).toBe("pending");
    const { id } = await propose(inMode("auto"), { trade: "coaching" });
    const first = await pendingApply(ctx, { proposalId: id });
    const second = await pendingApply(ctx, { proposalId: id });
    expect((await confirmPending(ctx, first.action.id)).kind).toBe("executed");
    const before = balance(ctx);
    expectUnavailable(
      await callTool(ctx, "apply_fields", { proposalId: id }),
      new RegExp(`La proposition de champs n°${id} est déjà appliquée`),
      ctx,
      before,
    );
    expectUnavailable(
      await confirmPending(ctx, second.action.id),
      new RegExp(`La proposition de champs n°${id} est déjà appliquée`),
      ctx,
      before,
    );
    expect(fieldNames(ctx)).toEqual(namesOf("coaching"));
    expect(t.store.pendingActions.get(ctx.tenant.id, second.action.id)?.status).toBe("failed");
  });

  it("does not find another tenant's proposal, and leaves it untouched", async () => {
    const theirs = tenantCtx(t.store, "theirs")("auto");
    const { id } = await propose(theirs);
    const ctx = tenantCtx(t.store, "mine")("auto");
    expectUnavailable(
      await callTool(ctx, "apply_fields", { proposalId: id }),
      new RegExp(`Proposition de champs n°${id} introuvable`),
      ctx,
      500,
    );
    expect(fieldNames(ctx)).toEqual([]);
    expect(fieldNames(theirs)).toEqual([]);
    expect(t.store.fieldProposals.get(theirs.tenant.id, id)?.status).toBe("proposed");
  });

  it("refuses a name conflict before anything is created or paid; the proposal stays applicable", async () => {
    const ctx = tenantCtx(t.store, "pro")("auto");
    const { id } = await propose(ctx);
    t.store.customFields.define(ctx.scope, { name: "statut_colis", label: "Statut", type: "text" });
    expectUnavailable(
      await callTool(ctx, "apply_fields", { proposalId: id }),
      /Le champ « statut_colis » existe déjà/,
      ctx,
      495,
    );
    expect(fieldNames(ctx)).toEqual(["statut_colis"]);
    expect(t.store.fieldProposals.get(ctx.tenant.id, id)?.status).toBe("proposed");
    expect(t.store.audit.list(ctx.tenant.id, { entity: "custom_field" })).toHaveLength(1);

    const retry = await pendingApply(ctx, {
      proposalId: id,
      only: LOGISTIQUE_FIELDS.filter((n) => n !== "statut_colis"),
    });
    expect((await confirmPending(ctx, retry.action.id)).kind).toBe("executed");
    expect(fieldNames(ctx)).toHaveLength(LOGISTIQUE_FIELDS.length);
  });
});
