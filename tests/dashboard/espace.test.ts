// The Espace M.A.X. in headless Chromium against the real server on the seeded demo: suggestions that
// appear when the data changes and open their card in one click; analyses told together; a card
// waiting in the chat decided from the suggestions' dialog or from the terminal, and the chat's card
// following either way; quick buttons that ask M.A.X. and get their answer; « rejouer »; the chat kept
// when coming back from another room; the layout on a phone; no serious accessibility violation.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { inProcessMax } from "../helpers/cli.js";
import { dashboardBrowser, demoTenant } from "../helpers/dashboard-browser.js";

// A browser test waits on a loaded machine: each gets a minute.
describe.skipIf(!chromiumPresent)("the Espace M.A.X. in headless Chromium", { timeout: 60_000 }, () => {
  const ui = dashboardBrowser({
    prepare: (server) => {
      // The terminal (`max confirm`) reads the real clock: the server's says the same time, so a card it
      // confirms has not expired.
      server.t.clock.set(new Date().toISOString());
      // … and this month's allowance is credited now, not in the middle of a test.
      server.t.store.ledger.spendable(demoTenant(server).id);
    },
  });
  const store = () => ui.server.t.store;
  const demo = ui.tenant;
  const balance = () => store().ledger.balance(demo().id);
  const jetons = (n: number) => `${new Intl.NumberFormat("fr-FR").format(n)} jetons`;
  /** A lead of the demo without the vip tag whose name only it has, so the chat finds it at once. */
  const uniqueLead = (skip: number[] = []) => {
    const lead = store()
      .leads.search(demo().id, { limit: 60 })
      .leads.find(
        (l) =>
          !skip.includes(l.id) &&
          !l.tags.includes("vip") &&
          store().leads.search(demo().id, { text: l.name }).total === 1,
      );
    if (!lead) throw new Error("a lead with a unique name");
    return lead;
  };

  async function open(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const { page } = await ui.open("#/espace", { viewport });
    await page.getByRole("heading", { level: 2, name: "Suggestions" }).waitFor();
    await page.locator(".chat-loading").waitFor({ state: "detached" });
    return page;
  }

  async function say(page: Page, text: string) {
    const input = page.getByLabel("Votre message à M.A.X.");
    await input.fill(text);
    await input.press("Enter");
  }

  it("shows a suggestion when the data changes, and one click opens its card, confirmed with its cost", async () => {
    const page = await open();
    const suggestions = page.getByRole("region", { name: "Suggestions" });
    const reminder = suggestions.getByRole("button", { name: /rendez-vous demain/ });
    expect(await reminder.count()).toBe(0);

    // An appointment is booked tomorrow (from anywhere): the suggestion appears without a reload.
    const lead = uniqueLead();
    store().appointments.create(
      { tenantId: demo().id, actor: "test" },
      { leadId: lead.id, startsAt: new Date(store().clock().getTime() + 24 * 3_600_000) },
    );
    await reminder.waitFor({ timeout: 5_000 });
    expect(await reminder.textContent()).toBe("1 rendez-vous demain sans rappel prévu — Envoyer un rappel ?");

    const before = balance();
    await reminder.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`Inscrire ${lead.name} dans « Anti no-show »`).waitFor();
    const facts = (await dialog.textContent()) ?? "";
    expect(facts).toContain("Assisté");
    expect(facts).toMatch(/Coût\s*1 jeton/);
    expect(facts).toContain(`Solde après${jetons(before - 1)}`);
    await dialog.getByRole("button", { name: "Confirmer", exact: true }).click();
    await page
      .getByText(/Anti no-show/)
      .first()
      .waitFor();
    await expect
      .poll(() => store().scenarios.running(demo().id, lead.id, "coach-no-show")?.status)
      .toBe("active");
    expect(balance()).toBe(before - 1);
    await page
      .locator("header")
      .getByText(jetons(before - 1))
      .waitFor();
    // Done: the suggestion goes.
    await reminder.waitFor({ state: "detached" });
    await page.close();
  });

  it("analyses the hot leads with nothing planned from one card, and lists the next action of each", async () => {
    const page = await open();
    const hot = page.getByRole("button", { name: /leads? chauds? sans action prévue — / });
    const count = Number(/^(\d+)/.exec((await hot.textContent()) ?? "")?.[1]);
    expect(count).toBeGreaterThan(1);
    const before = balance();
    await hot.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`Analyser ${count} leads`).waitFor();
    expect(await dialog.textContent()).toMatch(new RegExp(`Coût\\s*${2 * count} jetons`));
    await dialog.getByRole("button", { name: "Confirmer", exact: true }).click();
    const advice = page.locator(".suggestion-results li");
    await expect.poll(() => advice.count()).toBe(count);
    // Each lead by name, a link to its page, with what to do and why.
    expect(await advice.first().getByRole("link").getAttribute("href")).toMatch(/^#\/crm\/lead\/\d+$/);
    expect(await advice.first().textContent()).toMatch(/ : .+ \(.+\)$/);
    expect(balance()).toBe(before - 2 * count);
    // Analysed today: the suggestion goes.
    await hot.waitFor({ state: "detached" });
    await page.close();
  });

  it("follows a chat card decided in the suggestions' dialog or in the terminal", async () => {
    const page = await open();
    const first = uniqueLead();
    await say(page, `ajoute le tag vip à ${first.name}`);
    const card = page.getByRole("region", { name: /Action n°\d+ à confirmer/ }).last();
    await card.getByText(first.name).first().waitFor();

    // The card waits: the suggestions say so, and open it in the dialog.
    const waiting = page.getByRole("button", { name: /1 action en attente de confirmation — La voir \?/ });
    await waiting.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`Tags de ${first.name}`).waitFor();
    await dialog.getByRole("button", { name: "Annuler" }).click();
    await card.getByText(/Annulée : rien n'a été fait/).waitFor({ timeout: 5_000 });
    expect(await card.getByRole("button", { name: "Confirmer" }).count()).toBe(0);
    await waiting.waitFor({ state: "detached" });

    // Another card, confirmed from the terminal: the page shows it executed, without a reload.
    const second = uniqueLead([first.id]);
    await say(page, `ajoute le tag vip à ${second.name}`);
    const other = page.getByRole("region", { name: /Action n°\d+ à confirmer/ }).last();
    await other.getByText(second.name).first().waitFor();
    const label = (await other.getAttribute("aria-label")) ?? "";
    const id = /n°(\d+)/.exec(label)?.[1] ?? "";
    const max = inProcessMax(() => ui.server.t.path);
    expect((await max("confirm", "--tenant", "demo-coaching", id)).code).toBe(0);
    await other.getByText(`✅ Exécutée : Tags de ${second.name}`).waitFor({ timeout: 5_000 });
    expect(await other.getByRole("button", { name: "Confirmer" }).count()).toBe(0);
    expect(store().leads.get(demo().id, second.id)?.tags).toContain("vip");
    expect(store().leads.get(demo().id, first.id)?.tags).not.toContain("vip");
    await page.close();
  });

  it("sends each quick button's request and gets M.A.X.'s answer; « rejouer » sends it again", async () => {
    const page = await open();
    const answerTo = async (button: string, request: string, answer: RegExp) => {
      const asked = page.locator("li.in").filter({ hasText: request });
      const before = await asked.count();
      await page.getByRole("button", { name: button, exact: true }).click();
      await expect.poll(() => asked.count()).toBe(before + 1);
      const reply = page.locator("li.in").filter({ hasText: request }).last().locator("+ li.out");
      await expect.poll(() => reply.textContent(), { timeout: 5_000 }).toMatch(answer);
    };
    await answerTo("Créer une campagne", "prépare une newsletter", /Quel modèle \?/);
    await answerTo(
      "Analyser les leads",
      "quels leads dois-je relancer aujourd'hui ?",
      /leads?, hors gagnés et perdus/,
    );
    // The reminders started from the first suggestion are an enrollment of the automations.
    await answerTo("Voir les automatisations", "liste les inscriptions en cours", /« Anti no-show »/);

    // The history lists them, newest first; « rejouer » sends the words again as a new message.
    const history = page.getByRole("region", { name: "Historique des demandes" });
    const replay = history.getByRole("button", { name: "rejouer : liste les inscriptions en cours" });
    await replay.waitFor();
    expect(
      (await history.locator("li").first().textContent())?.startsWith("liste les inscriptions en cours"),
    ).toBe(true);
    await answerTo(
      "rejouer : liste les inscriptions en cours",
      "liste les inscriptions en cours",
      /Anti no-show/,
    );
    expect(await page.locator("li.in").filter({ hasText: "liste les inscriptions en cours" }).count()).toBe(
      2,
    );
    // Sent once, listed once.
    expect(
      await history.getByRole("button", { name: "rejouer : liste les inscriptions en cours" }).count(),
    ).toBe(1);
    await page.close();
  });

  it("asks M.A.X. for the leads to follow up from their suggestion, and keeps the chat across rooms", async () => {
    const page = await open();
    const stale = page.getByRole("button", {
      name: /leads? non relancés? depuis 5 jours — Voir lesquels \?/,
    });
    await stale.click();
    const reply = page.locator("li.in").last().locator("+ li.out");
    await expect.poll(() => reply.textContent()).toMatch(/leads?, hors gagnés et perdus/);
    const shown = await page.locator(".chat-log li").count();

    await page.getByRole("link", { name: "CRM", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "CRM" }).waitFor();
    await page.getByRole("link", { name: "Espace M.A.X.", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Espace M.A.X." }).waitFor();
    expect(await page.locator(".chat-log li").count()).toBe(shown);
    await say(page, "combien de jetons me reste-t-il ?");
    await expect.poll(() => page.locator(".chat-log li").count()).toBe(shown + 2);
    expect(await page.locator(".chat-log li.out").last().textContent()).toMatch(/jetons/);
    await page.close();
  });

  it("puts the panel under the chat on a phone, and passes axe-core on a desktop and a phone", async () => {
    const desktop = await open();
    await desktop.locator(".chat-log li").first().waitFor();
    expect(await seriousViolations(desktop)).toEqual([]);
    const chatBox = await desktop.locator("section.chat").boundingBox();
    const panelBox = await desktop.locator("aside.espace-panel").boundingBox();
    expect(panelBox && chatBox && panelBox.x > chatBox.x + chatBox.width - 1).toBe(true);
    await desktop.close();

    const phone = await open({ width: 390, height: 844 });
    await phone.locator(".chat-log li").first().waitFor();
    const chat = await phone.locator("section.chat").boundingBox();
    const panel = await phone.locator("aside.espace-panel").boundingBox();
    expect(chat && panel && panel.y >= chat.y + chat.height).toBe(true);
    // Nothing wider than the screen.
    expect(await phone.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.close();
  });
});
