// End-to-end turns through ChatOpenAI over a loopback OpenAI-compatible server with scripted tool
// calls: the real agent loop, the gate middleware, the ledger, the memory and the usage records.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MODEL_FAILED_FR } from "../../src/agent/llm-turn.js";
import { runTurn } from "../../src/agent/turn.js";
import type { Mode } from "../../src/domain/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { loopbackBrain, turnContext } from "../helpers/agent.js";
import { type OpenAiLoopback, startOpenAiLoopback } from "../helpers/openai-loopback.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let llm: OpenAiLoopback;
let world: ReturnType<typeof makeTenant> & { leadId: number };

const setMode = (store: Store, mode: Mode) => store.tenants.update(world.scope, { defaultMode: mode });
const statusOf = (store: Store) => store.leads.get(world.tenant.id, world.leadId)?.status;
const debits = (store: Store) => store.ledger.entries(world.tenant.id, 100).filter((e) => e.kind === "debit");
const ask = (text: string, store = t.store, brain = loopbackBrain(llm.baseUrl)) =>
  runTurn(brain, turnContext(store, world.tenant.id, world.owner), text);
const toolResultsSent = (request = llm.requests.at(-1)) =>
  request?.messages.filter((m) => m.role === "tool").map((m) => String(m.content)) ?? [];

beforeEach(async () => {
  t = testStore();
  llm = await startOpenAiLoopback();
  const base = makeTenant(t.store, "agence", { name: "Agence Horizon", vertical: "b2b", plan: "pro" });
  const lead = t.store.leads.create(base.scope, {
    firstName: "Jean",
    lastName: "Dupont",
    status: "en_qualif",
  });
  world = { ...base, leadId: lead.id };
  t.store.ledger.summary(world.tenant.id);
});
afterEach(async () => {
  await llm.close();
  t.cleanup();
});

const moveDupont = () => ({
  toolCalls: [{ name: "update_status", args: { leadId: world.leadId, status: "devis_envoye" } }],
});

