// Nothing is prepared or paid for what cannot happen: the reported cases. A send with no mailbox or no
// WhatsApp connected, a sequence whose status the tenant's pipeline lacks, nothing to validate — each
// a clear French answer naming what is missing, in every mode, with no card, no debit, no raw JSON.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { offlineTurn } from "../../src/agent/offline-turn.js";
import { parseConfig } from "../../src/config.js";
import type { Mode } from "../../src/domain/index.js";
import { createRuntime } from "../../src/runtime.js";
import type { Lead, Tenant, User } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let tenant: Tenant;
let owner: User;
let camille: Lead;

beforeEach(() => {
  t = testStore();
  // A coaching tenant that connected nothing yet: no mailbox, and no WhatsApp on this server.
  ({ tenant, owner } = makeTenant(t.store, "coach", { vertical: "coaching" }, { mailbox: false }));
  camille = t.store.leads.create(
    { tenantId: tenant.id, actor: "test" },
    {
      firstName: "Camille",
      lastName: "Dupont",
      email: "camille@dupont.fr",
      phone: "06 12 34 56 78",
      consent: { email: true, whatsapp: true },
    },
  );
  t.store.ledger.summary(tenant.id);
});
afterEach(() => t.cleanup());

function say(text: string, mode: Mode) {
  const settings = createRuntime(parseConfig({ LOG_LEVEL: "silent" }), t.store).settings;
  return offlineTurn({ ...turnContext(t.store, tenant.id, owner), settings, mode }, text);
}

const nothingHappened = (balance: number) => {
  expect(t.store.pendingActions.listPending(tenant.id)).toEqual([]);
  expect(t.store.messages.listByLead(tenant.id, camille.id)).toEqual([]);
  expect(t.store.ledger.balance(tenant.id)).toBe(balance);
};

describe("what cannot happen is refused before a card or a debit", () => {
  it.each(["conseil", "assiste", "auto"] as const)(
    "pre-qualification and messages with nothing connected (%s)",
    async (mode) => {
      const balance = t.store.ledger.balance(tenant.id);
      const prequal = await say("lance la pré-qualification de Camille Dupont", mode);
      expect(prequal.outcomes[0]?.kind).toBe("unavailable");
      expect(prequal.reply).toMatch(
        /^⚠️ Pré-qualification impossible : Aucune boîte e-mail n'est reliée à coach/,
      );
      expect(prequal.reply).toMatch(/max connect email --tenant coach/);
      expect(prequal.reply).toMatch(
        /WhatsApp n'est pas configuré sur ce serveur : renseignez TWILIO_ACCOUNT_SID/,
      );
      const whatsapp = await say("envoie un whatsapp à Camille Dupont : à demain !", mode);
      expect(whatsapp.reply).toMatch(
        /^⚠️ WhatsApp n'est pas configuré sur ce serveur.* Rien n'a été mis en file d'envoi ni débité\.$/,
      );
      const email = await say("envoie un mail à Camille Dupont : à demain !", mode);
      expect(email.reply).toMatch(/^⚠️ Aucune boîte e-mail n'est reliée à coach/);
      nothingHappened(balance);
    },
  );

  it("a sequence whose status the pipeline lacks: refused with the statuses, no card, no JSON", async () => {
    const balance = t.store.ledger.balance(tenant.id);
    const turn = await say("relance les leads en devis_envoye avec la séquence devis", "assiste");
    expect(turn.outcomes[0]?.kind).toBe("unavailable");
    expect(turn.reply).toMatch(/Statut « Devis envoyé » inconnu pour ce métier\. Statuts permis : Nouveau/);
    expect(turn.reply).not.toMatch(/[{}]/);
    nothingHappened(balance);
  });

  it("nothing to validate is information, not a failure", async () => {
    const turn = await say("valide les relances", "assiste");
    expect(turn.reply).toBe("Aucune relance n'attend votre validation.");
    expect(turn.reply).not.toMatch(/Échec|❌/);
  });
});
