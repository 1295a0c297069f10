// The Automatisation room in headless Chromium against the real server on the seeded demo (Assisté):
// the scenario groups show the store's figures and each count opens its leads; « Créer une nouvelle
// automatisation » shows the plan, then a card with its cost, and once confirmed the new group and
// its counts appear by the live stream, as does a pause made elsewhere; a lead paused from the
// scenario's list; axe-core finds nothing serious, on a desktop and on a phone.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Enrollment } from "../../src/store/scenarios.js";
import { act, expectedFigures, settled } from "../helpers/automation-world.js";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { apiClient, demoToken } from "../helpers/dashboard.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };
/** The machine is shared and loaded: a browser test gets room. */
const SLOW = 120_000;
const jetons = (n: number) => `${new Intl.NumberFormat("fr-FR").format(n)} jeton${n > 1 ? "s" : ""}`;

describe.skipIf(!chromiumPresent)("the Automatisation room in headless Chromium", { timeout: SLOW }, () => {
  let api: ReturnType<typeof apiClient>;
  const ui = dashboardBrowser({
    prepare: async (server) => {
      // Its mailbox is connected, so the worker drafts the first relances rather than skipping them.
      store().emailAccounts.set(
        { tenantId: tenant().id, actor: "test" },
        {
          smtpUrl: "smtp://unused@127.0.0.1:1",
          imapUrl: "imap://unused:x@127.0.0.1:1/INBOX",
          fromAddress: "s@d.fr",
        },
      );
      api = apiClient(server.running.url, await demoToken(server.running.url));
      const hot = store().leads.search(tenant().id, { heat: "chaud", limit: 4 }).leads;
      const enrolled = await act(api, "enroll_in_scenario", {
        scenario: "prospection",
        leadId: hot.map((l) => l.id),
      });
      expect(enrolled.kind).toBe("executed");
      await settled(store(), tenant().id);
      const [first] = enrollments("prospection");
      expect(await act(api, "pause_scenario", { enrollmentId: first?.id })).toMatchObject({
        kind: "executed",
      });
    },
  });
  const tenant = ui.tenant;
  const store = () => ui.server.t.store;
  const enrollments = (scenario: string): Enrollment[] =>
    store()
      .scenarios.list(tenant().id, { limit: 1000 })
      .filter((e) => e.scenario === scenario);
  const nameOf = (e: Enrollment) => store().leads.require(tenant().id, e.leadId).name;

  async function open(hash: string, viewport = DESKTOP) {
    const opened = await ui.open(hash, { viewport });
    await opened.page.getByRole("heading", { level: 1, name: "Automatisation" }).waitFor();
    return opened;
  }

  const group = (page: Page, label: string) => page.getByRole("article", { name: label });

  /** The state links of a group as they read: « 3 en cours ». */
  const stateTexts = (page: Page, label: string) =>
    group(page, label)
      .locator(".auto-states a")
      .allTextContents()
      .then((all) => all.map((t) => t.replace(/\s+/g, " ").trim()));

  const expectedStateTexts = (scenario: "prospection" | "coach-post-appel") => {
    const { states } = expectedFigures(store(), tenant().id, scenario);
    return [
      `${states.scheduled} planifié`,
      `${states.running} en cours`,
      `${states.paused} en pause`,
      `${states.done} terminé`,
      `${states.failed} échec`,
    ];
  };

  it("shows each scenario with the store's figures, and a count opens the leads it counts", async () => {
    const { page, errors } = await open("#/automatisation");
    const prospection = group(page, "Séquence de prospection");
    await prospection.waitFor();
    expect(await stateTexts(page, "Séquence de prospection")).toEqual(expectedStateTexts("prospection"));
    const figures = expectedFigures(store(), tenant().id, "prospection");
    const facts = (await prospection.locator(".auto-facts").textContent()) ?? "";
    expect(facts).toContain(`Coût à venir${jetons(figures.cost.expected)}`);
    expect(facts).toContain(`Coût à ce jour${jetons(figures.cost.spent)}`);
    expect(await page.getByText("Mode Assisté : M.A.X. prépare chaque relance").count()).toBe(1);

    await prospection.getByRole("link", { name: "1 en pause" }).click();
    await expect
      .poll(() => page.evaluate<string>("location.hash"))
      .toBe("#/automatisation/prospection/etat/paused");
    const paused = enrollments("prospection").filter((e) => e.status === "paused");
    const rows = page.locator("table.auto-leads tbody tr");
    await expect.poll(() => rows.locator("th a").allTextContents()).toEqual(paused.map(nameOf));
    expect(await rows.first().locator("th a").getAttribute("href")).toBe(`#/crm/lead/${paused[0]?.leadId}`);
    expect(await rows.first().locator(".auto-state").textContent()).toBe("en pause");
    expect(await page.getByRole("heading", { level: 2 }).first().textContent()).toBe(
      "Séquence de prospection — état « en pause »",
    );
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("creates an automation in Assisté: the plan, a card with its cost, then the group appears live", async () => {
    const { page, errors } = await open("#/automatisation");
    await group(page, "Séquence de prospection").waitFor();
    const called = store()
      .leads.search(tenant().id, { limit: 200 })
      .leads.filter((l) => l.status === "appel_realise");
    expect(called.length).toBeGreaterThan(1);
    const balance = store().ledger.balance(tenant().id);

    await page.getByRole("link", { name: "Créer une nouvelle automatisation" }).click();
    await page.getByRole("radio", { name: /Suivi après l'appel découverte/ }).check();
    await expect
      .poll(() => page.locator(".auto-plan-summary").textContent())
      .toBe(`${called.length} leads à inscrire ; total prévu : ${jetons(called.length * (1 + 3 * 15))}.`);
    const steps = page.locator("table.auto-steps tbody tr");
    expect(await steps.count()).toBe(4);
    expect(await steps.nth(1).textContent()).toBe(
      "Étape 2 sur 4J+1 à 10 h — message au leadmardi 17 novembre à 10 h15 jetons",
    );
    expect(await page.locator(".auto-refused summary").first().textContent()).toMatch(
      /écartés : pas au statut « Appel réalisé »$/,
    );
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: `Inscrire ${called.length} leads` }).click();
    const card = page.getByRole("dialog", { name: /Confirmer l'action n°\d+/ });
    await card.waitFor();
    expect(await card.locator(".card-preview").textContent()).toMatch(
      new RegExp(`^Inscrire ${called.length} leads \\(.+\\) dans « Suivi après l'appel découverte »$`),
    );
    expect(await card.locator(".card-facts").textContent()).toContain(`Coût${jetons(called.length)}`);
    await card.getByRole("button", { name: "Confirmer", exact: true }).click();
    await page
      .getByText(`${called.length} leads inscrits dans « Suivi après l'appel découverte ».`)
      .waitFor();
    expect(store().ledger.balance(tenant().id)).toBe(balance - called.length);

    // The form closes and the new group comes with the live stream: the page is not reloaded.
    await expect.poll(() => page.locator(".auto-create").count()).toBe(0);
    const created = group(page, "Suivi après l'appel découverte");
    await created.waitFor();
    await settled(store(), tenant().id);
    await expect
      .poll(() => stateTexts(page, "Suivi après l'appel découverte"))
      .toEqual(expectedStateTexts("coach-post-appel"));
    expect(await created.getByRole("link", { name: /^Voir les \d+ leads/ }).textContent()).toContain(
      `Voir les ${called.length} leads`,
    );
    // A pause made elsewhere (the chat, another tab) changes the counts on this page too.
    const running = enrollments("coach-post-appel").find((e) => e.status === "active");
    expect(await act(api, "pause_scenario", { enrollmentId: running?.id })).toMatchObject({
      kind: "executed",
    });
    await expect
      .poll(() => stateTexts(page, "Suivi après l'appel découverte"))
      .toEqual(expectedStateTexts("coach-post-appel"));
    expect((await stateTexts(page, "Suivi après l'appel découverte"))[2]).toBe("1 en pause");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("pauses one lead from the scenario's list through a card", async () => {
    const { page, errors } = await open("#/automatisation/prospection");
    const target = enrollments("prospection").find((e) => e.status === "active");
    if (!target) throw new Error("no running enrollment");
    const name = nameOf(target);
    const row = page.locator("table.auto-leads tbody tr", {
      has: page.getByRole("link", { name, exact: true }),
    });
    await row.getByRole("button", { name: `Mettre en pause : ${name}` }).click();
    const card = page.getByRole("dialog", { name: /Confirmer l'action n°\d+/ });
    expect(await card.locator(".card-preview").textContent()).toBe(
      `Mettre en pause l'inscription n°${target.id}`,
    );
    await card.getByRole("button", { name: "Confirmer", exact: true }).click();
    await page.getByText(`En pause : ${name} — « Séquence de prospection » (n°${target.id}).`).waitFor();
    await expect.poll(() => row.locator(".auto-state").textContent()).toBe("en pause");
    expect(store().scenarios.get(tenant().id, target.id)?.status).toBe("paused");
    expect(await row.getByRole("button", { name: `Reprendre : ${name}` }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("passes axe on a desktop and on a phone, without the page scrolling sideways", async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const hash of ["#/automatisation", "#/automatisation/prospection", "#/automatisation/nouvelle"]) {
        const { page, errors } = await open(hash, viewport);
        await page.locator(".auto-group, table.auto-leads, table.auto-steps").first().waitFor();
        expect(await seriousViolations(page), `${hash} ${viewport.width}`).toEqual([]);
        const overflow = await page.evaluate<number>(
          "document.documentElement.scrollWidth - window.innerWidth",
        );
        expect(overflow, `${hash} ${viewport.width}`).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  });
});
