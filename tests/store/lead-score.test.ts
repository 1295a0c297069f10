// leads.score is kept current: computed at creation, recomputed in the transaction of a field, status
// or custom field change and of every activity (a reply from the lead through the real inbound path),
// never audited on its own; scoreOf explains it as of now; rescore brings silence up to date in
// batches; the nightly job runs it; the demo seed stores the scores its own data explain.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handleInbound } from "../../src/inbound/handle-inbound.js";
import { ensureRescores, RESCORE_JOB, runRescore } from "../../src/scenarios/rescore.js";
import { demoLeads } from "../../src/seed/demo-leads.js";
import { seedDemo } from "../../src/seed/seed-demo.js";
import type { Scope, Tenant } from "../../src/store/index.js";
import { testRuntime } from "../helpers/runtime.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let tenant: Tenant;
let scope: Scope;

beforeEach(() => {
  t = testStore("2026-11-16T10:00:00Z");
  ({ tenant, scope } = makeTenant(t.store, "agence", { vertical: "b2b" }));
});
afterEach(() => t.cleanup());

const stored = (id: number) => t.store.leads.require(tenant.id, id).score;
const leadChanges = (id: number) =>
  (
    t.store.ctx.sqlite
      .prepare("select count(*) as n from change_feed where topic = 'lead' and ref_id = ?")
      .get(id) as { n: number }
  ).n;

describe("the stored score", () => {
  it("is computed at creation and explained by scoreOf, line by line", () => {
    const lead = t.store.leads.create(scope, {
      company: "Transports Garnier",
      status: "devis_envoye",
      fields: { taille_entreprise: "PME", budget_indicatif: "10–20 k€", type_besoin: "IT" },
    });
    expect(lead.score).toBe(50);
    expect(stored(lead.id)).toBe(50);
    expect(t.store.leads.scoreOf(tenant.id, lead.id)).toEqual({
      score: 50,
      lines: [
        { points: 10, label: "+10 base" },
        { points: 15, label: "+15 étape : Devis envoyé" },
        { points: 12, label: "+12 budget > 5 000 €" },
        { points: 8, label: "+8 taille : PME" },
        { points: 5, label: "+5 besoin identifié : IT" },
      ],
    });
    expect(t.store.leads.scoreOf(tenant.id, 999_999)).toBeUndefined();
  });

  it("ignores a score given by hand: it is derived", () => {
    const input = { company: "X", score: 99 } as Parameters<typeof t.store.leads.create>[1];
    expect(t.store.leads.create(scope, input).score).toBe(10);
  });

  it("follows a field update, a status change and a custom field, with no audit of its own", () => {
    const lead = t.store.leads.create(scope, { company: "Atelier Lumière" });
    expect(stored(lead.id)).toBe(10);
    const audited = () => t.store.audit.list(tenant.id, { limit: 100 }).map((a) => a.action);

    const before = audited().length;
    t.store.leads.update(scope, lead.id, { fields: { budget_indicatif: "40–60 k€" } });
    expect(stored(lead.id)).toBe(30);
    t.store.leads.setStatus(scope, lead.id, "Devis envoyé");
    expect(stored(lead.id)).toBe(45);
    expect(audited().slice(0, audited().length - before)).toEqual([
      "lead.status",
      "activity.add",
      "lead.update",
    ]);
    // The audit's after shows the score the change led to.
    const after = t.store.audit.list(tenant.id, { limit: 1 })[0]?.after as { score: number };
    expect(after.score).toBe(45);

    t.store.leads.setStatus(scope, lead.id, "perdu");
    expect(stored(lead.id)).toBe(0);

    const beaute = makeTenant(t.store, "institut", { vertical: "beaute" });
    t.store.customFields.define(beaute.scope, { name: "budget", label: "Budget", type: "text" });
    const client = t.store.leads.create(beaute.scope, { firstName: "Inès" });
    t.store.leads.setCustomFields(beaute.scope, client.id, { budget: "3 000 €" });
    expect(t.store.leads.require(beaute.tenant.id, client.id).score).toBe(30);
  });

  it("rises with a WhatsApp reply from the lead, through the inbound pipeline", async () => {
    const lead = t.store.leads.create(scope, {
      firstName: "Hélène",
      phone: "06 11 22 33 44",
      status: "devis_envoye",
      createdAt: new Date("2026-10-01T10:00:00Z"),
      consent: { whatsapp: true },
    });
    // Silent and idle for 46 days: 10 + 15 − 15 − 10.
    expect(stored(lead.id)).toBe(0);
    await handleInbound(testRuntime(t.store), {
      channel: "whatsapp",
      providerId: "SM-reply-1",
      tenantId: tenant.id,
      sender: "+33611223344",
      conversationKey: "+33611223344",
      text: "Bonjour, le devis me convient, on en parle demain ?",
    });
    expect(stored(lead.id)).toBe(40);
    expect(t.store.leads.scoreOf(tenant.id, lead.id)?.lines.map((l) => l.label)).toEqual([
      "+10 base",
      "+15 étape : Devis envoyé",
      "+5 1 réponse du lead",
      "+10 réponse aujourd'hui",
    ]);
  });

  it("does not count a bounce or an automatic reply as the lead's answer", () => {
    const lead = t.store.leads.create(scope, { firstName: "Zoé", status: "en_qualif" });
    const score = stored(lead.id);
    t.store.activities.add(scope, lead.id, { kind: "email_in", meta: { kind: "bounce" } });
    t.store.activities.add(scope, lead.id, { kind: "email_in", meta: { kind: "auto_reply" } });
    expect(stored(lead.id)).toBe(score);
    t.store.activities.add(scope, lead.id, { kind: "call", body: "Appel de qualification" });
    expect(stored(lead.id)).toBe((score ?? 0) + 15);
  });

  it("is written only when it changes, so the live feed hears of real changes only", () => {
    const lead = t.store.leads.create(scope, { firstName: "Paul" });
    const changes = leadChanges(lead.id);
    expect(t.store.leads.rescore(tenant.id)).toEqual({ leads: 1, changed: 0 });
    expect(leadChanges(lead.id)).toBe(changes);
  });
});