describe("a turn with the model", () => {
  it("Conseil: the model's call becomes a suggestion; even if it claims success, nothing changed", async () => {
    setMode(t.store, "conseil");
    llm.script(moveDupont(), { content: "C'est fait, Jean Dupont est en devis envoyé !" });
    const turn = await ask("passe Dupont en devis envoyé");
    expect(statusOf(t.store)).toBe("en_qualif");
    expect(debits(t.store)).toHaveLength(0);
    expect(turn.outcomes.map((o) => o.kind)).toEqual(["suggested"]);
    expect(turn.reply).toMatch(/💡 Suggestion, rien n'a été fait : Passer Jean Dupont en « Devis envoyé »/);
    expect(toolResultsSent()[0]).toMatch(/^\[SUGGESTION SEULEMENT/);
  });

  it("Assisté: a pending action, confirmed without the model, runs once, debited and audited", async () => {
    setMode(t.store, "assiste");
    llm.script(moveDupont(), { content: "Je l'ai préparé, confirmez pour l'appliquer." });
    const turn = await ask("passe Dupont en devis envoyé");
    const pending = turn.outcomes[0];
    if (pending?.kind !== "pending") throw new Error(`expected pending, got ${pending?.kind}`);
    expect(turn.reply).toContain(`⏳ Action n°${pending.action.id} en attente`);
    expect(turn.reply).toMatch(/coût 1 jeton, solde après 499/);
    expect(statusOf(t.store)).toBe("en_qualif");

    const requestsBefore = llm.requests.length;
    const confirmed = await ask(`confirme ${pending.action.id}`);
    expect(confirmed.outcomes[0]?.kind).toBe("executed");
    expect(llm.requests.length).toBe(requestsBefore);
    expect(statusOf(t.store)).toBe("devis_envoye");
    expect(debits(t.store)).toHaveLength(1);
    expect((await ask(`confirme ${pending.action.id}`)).outcomes[0]?.kind).toBe("already");
    expect(debits(t.store)).toHaveLength(1);
    expect(t.store.audit.list(world.tenant.id).some((a) => a.action === "tool.update_status")).toBe(true);
  });

  it("a pending action drafted before a restart is confirmed after it", async () => {
    setMode(t.store, "assiste");
    llm.script(moveDupont(), { content: "Préparé." });
    const turn = await ask("passe Dupont en devis envoyé");
    const pending = turn.outcomes[0];
    if (pending?.kind !== "pending") throw new Error("expected pending");
    t.store.close();
    const reopened = openStore({ path: t.path, clock: () => t.clock.now });
    try {
      const confirmed = await ask("oui", reopened);
      expect(confirmed.outcomes[0]?.kind).toBe("executed");
      expect(statusOf(reopened)).toBe("devis_envoye");
    } finally {
      reopened.close();
      t.store = openStore({ path: t.path, clock: () => t.clock.now });
    }
  });

  it("Auto: runs at once; a call that cannot run is refused before paying and the model is told why", async () => {
    setMode(t.store, "auto");
    llm.script(
      { toolCalls: [{ name: "update_status", args: { leadId: world.leadId, status: "appel planifié" } }] },
      { content: "Le statut « appel planifié » n'existe pas." },
      moveDupont(),
      { content: "Fait." },
    );
    const failed = await ask("passe Dupont en appel planifié");
    expect(failed.outcomes[0]).toMatchObject({ kind: "unavailable" });
    expect(failed.reply).toMatch(/⚠️ Statut « appel planifié » inconnu .* Statuts permis/);
    expect(toolResultsSent()[0]).toMatch(
      /^\[IMPOSSIBLE POUR L'INSTANT \(rien n'a été fait ni débité\)\] Statut « appel planifié »/,
    );
    expect(t.store.ledger.balance(world.tenant.id)).toBe(500);

    const done = await ask("alors passe-le en devis_envoye");
    expect(done.outcomes[0]?.kind).toBe("executed");
    expect(done.reply).toMatch(/✅ Jean Dupont est maintenant en « Devis envoyé ». \(−1 jeton, solde 499\)/);
    expect(statusOf(t.store)).toBe("devis_envoye");
  });

  it("invalid arguments go back to the model as a readable error and nothing runs", async () => {
    setMode(t.store, "auto");
    llm.script(
      { toolCalls: [{ name: "update_status", args: { leadId: "Dupont", status: "" } }] },
      { toolCalls: [{ name: "delete_everything", args: {} }] },
      // A tool only the scheduler runs, named by a model that guessed it.
      { toolCalls: [{ name: "send_scenario_step", args: { enrollmentId: 1, step: 0 } }] },
      { content: "Je dois d'abord chercher son identifiant." },
    );
    const turn = await ask("passe Dupont en devis");
    expect(turn.outcomes.map((o) => o.kind)).toEqual(["invalid", "invalid", "invalid"]);
    const [first, second, third] = toolResultsSent();
    expect(first).toMatch(/^\[ARGUMENTS INVALIDES.*leadId/);
    expect(second).toMatch(/Outil inconnu : delete_everything/);
    expect(third).toMatch(/Outil inconnu : send_scenario_step/);
    expect(statusOf(t.store)).toBe("en_qualif");
    expect(debits(t.store)).toHaveLength(0);
  });

  it("not enough tokens: nothing runs and the user sees the balance and the cost", async () => {
    setMode(t.store, "auto");
    t.store.ledger.debit(world.scope, { action: "crm_change", amount: 500, note: "drain" });
    llm.script(moveDupont(), { content: "Je n'ai pas pu." });
    const turn = await ask("passe Dupont en devis envoyé");
    expect(turn.outcomes[0]?.kind).toBe("insufficient");
    expect(turn.reply).toMatch(/⛔ .*0.*1/);
    expect(statusOf(t.store)).toBe("en_qualif");
  });

  it("plan gating: Standard cannot propose fields; the upgrade message reaches the user", async () => {
    const std = makeTenant(t.store, "solo", {
      plan: "standard",
      vertical: "logistique",
      defaultMode: "auto",
    });
    llm.script(
      { toolCalls: [{ name: "propose_fields", args: { trade: "logistique" } }] },
      { content: "Désolé." },
    );
    const turn = await runTurn(
      loopbackBrain(llm.baseUrl),
      turnContext(t.store, std.tenant.id, std.owner),
      "propose des champs",
    );
    expect(turn.outcomes[0]?.kind).toBe("refused");
    expect(turn.reply).toMatch(/🔒 Le plan Standard ne crée pas de champs.*Pro/);
    expect(t.store.fieldProposals.list(std.tenant.id)).toEqual([]);
    expect(t.store.ledger.entries(std.tenant.id, 10).some((e) => e.kind === "debit")).toBe(false);
  });

  it("fields are always confirmed: in Auto the proposal runs but applying it waits for a human", async () => {
    setMode(t.store, "auto");
    llm.script(
      { toolCalls: [{ name: "propose_fields", args: { trade: "logistique" } }] },
      { content: "Voici." },
    );
    const proposed = await ask("propose des champs pour la logistique");
    expect(proposed.outcomes[0]).toMatchObject({ kind: "executed", cost: 5 });
    const proposalId = t.store.fieldProposals.list(world.tenant.id)[0]?.id;
    llm.script(
      { toolCalls: [{ name: "apply_fields", args: { proposalId } }] },
      { content: "C'est appliqué !" },
    );
    const applied = await ask("applique-la");
    const pending = applied.outcomes[0];
    if (pending?.kind !== "pending") throw new Error(`expected pending, got ${pending?.kind}`);
    expect(applied.reply).toMatch(/⏳ Action n°\d+ en attente.*coût 20 jetons/s);
    expect(t.store.customFields.list(world.tenant.id)).toEqual([]);
    const confirmed = await ask(`confirme ${pending.action.id}`);
    expect(confirmed.outcomes[0]).toMatchObject({ kind: "executed", cost: 20 });
    expect(t.store.customFields.list(world.tenant.id).map((f) => f.name)).toContain("incoterm");
  });

  it("sends a French system prompt with the tenant, its mode, pipeline and date, and all tools", async () => {
    setMode(t.store, "assiste");
    llm.script({ content: "Bonjour !" });
    await ask("bonjour");
    const content = llm.requests[0]?.messages[0]?.content;
    const system = Array.isArray(content) ? content.map((part) => part.text).join("") : String(content);
    expect(llm.requests[0]?.messages[0]?.role).toBe("system");
    expect(system).toContain("« Agence Horizon » (B2B)");
    expect(system).toContain("Mode actuel : Assisté");
    expect(system).toContain("devis_envoye");
    expect(system).toMatch(/lundi 16 novembre 2026/);
    expect(llm.requests[0]?.tools?.map((tool) => tool.function.name)).toContain("update_status");
  });

  it("remembers the conversation across turns and restarts, tool calls included, and records usage", async () => {
    setMode(t.store, "assiste");
    llm.script(
      {
        toolCalls: [{ name: "search_leads", args: { text: "Dupont" } }],
        usage: { prompt: 300, completion: 12 },
      },
      { content: `J'ai trouvé Jean Dupont (#${world.leadId}).`, usage: { prompt: 350, completion: 15 } },
    );
    await ask("cherche Dupont");
    t.store.close();
    t.store = openStore({ path: t.path, clock: () => t.clock.now });
    llm.script(moveDupont(), { content: "Préparé." });
    await ask("passe-le en devis envoyé", t.store, loopbackBrain(llm.baseUrl));
    const replayed = llm.requests[2]?.messages ?? [];
    expect(replayed.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
    expect(String(replayed[3]?.content)).toContain("Jean Dupont");
    const usage = t.store.llmUsage.totals(world.tenant.id);
    expect(usage).toMatchObject({
      turns: 2,
      calls: 4,
      inputTokens: 300 + 350 + 200,
      outputTokens: 12 + 15 + 40,
    });
  });

  it("keeps the replayed history bounded, starting at a user message", async () => {
    const brain = loopbackBrain(llm.baseUrl, 6);
    for (let i = 0; i < 5; i++) {
      llm.script({ toolCalls: [{ name: "get_budget", args: {} }] }, { content: `Solde, tour ${i}.` });
      await ask(`solde ${i}`, t.store, brain);
    }
    // The last 6 stored messages begin with the tail of turn 3; the window drops it and starts at turn 4.
    const last = llm.requests.at(-2)?.messages ?? [];
    expect(last.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
    expect(last.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["solde 3", "solde 4"]);
  });

  it("when the model is down, a plain command still gets an offline answer", async () => {
    llm.script({ status: 500 }, { status: 500 });
    const turn = await ask("cherche Dupont");
    expect(turn.reply).toMatch(/Modèle indisponible, réponse hors ligne/);
    expect(turn.reply).toContain("Jean Dupont");
    llm.script({ status: 500 }, { status: 500 });
    const chat = await ask("comment relancer mes devis ?");
    expect(chat.reply).toMatch(/Le modèle de langage n'a pas pu répondre/);
  });

  it.each([401, 500])(
    "a server that echoes our key in its %i error: the user sees neither, the log sees it redacted",
    async (status) => {
      const KEY = "sk-live-0123456789abcdef";
      const logged: string[] = [];
      const brain = loopbackBrain(llm.baseUrl, 40, { apiKey: KEY, onModelError: (d) => logged.push(d) });
      llm.script({ status, echoAuthorization: true }, { status, echoAuthorization: true });
      const turn = await ask("comment relancer mes devis ?", t.store, brain);
      expect(turn.reply).toBe(MODEL_FAILED_FR);
      expect(turn.reply).not.toMatch(/Authorization|invalid request|sk-/);
      expect(turn.modelError).not.toContain(KEY);
      // The server really echoed it: the log line proves the text came back, masked.
      expect(logged.join("\n")).toMatch(/invalid request, you sent Authorization: \[secret\]/);
      expect(logged.join("\n")).not.toContain(KEY);
      const { conversationId } = turnContext(t.store, world.tenant.id, world.owner);
      expect(JSON.stringify(t.store.agentMemory.recent(world.tenant.id, conversationId, 50))).not.toContain(
        KEY,
      );
    },
  );
});
