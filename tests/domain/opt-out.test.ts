// The one opt-out rule of every channel: STOP words alone stop everything, unsubscribe words leave
// the channel they were written on, and an answer that merely starts with « stop » is an answer.
// « START » / « UNSTOP » alone on the first line asks to hear from us again.
import { describe, expect, it } from "vitest";
import { optInRequested, optOutRequested } from "../../src/domain/index.js";

describe("what a person means by stopping", () => {
  it.each([
    ["STOP", "everywhere"],
    ["stop.", "everywhere"],
    ["Arrêt", "everywhere"],
    ["STOPALL !", "everywhere"],
    ["  stop  \nmerci de ne plus m'écrire", "everywhere"],
    ["Désinscrivez-moi", "this_channel"],
    ["desinscription svp", "this_channel"],
    ["Unsubscribe me please", "this_channel"],
    ["Je veux me désabonner", "this_channel"],
    ["Stop au stress, c'est mon objectif cette année", null],
    ["Arrêt de travail jusqu'à lundi", null],
    ["On valide la semaine prochaine.", null],
    ["", null],
  ])("« %s » → %s", (text, scope) => {
    expect(optOutRequested(text)).toBe(scope);
  });

  it("reads an e-mail's subject as a first line", () => {
    expect(optOutRequested("Unsubscribe", "Bonjour, merci.")).toBe("this_channel");
    expect(optOutRequested("Re: votre devis", "STOP")).toBe("everywhere");
    expect(optOutRequested("Re: votre devis", "Merci, on en reparle.")).toBeNull();
  });
});

describe("what a person means by starting again", () => {
  it.each([
    ["START", true],
    ["start.", true],
    ["Unstop !", true],
    ["  STÀRT \nje veux de nouveau vos messages", true],
    ["Start-up en création", false],
    ["On peut démarrer (start) lundi", false],
    ["STOP", false],
    ["", false],
  ])("« %s » → %s", (text, asked) => {
    expect(optInRequested(text)).toBe(asked);
  });

  it("reads an e-mail's subject as a first line", () => {
    expect(optInRequested("START", "Bonjour")).toBe(true);
    expect(optInRequested("Re: désinscription", "start")).toBe(true);
    expect(optInRequested("Re: votre devis", "Merci")).toBe(false);
  });
});
