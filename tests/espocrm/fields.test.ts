// "MAX Fields Rebuild" reaching EspoCRM: apply_fields, always confirmed, defines the fields in M.A.X.
// and queues their creation through EspoCRM's field manager (admin user), where they get their `c`
// prefix (found in the metadata, the answer does not say it); the leads' values for them follow.
// Without an admin user nothing is created and the reason is kept for `max sync espocrm`.
import { afterEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { turnContext } from "../helpers/agent.js";
import { type EspoWorld, espoWorld } from "../helpers/espocrm-world.js";

let w: EspoWorld;
afterEach(() => w.close());

async function applyLogistique(world: EspoWorld) {
  const proposed = await world.tool("propose_fields", { trade: "logistique" });
  if (proposed.kind !== "executed") throw new Error(proposed.message);
  const proposalId = (proposed.data as { proposalId: number }).proposalId;
  const before = Object.keys(world.fake.fields()).length;
  const pending = await world.tool("apply_fields", { proposalId });
  // A schema change waits for a confirmation, even in Auto: nothing is created before it.
  expect(pending.kind).toBe("pending");
  await world.drain();
  expect(Object.keys(world.fake.fields())).toHaveLength(before);
  if (pending.kind !== "pending") throw new Error("no card");
  const ctx = { ...turnContext(world.store, world.tenant.id, world.owner), mode: "auto" as const };
  expect(await confirmPending(ctx, pending.action.id)).toMatchObject({ kind: "executed" });
}

describe("apply_fields and EspoCRM's field manager", () => {
  it("creates the applied fields with their c prefix, then sends the leads' values", async () => {
    w = await espoWorld({}, { vertical: "logistique" });
    await w.connect();
    const lead = w.store.leads.create(w.scope, { firstName: "Transports", lastName: "Martin" });
    await w.drain();
    await applyLogistique(w);
    w.store.leads.setCustomFields(w.scope, lead.id, { incoterm: "DDP", poids_kg: 12.5, dtd: true });
    w.fake.setFaults([{ match: "^POST /Admin/fieldManager/Lead$", first: 1, mode: "after", status: 503 }]);
    await w.drain();
    const fields = w.fake.fields();
    expect(fields.cIncoterm).toMatchObject({
      type: "enum",
      isCustom: true,
      options: ["", "EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"],
    });
    expect(fields.cPoidsKg).toMatchObject({ type: "float" });
    expect(fields.cDtd).toMatchObject({ type: "bool" });
    expect(fields.cDelaiLivraisonJours).toMatchObject({ type: "int", min: 0 });
    expect(w.fake.state.labels.cIncoterm).toBe("Incoterm");
    expect(w.store.espocrm.get(w.tenant.id)?.fieldMap.custom).toMatchObject({
      incoterm: "cIncoterm",
      poids_kg: "cPoidsKg",
      mode_transport: "cModeTransport",
    });
    const espoId = w.store.espocrm.leadLink(w.tenant.id, lead.id)?.espoId as string;
    expect(w.fake.lead(espoId)).toMatchObject({ cIncoterm: "DDP", cPoidsKg: 12.5, cDtd: true });
    // And back: a value set in EspoCRM reaches M.A.X.
    w.fake.ui.update(espoId, { cIncoterm: "FOB" });
    await w.pull();
    expect(w.store.leads.get(w.tenant.id, lead.id)?.customFields.incoterm).toBe("FOB");
  }, 30_000);

  it("without an admin user creates nothing there and keeps the reason", async () => {
    w = await espoWorld({}, { vertical: "logistique" });
    await w.connect({ admin: false });
    await applyLogistique(w);
    await w.drain();
    expect(Object.keys(w.fake.fields()).filter((f) => /^c[A-Z]/.test(f))).toEqual([]);
    expect(w.store.espocrm.get(w.tenant.id)?.lastError).toMatch(
      /n'a pas été créé dans EspoCRM : relancez max connect espocrm avec --admin-user et --admin-password/,
    );
  }, 30_000);
});
