// `max leads add` in-process on a real SQLite file: a coaching lead starts COACH-01 in the tenant's
// mode (Assisté: a pending action for the coach, nothing sent; Auto: the questions queued), another
// trade's lead is only created, and a wrong call is one line on stderr with exit code 2.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inProcessMax } from "../helpers/cli.js";
import { world } from "../helpers/scenario-world.js";
import { type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

const max = inProcessMax(() => t.path);

const add = (tenant: string, ...extra: string[]) =>
  max("leads", "add", "--tenant", tenant, "--first-name", "Inès", "--last-name", "Moreau", ...extra);

describe("max leads add", () => {
  it("a coaching lead in Assisté: COACH-01 waits for the coach's confirmation, nothing is sent", async () => {
    const { tenant } = world(t, "coach", "coaching", "assiste");
    const r = await add("coach", "--email", "ines@exemple.fr", "--consent", "email", "--json");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      lead: { name: "Inès Moreau", email: "ines@exemple.fr" },
      prequalification: "pending",
    });
    const pending = t.store.pendingActions
      .listPending(tenant.id)
      .filter((a) => a.tool === "start_prequalification");
    expect(pending).toHaveLength(1);
    expect(t.store.messages.listByLead(tenant.id, out.lead.id)).toEqual([]);
  });

  it("a coaching lead in Auto: the questions are queued at once; a B2B lead is only created", async () => {
    const { tenant } = world(t, "coach", "coaching", "auto");
    const r = await add("coach", "--email", "ines@exemple.fr", "--consent", "email");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Lead #\d+ Inès Moreau créé\.\n✅ /);
    const lead = t.store.leads.search(tenant.id, { text: "Moreau" }).leads[0];
    expect(t.store.messages.listByLead(tenant.id, lead?.id ?? 0).map((m) => m.status)).toEqual(["queued"]);

    world(t, "agence", "b2b", "auto");
    const b2b = await add("agence", "--email", "ines@agence.fr", "--json");
    expect(JSON.parse(b2b.stdout).prequalification).toBeNull();
  });

  it("answers a wrong call with one line on stderr and exit code 2, and creates nothing", async () => {
    const { tenant } = world(t, "coach", "coaching");
    for (const args of [
      ["leads", "add", "--tenant", "coach"],
      ["leads", "add", "--tenant", "coach", "--first-name", "A", "--consent", "fax"],
      ["leads", "add", "--tenant", "inconnu", "--first-name", "A"],
    ]) {
      const r = await max(...args);
      expect([r.code, r.stdout, r.stderr.split("\n").length]).toEqual([2, "", 2]);
    }
    expect(t.store.leads.search(tenant.id, {}).total).toBe(0);
  });
});
