// Entities read from what people type, against the tenant's pipeline: statuses by their words,
// heats, tags, durations (counts and calendar days), channels and the text of a message.
import { describe, expect, it } from "vitest";
import { extractEntities } from "../../src/agent/nlu/entities.js";

const now = new Date("2026-12-06T17:00:00Z"); // a Sunday
const ctx = (vertical: "coaching" | "b2b") => ({
  vertical,
  now,
  timezone: "Europe/Paris",
  isTag: (tag: string) => ["vip", "salon-paris"].includes(tag),
  isName: (word: string) => ["dupont", "karim"].includes(word),
  hasN8n: false,
});

describe("entities", () => {
  it("reads a status by its words and synonyms, per pipeline", () => {
    expect(extractEntities("Léa a signé", ctx("coaching")).status).toBe("gagne");
    expect(extractEntities("passe Karim en appel découverte fait", ctx("coaching")).status).toBe(
      "appel_realise",
    );
    expect(extractEntities("les leads en negociation", ctx("b2b")).status).toBe("en_negociation");
    // One slip per word of four letters or more.
    expect(extractEntities("pase Karim en apel réalisé", ctx("coaching")).status).toBe("appel_realise");
    expect(extractEntities("passe Karim en negocation", ctx("b2b")).status).toBe("en_negociation");
    // Another pipeline's status is passed on, for the gate to name the allowed ones.
    expect(extractEntities("passe Karim en devis envoyé", ctx("coaching")).status).toBe("devis_envoye");
  });

  it("reads heats, tags after a marker or already known, and channels", () => {
    const e = extractEntities("ajoute les tags vip et urgent à Dupont par whatsapp", ctx("b2b"));
    expect(e.tags).toEqual(["vip", "urgent"]);
    expect(e.channel).toBe("whatsapp");
    expect(extractEntities("show me my hot leads", ctx("b2b")).heat).toBe("chaud");
    expect(extractEntities("les leads salon-paris tièdes", ctx("b2b"))).toMatchObject({
      heat: "tiede",
      tags: ["salon-paris"],
    });
  });

  it("reads a sequence with a typo, and no politeness as a tag", () => {
    const enroll = extractEntities("inscri Karim dans la sequence post apel", ctx("coaching"), {
      scenario: true,
    });
    expect(enroll.scenario).toBe("coach-post-appel");
    expect(extractEntities("tague Dupont vip et urgent stp", ctx("b2b")).tags).toEqual(["vip", "urgent"]);
  });

  it("reads durations as days without news, and not « aujourd'hui »", () => {
    const days = (text: string) => extractEntities(text, ctx("b2b")).inactiveDays;
    expect(days("leads sans nouvelles depuis 30 jours")).toBe(30);
    expect(days("inactifs depuis 2 semaines")).toBe(14);
    expect(days("inactive for 3 weeks")).toBe(21);
    expect(days("depuis lundi")).toBe(6);
    expect(days("since Monday")).toBe(6);
    expect(days("qui dois-je relancer aujourd'hui ?")).toBeUndefined();
  });

  it("takes the text of a note after the colon, whole", () => {
    const e = extractEntities("note sur Dupont : rappeler lundi, budget 5k", ctx("b2b"));
    expect(e.message).toBe("rappeler lundi, budget 5k");
    expect(e.inactiveDays).toBeUndefined();
  });
});
