// Advice from the tenant's own results: a channel is advised only on enough relances and a clear gap,
// thin data says what it lacks, and the pace of spending is told against the renewal date.
import { describe, expect, it } from "vitest";
import {
  type ChannelResult,
  channelAdvice,
  costPerReplyAdvice,
  MIN_CONTACTED,
  paceAdvice,
} from "../../src/domain/index.js";

const email = (contacted: number, replied: number, spent = 0): ChannelResult => ({
  channel: "email",
  contacted,
  replied,
  spent,
});
const whatsapp = (contacted: number, replied: number, spent = 0): ChannelResult => ({
  channel: "whatsapp",
  contacted,
  replied,
  spent,
});

describe("channel advice", () => {
  it("advises the channel whose relances get clearly more replies", () => {
    const { advice, thin } = channelAdvice([email(40, 12), whatsapp(40, 4)]);
    expect(thin).toBeNull();
    expect(advice?.text).toBe(
      "Vos relances e-mail obtiennent 3 fois plus de réponses que WhatsApp : privilégiez l'e-mail.",
    );
    expect(advice?.basis).toBe(
      "E-mail : 12 réponses sur 40 leads relancés (30 %) ; WhatsApp : 4 réponses sur 40 leads relancés (10 %), sur les 90 derniers jours.",
    );
    expect(channelAdvice([email(20, 1), whatsapp(20, 3)]).advice?.text).toMatch(
      /^Vos relances WhatsApp obtiennent 3 fois plus .* privilégiez WhatsApp\.$/,
    );
    expect(channelAdvice([email(22, 4), whatsapp(25, 1)]).advice?.text).toMatch(/4,5 fois plus/);
  });

  it("advises nothing when the rates are close, or when nobody replied", () => {
    expect(channelAdvice([email(40, 10), whatsapp(40, 8)]).advice?.text).toMatch(/proches : aucun canal/);
    const none = channelAdvice([email(40, 0), whatsapp(40, 0)]);
    expect(none.advice).toBeNull();
    expect(none.thin).toMatch(/Aucune réponse/);
    expect(channelAdvice([email(40, 5), whatsapp(40, 0)]).advice?.text).toBe(
      "Vos relances e-mail obtiennent des réponses, celles par WhatsApp aucune : privilégiez l'e-mail.",
    );
  });

  it("says the data is too thin below the minimum on either channel, with the counts", () => {
    const { advice, thin } = channelAdvice([email(MIN_CONTACTED, 9), whatsapp(MIN_CONTACTED - 1, 0)]);
    expect(advice).toBeNull();
    expect(thin).toBe(
      "Pas encore assez de relances pour comparer vos canaux : il faut au moins 10 leads relancés par canal sur 90 jours (e-mail : 10, WhatsApp : 9).",
    );
  });
});

describe("spending advice", () => {
  it("names the channel whose replies cost clearly more tokens", () => {
    const advice = costPerReplyAdvice([email(40, 10, 20), whatsapp(40, 4, 50)]);
    expect(advice?.text).toBe(
      "Une réponse par WhatsApp vous coûte 12,5 jetons, contre 2 par e-mail : c'est la dépense de messages la moins rentable.",
    );
    expect(costPerReplyAdvice([email(40, 10, 20), whatsapp(40, 0, 50)])?.text).toMatch(
      /^50 jetons dépensés en messages WhatsApp sans aucune réponse/,
    );
    expect(costPerReplyAdvice([email(40, 10, 20), whatsapp(40, 9, 20)])).toBeNull();
    expect(costPerReplyAdvice([email(40, 10, 20), whatsapp(5, 0, 50)])).toBeNull();
  });

  it("tells whether the pace lasts until the renewal, and the costliest kind", () => {
    const top = { label: "Messages", used: 70 };
    const short = paceAdvice({ period: "2026-11", used: 140, dailyRate: 10, exhaustion: "2026-11-27", top });
    expect(short?.text).toBe(
      "À ce rythme, votre solde sera épuisé le vendredi 27 novembre, avant le renouvellement du 1er décembre : ajoutez un pack ou réduisez le poste « Messages », le plus coûteux ce mois-ci.",
    );
    expect(short?.basis).toBe(
      "10 jetons par jour sur les 14 derniers jours ; Messages : 70 jetons sur 140 (50 %).",
    );
    const lasts = paceAdvice({ period: "2026-11", used: 140, dailyRate: 10, exhaustion: "2026-12-20", top });
    expect(lasts?.text).toMatch(/^À ce rythme, votre solde tient jusqu'au renouvellement du 1er décembre/);
    expect(paceAdvice({ period: "2026-11", used: 0, dailyRate: 0, exhaustion: null, top: null })).toBeNull();
  });
});
