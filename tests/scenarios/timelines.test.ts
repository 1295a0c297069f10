// Every scenario's full timeline on a fake clock, in Auto: each step at its local time in
// Europe/Paris (inside 09:00–19:00 on working days), sent once, debited 15 tokens, with the seeds'
// field updates; and the same J+3 across the October DST change and out of quiet hours.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordNoShow } from "../../src/scenarios/appointments.js";
import { SCENARIO_IDS, SCENARIOS } from "../../src/scenarios/definitions.js";
import { enrollLead } from "../../src/scenarios/enroll.js";
import { templateExists } from "../../src/scenarios/templates.js";
import { intoSendWindow } from "../../src/scenarios/timing.js";
import { reachableLead, stepLog, walk, world } from "../helpers/scenario-world.js";
import { type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
// Monday 16 November 2026, 10:00 in Paris (UTC+1).
beforeEach(() => {
  t = testStore("2026-11-16T09:00:00Z");
});
afterEach(() => t.cleanup());

const sent = (key: string, iso: string) => [key, "sent", iso];

describe("scenario timelines", () => {
  it("names a template file for every message step, and has every id of the issue", () => {
    expect(SCENARIO_IDS).toHaveLength(11);
    for (const def of Object.values(SCENARIOS)) {
      for (const step of def.steps) {
        if (step.action.kind === "message" || step.action.kind === "summary") {
          expect(templateExists(def.id, step.action.template), `${def.id}/${step.key}`).toBe(true);
        }
      }
    }
  });

  it("b2b-relance-devis: J+3, J+7, J+14, J+21 at 10:00, then nurturing and cold", async () => {
    const { tenant, scope } = world(t, "agence", "b2b");
    const lead = reachableLead(t.store, tenant.id, "devis_envoye");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
    await walk(t, 25);
    expect(stepLog(t.store, tenant.id, e.id)).toEqual([
      sent("j3-douce", "2026-11-19T09:00:00.000Z"),
      sent("j7-directe", "2026-11-23T09:00:00.000Z"),
      sent("j14-appel", "2026-11-30T09:00:00.000Z"),
      sent("j21-cloture", "2026-12-07T09:00:00.000Z"),
    ]);
    const messages = t.store.messages.listByLead(tenant.id, lead.id).reverse();
    expect(messages.map((m) => [m.channel, m.status, m.subject])).toEqual([
      ["email", "queued", "Votre devis Dupont SARL"],
      ["email", "queued", "Où en est votre décision ?"],
      ["email", "queued", "Un appel rapide ?"],
      ["email", "queued", "Je clôture votre dossier"],
    ]);
    expect(messages[1]?.bodyText).toContain("décision, et quels sont vos délais");
    const after = t.store.leads.require(tenant.id, lead.id);
    expect([after.heat, after.tags]).toEqual(["froid", ["nurturing"]]);
    expect(t.store.scenarios.get(tenant.id, e.id)?.status).toBe("completed");
    const debits = t.store.ledger.entries(tenant.id, 100).filter((x) => x.kind === "debit");
    expect(debits.map((d) => [d.action, d.amount])).toEqual(Array(4).fill(["auto_followup", -15]));
  });

  it("prospection: J+0 contact (contacte), J+3, J+7, call task at J+10, J+14, then cold without reply", async () => {
    const { tenant, scope } = world(t, "prospects", "prospection");
    const lead = reachableLead(t.store, tenant.id, "non_qualifie");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "prospection" });
    await walk(t, 16);
    expect(stepLog(t.store, tenant.id, e.id)).toEqual([
      sent("j0-contact", "2026-11-16T09:00:00.000Z"),
      sent("j3-douce", "2026-11-19T09:00:00.000Z"),
      sent("j7-valeur", "2026-11-23T09:00:00.000Z"),
      ["j10-appel", "done", "2026-11-26T09:00:00.000Z"],
      sent("j14-derniere", "2026-11-30T09:00:00.000Z"),
    ]);
    const after = t.store.leads.require(tenant.id, lead.id);
    expect([after.status, after.heat]).toEqual(["contacte", "froid"]);
    expect(
      t.store.activities
        .list(tenant.id, lead.id, 50)
        .some((a) => a.body === "À faire : Appeler Jean1 Dupont (+33612340001)"),
    ).toBe(true);
  });

  it("coach-post-appel: the summary in notes_coaching at once, then J+1, J+3, J+7", async () => {
    const { tenant, scope } = world(t, "coach", "coaching");
    const lead = reachableLead(t.store, tenant.id, "appel_realise");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "coach-post-appel" });
    await walk(t, 8);
    expect(stepLog(t.store, tenant.id, e.id)).toEqual([
      ["resume", "done", "2026-11-16T09:00:00.000Z"],
      sent("j1-personnel", "2026-11-17T09:00:00.000Z"),
      sent("j3-resultats", "2026-11-19T09:00:00.000Z"),
      sent("j7-dernier", "2026-11-23T09:00:00.000Z"),
    ]);
    expect(t.store.leads.require(tenant.id, lead.id).fields.notes_coaching).toContain("- Blocages :");
    // WhatsApp comes first for this sequence, but free text may only reach a lead who wrote within 24 h.
    expect(t.store.messages.listByLead(tenant.id, lead.id)[0]?.channel).toBe("email");
  });

  it("coach-no-show: J-1 18:00, J-0 08:30, 1 h before; a no-show sends the seed's message, twice makes it non_qualifie", async () => {
    const { tenant, scope } = world(t, "coach", "coaching");
    const lead = reachableLead(t.store, tenant.id, "appel_planifie");
    // Thursday 19 November, 11:00 in Paris.
    const first = t.store.appointments.create(scope, {
      leadId: lead.id,
      startsAt: new Date("2026-11-19T10:00:00Z"),
    });
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "coach-no-show" });
    await walk(t, 3.5);
    expect(stepLog(t.store, tenant.id, e.id)).toEqual([
      sent("j-1", "2026-11-18T17:00:00.000Z"),
      sent("j0-matin", "2026-11-19T07:30:00.000Z"),
      sent("h-1", "2026-11-19T09:00:00.000Z"),
    ]);
    expect(t.store.scenarios.get(tenant.id, e.id)?.status).toBe("completed");
    expect(t.store.messages.listByLead(tenant.id, lead.id)[0]?.bodyText).toBe(
      "Jean1, on se retrouve dans une heure (11h00). À tout de suite !",
    );
    recordNoShow(t.store, scope, first.id);
    await walk(t, 0.1);
    expect(stepLog(t.store, tenant.id, e.id).at(-1)?.slice(0, 2)).toEqual(["no-show", "sent"]);
    expect(t.store.messages.listByLead(tenant.id, lead.id)[0]?.bodyText).toMatch(
      /^Je n'ai pas pu te joindre/,
    );
    expect(t.store.leads.require(tenant.id, lead.id).fields).toMatchObject({
      no_show: 1,
      qualification: null,
    });
    // A no-show marked again sends nothing more.
    recordNoShow(t.store, scope, first.id);
    await walk(t, 0.1);
    expect(t.store.scenarios.steps(tenant.id, e.id).filter((s) => s.stepKey === "no-show")).toHaveLength(1);
    expect(t.store.leads.require(tenant.id, lead.id).fields).toMatchObject({
      no_show: 2,
      qualification: "non_qualifie",
    });
  });

  it("ecommerce and logistique: cart H+1 and J+1, feedback J+3, cross-sell J+15, quote J+3 and J+7, delivery D-1 and D+1", async () => {
    const shop = world(t, "boutique", "ecommerce");
    const carrier = world(t, "transport", "logistique");
    const enroll = (w: typeof shop, scenario: string, n: number, status: string, at?: Date) =>
      enrollLead(t.store, w.scope, {
        leadId: reachableLead(t.store, w.tenant.id, status, n).id,
        scenario,
        at,
      });
    const cart = enroll(shop, "ecommerce-panier", 1, "non_qualifie");
    const feedback = enroll(shop, "ecommerce-feedback", 2, "non_qualifie");
    const crossSell = enroll(shop, "ecommerce-cross-sell", 3, "non_qualifie");
    const quote = enroll(carrier, "logistique-relance-devis", 4, "devis_envoye");
    // Delivery on Thursday 19 November at 14:00 in Paris.
    const delivery = enroll(carrier, "logistique-livraison", 5, "gagne", new Date("2026-11-19T13:00:00Z"));
    await walk(t, 16);
    const log = (w: typeof shop, id: number) => stepLog(t.store, w.tenant.id, id);
    expect(log(shop, cart.id)).toEqual([
      sent("h1-rappel", "2026-11-16T10:00:00.000Z"),
      sent("j1-relance", "2026-11-17T09:00:00.000Z"),
    ]);
    expect(log(shop, feedback.id)).toEqual([sent("j3-avis", "2026-11-19T09:00:00.000Z")]);
    expect(log(shop, crossSell.id)).toEqual([sent("j15-complement", "2026-12-01T09:00:00.000Z")]);
    expect(log(carrier, quote.id)).toEqual([
      sent("j3-relance", "2026-11-19T09:00:00.000Z"),
      sent("j7-relance", "2026-11-23T09:00:00.000Z"),
    ]);
    expect(log(carrier, delivery.id)).toEqual([
      sent("j-1-livraison", "2026-11-18T15:00:00.000Z"),
      sent("j1-suivi", "2026-11-20T09:00:00.000Z"),
    ]);
  });

  it("keeps J+3 at 10:00 local across the end of summer time, and never sends in quiet hours", async () => {
    // Friday 23 October 2026 10:00 in Paris is 08:00Z (UTC+2); Monday 26 is after the change (UTC+1).
    t.clock.set("2026-10-23T08:00:00Z");
    const { tenant, scope } = world(t, "agence", "b2b");
    const lead = reachableLead(t.store, tenant.id, "devis_envoye");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
    expect(e.nextRunAt?.toISOString()).toBe("2026-10-26T09:00:00.000Z");
    // Sunday 3 a.m. goes to Monday 09:00; Saturday 22:00 too (weekdays only for B2B).
    expect(
      intoSendWindow(new Date("2026-10-25T02:00:00Z"), "Europe/Paris", [1, 2, 3, 4, 5]).toISOString(),
    ).toBe("2026-10-26T08:00:00.000Z");
    expect(
      intoSendWindow(new Date("2026-03-28T21:00:00Z"), "Europe/Paris", [1, 2, 3, 4, 5]).toISOString(),
    ).toBe("2026-03-30T07:00:00.000Z");
    // A prospection enrolled on Saturday night starts Monday at 09:00.
    t.clock.set("2026-11-21T22:00:00Z");
    const p = world(t, "prospects", "prospection");
    const late = enrollLead(t.store, p.scope, {
      leadId: reachableLead(t.store, p.tenant.id, "non_qualifie", 2).id,
      scenario: "prospection",
    });
    expect(late.nextRunAt?.toISOString()).toBe("2026-11-23T08:00:00.000Z");
  });
});
