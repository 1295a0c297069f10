import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GateContext } from "../../src/agent/gate.js";
import { offlineTurn } from "../../src/agent/offline-turn.js";
import { tools } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let ctx: GateContext;

beforeEach(() => {
  t = testStore();
  const { tenant, scope, owner } = makeTenant(t.store, "coach", { vertical: "coaching" });
  for (const [firstName, lastName] of [
    ["Camille", "Martin"],
    ["Paul", "Martin"],
    ["Léa", "Rousseau"],
  ]) {
    t.store.leads.create(scope, { firstName, lastName });
  }
  ctx = { store: t.store, tools, tenant, user: owner, scope, mode: "assiste" };
});
afterEach(() => t.cleanup());

describe("an offline turn", () => {
  it("asks which lead when a name is ambiguous, and acts when the full name settles it", async () => {
    const ambiguous = await offlineTurn(ctx, "passe Martin en pre_qualif");
    expect(ambiguous.reply).toMatch(/^Plusieurs leads correspondent à « Martin »/);
    expect(ambiguous.reply).toContain("Camille Martin");
    expect(ambiguous.reply).toContain("Paul Martin");
    expect(ambiguous.outcomes).toEqual([]);
    const turn = await offlineTurn(ctx, "passe Paul Martin en pre_qualif");
    expect(turn.outcomes[0]?.kind).toBe("pending");
    expect((await offlineTurn(ctx, "passe Zorro en pre_qualif")).reply).toBe(
      "Je ne trouve aucun lead « Zorro ».",
    );
  });

  it("finds a lead by first or last name alone, any case, without accents, with one typo", async () => {
    const lea = t.store.leads.search(ctx.tenant.id, { text: "Rousseau" }).leads[0];
    for (const text of [
      "analyse lea",
      "analyse ROUSSEAU",
      "analyse léa rousseau",
      "analyse Rouseau",
      "que penses-tu de lea rousseua ?",
    ]) {
      const turn = await offlineTurn(ctx, text);
      expect(turn.outcomes[0], text).toMatchObject({ kind: "executed", tool: "analyze_lead" });
      expect(turn.reply, text).toContain("Léa Rousseau");
    }
    expect(lea).toBeDefined();
  });

  it("offers the closest names when nobody has the one typed, and runs the one picked by its words", async () => {
    const turn = await offlineTurn(ctx, "analyse Paul Marton-Dufresne");
    expect(turn.reply).toMatch(
      /^Je ne trouve pas « Paul Marton-Dufresne »\. Les noms les plus proches :\n1\. /,
    );
    expect(turn.choices?.map((c) => c.label)).toContain("Analyser Paul Martin");
  });

  it("reads a status with a typo and a sentence with one: « pase Paul Martin en apel réalisé »", async () => {
    const turn = await offlineTurn(ctx, "pase Paul Martin en apel réalisé");
    expect(turn.outcomes[0]).toMatchObject({ kind: "pending", args: { status: "appel_realise" } });
  });

  it("« qui dois-je relancer aujourdhui ? » lists the leads without news, won and lost left out; a stray typo is no search", async () => {
    const paul = t.store.leads.search(ctx.tenant.id, { text: "Paul Martin" }).leads[0];
    if (!paul) throw new Error("Paul Martin is seeded");
    t.store.leads.setStatus(ctx.scope, paul.id, "gagne");
    t.clock.advanceDays(10);
    const turn = await offlineTurn(ctx, "qui dois-je relancer aujourdhui ?");
    expect(turn.outcomes[0]).toMatchObject({
      kind: "executed",
      tool: "search_leads",
      args: { inactiveDays: 5 },
    });
    expect(turn.reply).toMatch(/^2 leads, hors gagnés et perdus :/);
    expect(turn.reply).toContain("Camille Martin");
    expect(turn.reply).not.toContain("Paul Martin");
    const nobody = await offlineTurn(ctx, "cherche Zorglub");
    expect(nobody.outcomes[0]).toMatchObject({ tool: "search_leads", args: { text: "Zorglub" } });
    expect(nobody.reply).toBe("Aucun lead trouvé.");
  });

  it("answers the balance in words, and an out-of-scope request with examples, not actions", async () => {
    const budget = await offlineTurn(ctx, "combien de jetons il me rest ?");
    expect(budget.reply).toMatch(/^Plan pro : \d+ jetons, \d+\/\d+ utilisés en novembre 2026, /);
    const joke = await offlineTurn(ctx, "fais moi une blague");
    expect(joke.reply).toMatch(
      /^Je n'ai pas bien compris\. Essayez par exemple : « montre-moi mes leads chauds »/,
    );
    expect(joke.choices ?? []).toEqual([]);
    expect(joke.outcomes).toEqual([]);
  });

  it("in a conversation, « suite » shows the next page and « 2 » runs the second choice", async () => {
    for (let i = 1; i <= 12; i++)
      t.store.leads.create(ctx.scope, { firstName: `Client${i}`, lastName: "Dupuis" });
    const conversation = t.store.conversations.open(ctx.tenant.id, "cli", "owner", ctx.user?.id);
    const chat = { ...ctx, conversationId: conversation.id };
    const first = await offlineTurn(chat, "cherche Dupuis");
    expect(first.reply).toMatch(
      /^12 leads \(1 à 10\) :[\s\S]*\n10 sur 12 — écrivez « suite » pour les suivants\.$/,
    );
    const next = await offlineTurn(chat, "suite");
    expect(next.reply).toMatch(/^12 leads \(11 à 12\) :/);
    expect((await offlineTurn(chat, "suite")).reply).toBe("Il n'y a rien de plus à afficher.");

    const question = await offlineTurn(chat, "analyse martin");
    expect(question.reply).toMatch(/^Plusieurs leads correspondent à « martin »/);
    const second = question.choices?.[1];
    if (!second) throw new Error("two Martins to choose from");
    const picked = await offlineTurn(chat, "2");
    expect(picked.outcomes[0]).toMatchObject({
      kind: "executed",
      tool: "analyze_lead",
      args: second.plan.args,
    });
    expect((await offlineTurn(chat, "2")).reply).toMatch(/^Je n'ai pas de choix numéroté en attente/);
  });

  it("asks which sequence in the words of the tenant's own, never their ids", async () => {
    const turn = await offlineTurn(ctx, "inscris Léa Rousseau dans une séquence de relance");
    expect(turn.reply).toBe("Quel scénario ? « no show », « post appel », « prospection ».");
  });

  it("takes a status by its words, several of them, without accents", async () => {
    const turn = await offlineTurn(ctx, "passe Paul Martin en appel realise");
    if (turn.outcomes[0]?.kind !== "pending") throw new Error("expected a card");
    expect(turn.outcomes[0].action.preview).toBe("Passer Paul Martin en « Appel réalisé »");
    expect(turn.outcomes[0].args).toMatchObject({ status: "appel_realise" });
  });

  it("confirms the only pending action on a bare « oui », and asks for the number when several wait", async () => {
    await offlineTurn(ctx, "passe Léa Rousseau en pre_qualif");
    const yes = await offlineTurn(ctx, "oui");
    expect(yes.outcomes[0]?.kind).toBe("executed");
    expect(yes.reply).toMatch(/Léa Rousseau est maintenant en « Pré-qualification »/);
    await offlineTurn(ctx, "ajoute le tag vip à Léa Rousseau");
    await offlineTurn(ctx, "note sur Léa Rousseau : rappeler lundi");
    expect((await offlineTurn(ctx, "oui")).reply).toMatch(/Plusieurs actions attendent/);
    expect((await offlineTurn(ctx, "non")).outcomes).toEqual([]);
  });
});

describe("the gate's scenarios through the offline brain", () => {
  const say = (text: string, mode: GateContext["mode"] = ctx.mode) => offlineTurn({ ...ctx, mode }, text);
  const lea = () => t.store.leads.search(ctx.tenant.id, { text: "Léa Rousseau" }).leads[0];
  const balance = () => t.store.ledger.balance(ctx.tenant.id);

  beforeEach(() => {
    t.store.ledger.summary(ctx.tenant.id);
  });

  it("Conseil suggests and changes nothing; Auto acts and debits; a wrong status is refused, never paid", async () => {
    const advised = await say("passe Léa Rousseau en pre_qualif", "conseil");
    expect(advised.reply).toMatch(/^💡 Suggestion, rien n'a été fait/);
    expect(lea()?.status).toBe("nouveau");
    expect(balance()).toBe(500);
    const done = await say("passe Léa Rousseau en pre_qualif", "auto");
    expect(done.reply).toMatch(
      /^✅ Léa Rousseau est maintenant en « Pré-qualification ». \(−1 jeton, solde 499\)/,
    );
    const wrong = await say("passe Léa Rousseau en devis envoyé", "auto");
    expect(wrong.reply).toMatch(
      /^⚠️ Statut « Devis envoyé » inconnu pour ce métier. Statuts permis : Nouveau/,
    );
    expect(balance()).toBe(499);
  });

  it("out of tokens: nothing runs and the reply gives the balance and the cost", async () => {
    t.store.ledger.debit(ctx.scope, { action: "crm_change", amount: 500 });
    const turn = await say("ajoute le tag vip à Léa Rousseau", "auto");
    expect(turn.reply).toMatch(/^⛔ .*0.*1/);
    expect(lea()?.tags).toEqual([]);
  });

  it("fields: proposed at once in Auto, applied only after a confirmation; Standard is refused", async () => {
    const proposed = await say("propose des champs pour la logistique", "auto");
    expect(proposed.outcomes[0]).toMatchObject({ kind: "executed", cost: 5 });
    const id = t.store.fieldProposals.list(ctx.tenant.id)[0]?.id;
    const applied = await say(`applique la proposition ${id}`, "auto");
    expect(applied.reply).toMatch(/^⏳ Action n°\d+ en attente/);
    expect(t.store.customFields.list(ctx.tenant.id)).toEqual([]);
    expect((await say("oui", "auto")).outcomes[0]).toMatchObject({ kind: "executed", cost: 20 });
    expect(t.store.customFields.list(ctx.tenant.id).length).toBeGreaterThan(3);

    t.store.tenants.update(ctx.scope, { plan: "standard" });
    const refused = await offlineTurn(
      { ...ctx, tenant: t.store.tenants.require(ctx.tenant.id), mode: "auto" },
      "propose des champs pour le b2b",
    );
    expect(refused.reply).toMatch(/^🔒 Le plan Standard/);
  });

  it("a mode change is confirmed, twice in a row for Auto", async () => {
    const asked = await say("passe en mode auto", "conseil");
    expect(asked.reply).toMatch(/^⏳ Action n°\d+ en attente : Passer en mode Auto/);
    expect((await say("oui")).reply).toMatch(/seconde fois/);
    expect(t.store.tenants.require(ctx.tenant.id).defaultMode).not.toBe("auto");
    expect((await say("oui")).reply).toMatch(/^✅ Mode Auto activé : .* \(sans frais\)$/);
    expect(t.store.tenants.require(ctx.tenant.id).defaultMode).toBe("auto");
  });
});
