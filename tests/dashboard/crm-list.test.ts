// The CRM list in headless Chromium against the real server on the seeded demo: « Rechercher » finds a
// lead by its last name, a status filter and a sort by score change the rows, the CSV export downloads
// the filtered list, a bulk tag in Assisté shows one card with the total cost and the balance drops by
// it once confirmed; axe-core finds nothing serious, on a desktop and on a phone.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Lead } from "../../src/store/index.js";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

describe.skipIf(!chromiumPresent)("the CRM list in headless Chromium", () => {
  const ui = dashboardBrowser();
  const tenant = ui.tenant;

  const leads = (): Lead[] => ui.server.t.store.leads.search(tenant().id, { limit: 200 }).leads;
  const rows = (page: Page) => page.locator("table.leads tbody tr");

  async function open(viewport = { width: 1280, height: 900 }) {
    const opened = await ui.open("#/crm", { viewport, acceptDownloads: true });
    await rows(opened.page).first().waitFor();
    return opened;
  }

  it("finds a lead by its last name in « Rechercher », filters by a status, sorts by score", async () => {
    const { page, errors } = await open();
    const everyone = leads();
    await expect.poll(() => page.locator(".list-count").textContent()).toBe(`1–50 sur ${everyone.length}`);

    const unique = everyone.find((l) => everyone.filter((o) => o.lastName === l.lastName).length === 1);
    if (!unique) throw new Error("the demo needs a unique last name");
    await page.getByLabel("Rechercher", { exact: true }).fill(unique.lastName);
    await expect.poll(() => rows(page).first().locator("th a").textContent()).toBe(unique.name);
    expect(await rows(page).first().locator("th a").getAttribute("href")).toBe(`#/crm/lead/${unique.id}`);
    await page.getByLabel("Rechercher", { exact: true }).fill("");
    await expect.poll(() => rows(page).count()).toBe(50);

    await page.getByText("Filtres", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Pré-qualification", exact: true }).check();
    const expected = everyone.filter((l) => l.status === "pre_qualif").length;
    await expect.poll(() => page.locator(".list-count").textContent()).toBe(`1–${expected} sur ${expected}`);
    const statuses = await rows(page).locator("td .status").allTextContents();
    expect(new Set(statuses)).toEqual(new Set(["Pré-qualification"]));

    const score = page.getByRole("columnheader", { name: "Score" });
    await score.getByRole("button").click();
    await expect.poll(() => score.getAttribute("aria-sort")).toBe("descending");
    const scores = (await rows(page).locator("td.num").allTextContents()).map((s) => Number(s) || -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await score.getByRole("button").click();
    await expect.poll(() => score.getAttribute("aria-sort")).toBe("ascending");

    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps the filters across a room switch and exports the filtered list as CSV", async () => {
    const { page } = await open();
    await page.getByRole("button", { name: "Chauds", exact: true }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "Chauds", exact: true }).getAttribute("aria-pressed"))
      .toBe("true");
    const hot = leads().filter((l) => l.heat === "chaud" && !["gagne", "perdu"].includes(l.status));
    await expect
      .poll(() => page.locator(".list-count").textContent())
      .toBe(`1–${hot.length} sur ${hot.length}`);

    await page.getByRole("link", { name: "Espace M.A.X.", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Espace M.A.X." }).waitFor();
    await page.getByRole("link", { name: "CRM", exact: true }).click();
    await expect
      .poll(() => page.locator(".list-count").textContent())
      .toBe(`1–${hot.length} sur ${hot.length}`);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Exporter en CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = readFileSync((await download.path()) as string, "utf8");
    expect(file.startsWith("\uFEFFnom;entreprise;email;")).toBe(true);
    const lines = file.trimEnd().split("\r\n");
    expect(lines).toHaveLength(hot.length + 1);
    expect(lines.slice(1).every((l) => l.includes(";chaud;"))).toBe(true);
    await page.close();
  });

  it("tags a selection in Assisté: one card with the total cost, the balance drops by it", async () => {
    const { page, errors } = await open();
    const balance = ui.server.t.store.ledger.balance(tenant().id);
    const chosen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const row = rows(page).nth(i);
      await row.getByRole("checkbox").check();
      const href = (await row.locator("th a").getAttribute("href")) ?? "";
      chosen.push(Number(href.split("/").pop()));
    }
    const bulk = page.getByRole("region", { name: "Actions groupées" });
    await expect.poll(() => bulk.locator(".bulk-count").textContent()).toMatch(/^3 leads sélectionnés/);
    await bulk.getByRole("button", { name: "Ajouter un tag" }).click();
    await page.getByLabel("Tag à ajouter").fill("atelier-mai");
    await page.getByRole("button", { name: "Continuer" }).click();

    const card = page.getByRole("dialog", { name: /Confirmer l'action n°\d+/ });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Tags de 3 leads .* ajouter atelier-mai/);
    expect(await card.textContent()).toContain("Assisté");
    expect(await card.locator(".card-facts").textContent()).toContain(`Coût3 jetons`);
    expect(await card.locator(".card-facts").textContent()).toContain(`Solde après${balance - 3} jetons`);
    await card.getByRole("button", { name: "Confirmer", exact: true }).click();

    await page.getByText("Tags de 3 leads : ajouté atelier-mai.").waitFor();
    for (const id of chosen)
      expect(ui.server.t.store.leads.get(tenant().id, id)?.tags).toContain("atelier-mai");
    expect(ui.server.t.store.ledger.balance(tenant().id)).toBe(balance - 3);
    const shown = new Intl.NumberFormat("fr-FR").format(balance - 3);
    await expect.poll(() => page.locator("header").getByText(`${shown} jetons`).count()).toBe(1);
    // The list shows the new tag (live stream and outcome), the selection is cleared.
    await expect.poll(() => rows(page).first().locator(".tags").textContent()).toContain("atelier-mai");
    expect(await page.getByRole("region", { name: "Actions groupées" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("selects every lead of the filter, and stays usable on a phone", async () => {
    const { page } = await open({ width: 360, height: 780 });
    await page.getByLabel("Tout sélectionner").check();
    const total = leads().length;
    await page.getByRole("button", { name: `Sélectionner les ${total} leads du filtre` }).click();
    await expect
      .poll(() => page.locator(".bulk-count").textContent())
      .toMatch(new RegExp(`^${total} leads sélectionnés`));
    // The table scrolls inside its own region; the page itself does not scroll sideways.
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
