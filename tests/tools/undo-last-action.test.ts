import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import type { Mode } from "../../src/domain/index.js";
import { tools } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let ctx: (mode: Mode) => GateContext;
let leadId: number;

beforeEach(() => {
  t = testStore();
  const { tenant, scope, owner } = makeTenant(t.store, "agence", { vertical: "b2b" });
  leadId = t.store.leads.create(scope, { firstName: "Jean", lastName: "Dupont", status: "en_qualif" }).id;
  ctx = (mode) => ({
    store: t.store,
    tools,
    tenant,
    user: owner,
    scope: { tenantId: tenant.id, actor: `user:${owner.id}` },
    mode,
  });
});
afterEach(() => t.cleanup());

const lead = () => t.store.leads.require(ctx("auto").tenant.id, leadId);

describe("undo_last_action", () => {
  it("reverses the last status change, then the tags before it, and never the same action twice", async () => {
    await callTool(ctx("auto"), "apply_tags", { leadId, add: ["vip"] });
    await callTool(ctx("auto"), "update_status", { leadId, status: "devis_envoye" });
    const balance = t.store.ledger.balance(ctx("auto").tenant.id);
    const first = await callTool(ctx("auto"), "undo_last_action", {});
    // A correction, not an action: undoing costs nothing.
    expect(first).toMatchObject({ kind: "executed", cost: 0 });
    expect(first.message).toMatch(
      /Action n°\d+ annulée : Jean Dupont est maintenant en « En qualification »/,
    );
    expect(lead().status).toBe("en_qualif");
    await callTool(ctx("auto"), "undo_last_action", {});
    expect(lead().tags).toEqual([]);
    const nothing = await callTool(ctx("auto"), "undo_last_action", {});
    expect(nothing).toMatchObject({ kind: "unavailable", message: "Aucune action récente à annuler." });
    expect(lead()).toMatchObject({ status: "en_qualif", tags: [] });
    expect(t.store.ledger.balance(ctx("auto").tenant.id)).toBe(balance);
  });

  it("is itself confirmed in Assisté and only suggested in Conseil", async () => {
    await callTool(ctx("auto"), "update_status", { leadId, status: "gagne" });
    expect((await callTool(ctx("conseil"), "undo_last_action", {})).kind).toBe("suggested");
    const pending = await callTool(ctx("assiste"), "undo_last_action", {});
    if (pending.kind !== "pending") throw new Error("expected pending");
    expect(pending.action.preview).toMatch(/^Annuler l'action n°\d+ : Passer Jean Dupont en « Gagné »/);
    expect(pending.message).toMatch(/Coût : gratuit, solde après/);
    expect(lead().status).toBe("gagne");
    expect((await confirmPending(ctx("assiste"), pending.action.id)).kind).toBe("executed");
    expect(lead().status).toBe("en_qualif");
  });

  it("does not undo a mode change, which has its own confirmations", async () => {
    t.store.tenants.update(ctx("auto").scope, { defaultMode: "auto" });
    const asked = await callTool(ctx("auto"), "set_mode", { mode: "assiste" });
    if (asked.kind !== "pending") throw new Error("expected pending");
    await confirmPending(ctx("auto"), asked.action.id);
    expect((await callTool(ctx("auto"), "undo_last_action", {})).kind).toBe("unavailable");
    expect(t.store.tenants.require(ctx("auto").tenant.id).defaultMode).toBe("assiste");
  });

  it("undoes the action its card names, whatever was done in between and whoever confirms", async () => {
    await callTool(ctx("auto"), "apply_tags", { leadId, add: ["alpha"] });
    const card = await callTool(ctx("assiste"), "undo_last_action", {});
    if (card.kind !== "pending") throw new Error("expected pending");
    expect(card.action.preview).toMatch(/^Annuler l'action n°\d+ : Tags de Jean Dupont : ajouter alpha/);
    await callTool(ctx("auto"), "apply_tags", { leadId, add: ["beta"] });
    expect((await confirmPending(ctx("assiste"), card.action.id)).kind).toBe("executed");
    expect(lead().tags).toEqual(["beta"]);
  });

  it("refuses an action undone already, or changed since, and says why", async () => {
    await callTool(ctx("auto"), "apply_tags", { leadId, add: ["alpha"] });
    const first = await callTool(ctx("assiste"), "undo_last_action", {});
    const second = await callTool(ctx("assiste"), "undo_last_action", {});
    if (first.kind !== "pending" || second.kind !== "pending") throw new Error("expected two cards");
    expect((await confirmPending(ctx("assiste"), first.action.id)).kind).toBe("executed");
    const again = await confirmPending(ctx("assiste"), second.action.id);
    expect(again).toMatchObject({ kind: "unavailable" });
    expect(again.message).toMatch(/a déjà été annulée/);

    await callTool(ctx("auto"), "update_status", { leadId, status: "gagne" });
    const card = await callTool(ctx("assiste"), "undo_last_action", {});
    if (card.kind !== "pending") throw new Error("expected pending");
    await callTool(ctx("auto"), "update_status", { leadId, status: "perdu" });
    const changed = await confirmPending(ctx("assiste"), card.action.id);
    expect(changed).toMatchObject({ kind: "unavailable" });
    expect(changed.message).toMatch(/ne peut plus être annulée : Jean Dupont est passé depuis en « Perdu »/);
    expect(lead().status).toBe("perdu");
  });
});
