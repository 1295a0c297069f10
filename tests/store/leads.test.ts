import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

describe("leads", () => {
  it("start in the first status of the vertical's pipeline and refuse a status outside it", () => {
    const { scope } = makeTenant(t.store, "coach");
    const lead = t.store.leads.create(scope, { firstName: "Camille", lastName: "Roux" });
    expect(lead.status).toBe("nouveau");
    const wrong = () => t.store.leads.setStatus(scope, lead.id, "devis_envoye");
    expect(wrong).toThrow(StoreError);
    expect(wrong).toThrow(/Pré-qualification, Appel planifié/);
    expect(t.store.leads.get(scope.tenantId, lead.id)?.status).toBe("nouveau");
    expect(() => t.store.leads.create(scope, { firstName: "X", status: "galaxie" })).toThrow(
      /Statuts permis/,
    );
    // A status typed by its label is stored as its code.
    expect(t.store.leads.create(scope, { firstName: "Y", status: "Appel réalisé" }).status).toBe(
      "appel_realise",
    );
    expect(t.store.leads.setStatus(scope, lead.id, "en reflexion").status).toBe("en_reflexion");
  });

  it("record a status change on the timeline and in the audit log with before and after", () => {
    const { scope } = makeTenant(t.store, "b2b", { vertical: "b2b" });
    const lead = t.store.leads.create(scope, { firstName: "Jean", lastName: "Dupont", status: "en_qualif" });
    t.clock.advanceDays(1);
    const after = t.store.leads.setStatus({ ...scope, actor: "user:7" }, lead.id, "devis_envoye");
    expect(after.status).toBe("devis_envoye");
    expect(after.lastActivityAt).toEqual(t.clock.now);
    const timeline = t.store.activities.list(scope.tenantId, lead.id);
    expect(timeline[0]).toMatchObject({
      kind: "status_change",
      meta: { from: "en_qualif", to: "devis_envoye" },
    });
    const audit = t.store.audit.list(scope.tenantId, { entity: "lead", entityId: lead.id });
    const change = audit.find((a) => a.action === "lead.status");
    expect(change).toMatchObject({
      actor: "user:7",
      before: { status: "en_qualif" },
      after: { status: "devis_envoye" },
    });
  });

  it("add and remove tags, normalised", () => {
    const { scope } = makeTenant(t.store, "coach");
    const lead = t.store.leads.create(scope, { firstName: "Ana", tags: ["VIP", "webinaire"] });
    expect(lead.tags).toEqual(["vip", "webinaire"]);
    const after = t.store.leads.changeTags(scope, lead.id, {
      add: ["Relance", "vip"],
      remove: ["webinaire"],
    });
    expect(after.tags).toEqual(["relance", "vip"]);
    expect(() => t.store.leads.changeTags(scope, lead.id, { add: ["<script>"] })).toThrow(StoreError);
  });

  it("validate vertical and custom fields", () => {
    const { scope } = makeTenant(t.store, "coach");
    const lead = t.store.leads.create(scope, { firstName: "Léa", fields: { niveau_motivation: "forte" } });
    expect(lead.fields.niveau_motivation).toBe("forte");
    expect(() => t.store.leads.update(scope, lead.id, { fields: { niveau_motivation: "max" } })).toThrow(
      /faible, moyenne, forte/,
    );
    expect(() => t.store.leads.update(scope, lead.id, { fields: { secteur_b2b: "BTP" } })).toThrow(/inconnu/);
    expect(() => t.store.leads.setCustomFields(scope, lead.id, { incoterm: "FOB" })).toThrow(/inconnu/);
    t.store.customFields.define(scope, {
      name: "incoterm",
      label: "Incoterm",
      type: "enum",
      options: ["EXW", "FOB", "CIF"],
    });
    expect(t.store.leads.setCustomFields(scope, lead.id, { incoterm: "FOB" }).customFields).toEqual({
      incoterm: "FOB",
    });
    expect(() => t.store.leads.setCustomFields(scope, lead.id, { incoterm: "DAP" })).toThrow(/EXW, FOB, CIF/);
  });

  it("keep consent per channel: an opt-out is dated and an opt-in clears it", () => {
    const { scope } = makeTenant(t.store, "coach");
    const lead = t.store.leads.create(scope, {
      firstName: "Ana",
      email: "ana@x.fr",
      consent: { email: true },
    });
    expect(lead.consent.email.optInAt).toEqual(t.clock.now);
    expect(lead.consent.whatsapp.optInAt).toBeNull();
    const out = t.store.leads.setConsent(scope, lead.id, "email", "opt_out");
    expect(out.consent.email.optOutAt).toEqual(t.clock.now);
    expect(t.store.leads.setConsent(scope, lead.id, "email", "opt_in").consent.email.optOutAt).toBeNull();
  });

  it("refuse bad input without writing anything", () => {
    const { scope } = makeTenant(t.store, "coach");
    const audits = t.store.audit.list(scope.tenantId).length;
    expect(() => t.store.leads.create(scope, {})).toThrow(/au moins un nom/);
    expect(() => t.store.leads.create(scope, { firstName: "A", email: "not-an-email" })).toThrow(/e-mail/);
    expect(() => t.store.leads.create(scope, { firstName: "A", ownerId: 999 })).toThrow(/introuvable/);
    expect(() => t.store.leads.create(scope, { firstName: "A", tags: ["ok", "<bad>"] })).toThrow(StoreError);
    expect(t.store.leads.search(scope.tenantId).total).toBe(0);
    expect(t.store.audit.list(scope.tenantId).length).toBe(audits);
  });

  it("normalise French phone numbers and trim e-mails before checking them", () => {
    const { scope } = makeTenant(t.store, "coach");
    const lead = t.store.leads.create(scope, {
      firstName: "A",
      phone: "06 12 34 56 78",
      email: "  Ana@X.fr ",
    });
    expect(lead).toMatchObject({ phone: "+33612345678", email: "ana@x.fr" });
    expect(t.store.leads.update(scope, lead.id, { phone: "+33 (0)7 00 00 00 01" }).phone).toBe(
      "+33700000001",
    );
  });

  it("refuse a second staff user with the same e-mail, and an empty name", () => {
    const { scope } = makeTenant(t.store, "coach");
    expect(() =>
      t.store.users.create(scope, { name: "Bis", role: "member", email: "OWNER@coach.test" }),
    ).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(() => t.store.users.create(scope, { name: " ", role: "member" })).toThrow(/nom est requis/);
  });
});