describe("rescore", () => {
  it("brings silence up to date, in batches, for the tenant's leads only", () => {
    const ids = Array.from({ length: 7 }, (_, i) => {
      const lead = t.store.leads.create(scope, { firstName: `Lead ${i}`, status: "devis_envoye" });
      t.store.activities.add(scope, lead.id, { kind: "whatsapp_in", body: "ok" });
      return lead.id;
    });
    const other = makeTenant(t.store, "autre", { vertical: "b2b" });
    const theirs = t.store.leads.create(other.scope, { firstName: "Autre", status: "devis_envoye" });
    expect(ids.map(stored)).toEqual(Array(7).fill(40));

    t.clock.advanceDays(22);
    expect(ids.map(stored)).toEqual(Array(7).fill(40));
    expect(t.store.leads.rescore(tenant.id, 3)).toEqual({ leads: 7, changed: 7 });
    expect(ids.map(stored)).toEqual(Array(7).fill(15));
    expect(t.store.leads.scoreOf(tenant.id, ids[0] as number)?.lines.at(-1)?.label).toBe(
      "−15 aucune réponse depuis 22 jours",
    );
    expect(t.store.leads.require(other.tenant.id, theirs.id).score).toBe(25);
    expect(t.store.leads.rescore(tenant.id, 3)).toEqual({ leads: 7, changed: 0 });
  });

  it("runs every night as a job that queues the next one", async () => {
    const lead = t.store.leads.create(scope, { firstName: "Marc", status: "en_negociation" });
    expect(stored(lead.id)).toBe(30);
    ensureRescores(t.store);
    ensureRescores(t.store);
    const queued = () => t.store.jobs.list(tenant.id, "pending").filter((j) => j.kind === RESCORE_JOB);
    const [job] = queued();
    expect(queued()).toHaveLength(1);
    // 06:00 in Paris the next morning.
    expect(job?.dueAt).toEqual(new Date("2026-11-17T05:00:00Z"));

    t.clock.set("2026-12-08T05:00:00Z");
    await runRescore({ store: t.store }, job as NonNullable<typeof job>);
    expect(stored(lead.id)).toBe(15);
    expect(t.store.jobs.list(tenant.id, "done").map((j) => j.id)).toContain(job?.id);
    expect(queued().map((j) => j.dueAt)).toEqual([new Date("2026-12-09T05:00:00Z")]);
  });
});

describe("the demo seed", () => {
  it("stores for each lead the score its own data explain", { timeout: 60_000 }, () => {
    seedDemo(t.store);
    for (const vertical of ["coaching", "b2b"] as const) {
      const demo = t.store.tenants.getBySlug(`demo-${vertical}`);
      if (!demo) throw new Error("demo tenant missing");
      const { leads } = t.store.leads.search(demo.id, { limit: 100 });
      const expected = new Map(demoLeads(vertical).map((l) => [l.email, [l.score, l.heat]]));
      expect(leads).toHaveLength(60);
      for (const lead of leads) {
        expect([lead.score, lead.heat]).toEqual(expected.get(lead.email));
        expect(t.store.leads.scoreOf(demo.id, lead.id)?.score).toBe(lead.score);
      }
      const heats = new Set(leads.map((l) => l.heat));
      expect(heats).toEqual(new Set(["chaud", "tiede", "froid"]));
    }
  });
});
