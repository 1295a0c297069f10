// The Budget IA room in headless Chromium against the real server on the seeded demo (mode Assisté):
// the store's balance and split, the twelve-week chart with its table (a bar opens its week's rows),
// the banner in every room once 80 % of the allowance is used, a pack added through its card (the
// balance grows by 500, live), and axe-core finds nothing serious at desktop and phone widths.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

const number = (n: number) => new Intl.NumberFormat("fr-FR").format(n);

describe.skipIf(!chromiumPresent)("the Budget IA room in headless Chromium", () => {
  const ui = dashboardBrowser({ consoleErrors: false });
  const tenant = ui.tenant;
  const balance = () => ui.server.t.store.ledger.balance(tenant().id);
  const open = (hash: string, width = 1280) => ui.open(hash, { viewport: { width, height: 900 } });
  const tile = (page: Page, title: string) =>
    page.locator(".budget-tile").filter({ has: page.getByRole("heading", { level: 3, name: title }) });

  it("shows the store's balance and split, and twelve weeks as bars and as a table", async () => {
    const { page, errors } = await open("#/budget");
    await page.getByRole("heading", { level: 2, name: "Usage par semaine" }).waitFor({ timeout: 60_000 });
    expect(await tile(page, "Solde").locator(".tile-figure").textContent()).toBe(
      `${number(balance())} jetons`,
    );
    const summary = ui.server.t.store.ledger.summary(tenant().id);
    expect(await tile(page, "Utilisé en novembre 2026").locator(".tile-figure").textContent()).toBe(
      `${number(summary.usedThisPeriod)} jetons (${Math.round((summary.usedThisPeriod * 100) / 500)} %)`,
    );

    const kinds = page.locator(".kinds-table tbody tr");
    expect(await kinds.count()).toBe(6);
    const messages = kinds.filter({ has: page.getByRole("link", { name: "Messages" }) });
    const used = ui.server.t.store.ledger.usageByAction(tenant().id, new Date(0));
    const whatsapp = used.find((u) => u.action === "whatsapp_message")?.used ?? 0;
    expect(await messages.locator("td.num").first().textContent()).toBe(number(whatsapp));
    expect(await kinds.filter({ hasText: "Appels IA" }).locator("a").count()).toBe(0);

    // Twelve bars, each a link named with its week and figure; the same weeks in the table.
    const bars = page.locator(".week-chart svg a");
    expect(await bars.count()).toBe(12);
    const weeks = ui.server.t.store.ledger.usageByWeek(tenant().id, new Date(0));
    const w46 = weeks.find((w) => w.week === "2026-W46")?.used ?? 0;
    expect(await bars.nth(10).getAttribute("aria-label")).toBe(
      `Semaine du 9 novembre 2026 : ${number(w46)} jetons`,
    );
    const table = page.getByRole("table", { name: "Jetons utilisés par semaine (tableau du graphique)" });
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(12);
    expect(await rows.nth(10).textContent()).toBe(`Semaine du 9 novembre 2026${number(w46)}`);
    expect(await rows.nth(0).textContent()).toBe("Semaine du 31 août 20260");

    // A bar opens the rows it is made of.
    await bars.nth(10).click();
    await page
      .getByRole("heading", { level: 2, name: "Dépenses de la semaine du 9 novembre 2026" })
      .waitFor();
    expect(await page.locator(".budget-table tbody tr").count()).toBe(28);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("has no serious accessibility violation at desktop and phone widths, and no sideways scroll on a phone", async () => {
    for (const width of [1280, 375]) {
      const { page } = await open("#/budget", width);
      await page.getByRole("heading", { level: 2, name: "Usage par semaine" }).waitFor({ timeout: 60_000 });
      expect(await seriousViolations(page), `${width}px`).toEqual([]);
      const [client, scroll] = await page.evaluate<[number, number]>(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]",
      );
      expect(scroll, `${width}px`).toBe(client);
      await page.close();
    }
  }, 90_000);

  it("shows the banner in every room once 80 % of the allowance is used, without a reload", async () => {
    const { page } = await open("#/crm");
    await page.getByRole("heading", { level: 1, name: "CRM" }).waitFor({ timeout: 60_000 });
    expect(await page.locator(".budget-banner").count()).toBe(0);
    const summary = ui.server.t.store.ledger.summary(tenant().id);
    ui.server.t.store.ledger.debit(
      { tenantId: tenant().id, actor: "test" },
      { action: "email_message", amount: 410 - summary.usedThisPeriod },
    );
    const banner = page.locator("header .budget-banner");
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toBe(
      "Budget IA : 82 % de l'allocation de novembre 2026 utilisés (410 sur 500 jetons). Voir le budget et ajouter un pack",
    );
    await banner.getByRole("link", { name: "Voir le budget et ajouter un pack" }).click();
    await page.getByRole("heading", { level: 2, name: "Usage par semaine" }).waitFor();
    expect(await page.locator("header .budget-banner").textContent()).toMatch(/^Budget IA : 82 %/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("adds a pack through its card: the balance grows by 500 on the page and in the header", async () => {
    const { page } = await open("#/budget");
    await page.getByRole("heading", { level: 2, name: "Usage par semaine" }).waitFor({ timeout: 60_000 });
    const before = balance();
    await page.getByRole("button", { name: "Ajouter un pack de 500 jetons" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(
      `Ajouter 1 pack de 500 jetons : le solde passera de ${before} jetons à ${before + 500} jetons`,
    );
    expect(await dialog.textContent()).toContain(`Solde après${number(before + 500)} jetons`);
    expect(balance()).toBe(before);
    await dialog.getByRole("button", { name: "Confirmer" }).click();
    await expect.poll(() => balance()).toBe(before + 500);
    await expect
      .poll(() => tile(page, "Solde").locator(".tile-figure").textContent())
      .toBe(`${number(before + 500)} jetons`);
    await page
      .locator("header")
      .getByText(`${number(before + 500)} jetons`)
      .waitFor();
    expect(await page.locator(".pack-said").textContent()).toBe(
      `1 pack de 500 jetons ajouté : nouveau solde ${before + 500} jetons.`,
    );
    expect(await tile(page, "Solde").locator(".tile-sub").textContent()).toMatch(/^dont 500 jetons de packs/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
