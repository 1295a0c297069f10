// The first import of a tenant's EspoCRM leads, page by page over real HTTP, through injected faults
// (503 before and after, a dropped connection, a slow page): each failure stops the pass with the
// pages before it committed with their cursor, the next pass resumes there, and 2,000 leads end up
// in M.A.X. once each — statuses mapped onto the pipeline (the vertical's field first), tags and
// vertical fields read, a lead M.A.X. already had linked rather than doubled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEspoError } from "../../src/integrations/espocrm/index.js";
import { type EspoWorld, espoWorld } from "../helpers/espocrm-world.js";

let w: EspoWorld;
const N = 2_000;
const NATIVE = ["New", "Assigned", "In Process", "Converted", "Recycled", "Dead"];

beforeAll(async () => {
  w = await espoWorld();
  // A lead M.A.X. already has, which EspoCRM has too (same e-mail).
  w.store.leads.create(w.scope, {
    firstName: "Lea",
    lastName: "Déjà",
    email: "lead7@example.test",
    heat: "chaud",
  });
  await w.connect();
  w.fake.seedLeads(N, (i) => ({
    status: NATIVE[i % NATIVE.length],
    ...(i % 10 === 0 ? { cStatutB2b: "devis_envoye", status: "In Process" } : {}),
    cTags: i % 3 === 0 ? ["VIP", "salon 2026"] : [],
    cSecteurB2b: i % 2 ? "BTP" : null,
    cTailleEntreprise: i % 5 === 0 ? "PME" : "",
    phoneNumber: i % 4 === 0 ? `+3361${String(i).padStart(7, "0")}` : null,
    ...(i === 1999 ? { firstName: "", lastName: "", emailAddress: null } : {}),
  }));
}, 60_000);
afterAll(() => w.close());

const caught = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (error: unknown) => error,
  );

describe("the first import", () => {
  it("stops at a failed page and resumes from the last page committed, through 503s, a drop and a delay", async () => {
    w.fake.setFaults([
      { match: "^GET /Lead$", first: 3, every: 3, mode: "before", status: 503 },
      { match: "^GET /Lead$", delay: 0.2, first: 1 },
    ]);
    const first = await caught(w.pull());
    expect(isEspoError(first, "transient")).toBe(true);
    const afterFirst = w.store.espocrm.get(w.tenant.id);
    expect(afterFirst?.importedAt).toBeNull();
    expect(afterFirst?.cursorId).toBeTruthy();
    const partly = w.store.espocrm.linkedEspoIds(w.tenant.id).length;
    expect(partly).toBe(400);

    w.fake.setFaults([
      { match: "^GET /Lead$", first: 1, mode: "drop" },
      { match: "^GET /Lead$", first: 1, mode: "after", status: 503 },
    ]);
    expect(isEspoError(await caught(w.pull()), "transient")).toBe(true);
    w.fake.setFaults([{ match: "^GET /Lead$", first: 2, every: 2, mode: "after", status: 503 }]);
    expect(isEspoError(await caught(w.pull()), "transient")).toBe(true);
    w.fake.clearFaults();
    const last = await w.pull();
    expect(last.skipped).toBe(1); // no name, no e-mail, no phone: nothing to make a lead of
    expect(w.store.espocrm.get(w.tenant.id)?.importedAt).toEqual(w.t.clock.now);
  }, 60_000);

  it("has each EspoCRM lead once, linked both ways, and a lead M.A.X. had linked instead of doubled", () => {
    const links = w.store.espocrm.linkedEspoIds(w.tenant.id);
    expect(links).toHaveLength(N - 1);
    expect(new Set(links.map((l) => l.espoId)).size).toBe(N - 1);
    expect(new Set(links.map((l) => l.leadId)).size).toBe(N - 1);
    const count = w.store.ctx.sqlite.prepare("select count(*) from leads where tenant_id = ?").pluck();
    expect(count.get(w.tenant.id)).toBe(N - 1);
    const lea = w.store.leads.findByEmail(w.tenant.id, "lead7@example.test");
    expect(lea).toMatchObject({ firstName: "Prénom7", lastName: "Nom7", heat: "chaud" });
    expect(w.store.espocrm.leadLink(w.tenant.id, lea?.id ?? 0)?.state).toBe("linked");
  });

  it("maps statuses (the vertical's field first), reads tags and vertical fields, keeps phones E.164", () => {
    const espoIds = w.fake.leads().map((l) => String(l.id));
    const local = (i: number) => w.store.leads.get(w.tenant.id, w.leadOf(espoIds[i] as string) ?? 0);
    expect(local(0)).toMatchObject({
      status: "devis_envoye",
      tags: ["salon 2026", "vip"],
      phone: "+33610000000",
      fields: { taille_entreprise: "PME", secteur_b2b: null },
    });
    expect(local(1)?.status).toBe("en_qualif"); // Assigned
    expect(local(2)?.status).toBe("en_qualif"); // In Process
    expect(local(3)?.status).toBe("gagne"); // Converted
    expect(local(4)?.status).toBe("nouveau"); // Recycled: back to the start of a b2b pipeline
    expect(local(5)?.status).toBe("perdu"); // Dead
    expect(local(6)?.status).toBe("nouveau");
    expect(local(11)).toMatchObject({ fields: { secteur_b2b: "BTP", taille_entreprise: null }, tags: [] });
  });

  it("a second pass changes nothing and sends nothing back", async () => {
    const requestsBefore = w.fake.requests.length;
    const counts = await w.pull();
    expect(counts).toMatchObject({ created: 0, updated: 0, conflicts: 0 });
    await w.drain();
    const writes = w.fake.requests
      .slice(requestsBefore)
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
    // Only the lead that had the e-mail locally gets its own values pushed (M.A.X. had a heat, EspoCRM none).
    expect(writes.length).toBeLessThanOrEqual(1);
  }, 30_000);
});
