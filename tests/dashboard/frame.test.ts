// The dashboard's frame in headless Chromium against the real server on the seeded demo: the six rooms
// by name, the « Mode » selector and « N jetons »; a change made through the CLI shows in the open page
// without a reload; the keyboard alone reaches every room; axe-core finds nothing serious.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { inProcessMax } from "../helpers/cli.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

const ROOMS = ["Reporting", "Automatisation", "Espace M.A.X.", "CRM", "Budget IA", "Créa"];

describe.skipIf(!chromiumPresent)("the dashboard's frame in headless Chromium", () => {
  const ui = dashboardBrowser();
  const balanceOf = () => ui.server.t.store.ledger.balance(ui.tenant().id);

  async function open(hash = ""): Promise<Page> {
    const { page } = await ui.open(hash);
    await page.getByRole("link", { name: "CRM", exact: true }).waitFor();
    return page;
  }

  it("names the six rooms, the mode selector and the balance as the product does", async () => {
    const page = await open();
    for (const room of ROOMS) {
      await expect.poll(() => page.getByRole("link", { name: room, exact: true }).count()).toBe(1);
    }
    const mode = page.getByLabel("Mode", { exact: true });
    expect(await mode.inputValue()).toBe("assiste");
    expect(await mode.locator("option").allTextContents()).toEqual(["Conseil", "Assisté", "Auto"]);
    const balance = new Intl.NumberFormat("fr-FR").format(balanceOf());
    await expect.poll(() => page.locator("header").getByText(`${balance} jetons`).count()).toBe(1);
    await page.close();
  });

  it("opens every room from its link, with its heading, and no serious accessibility violation", async () => {
    const page = await open();
    for (const room of ROOMS) {
      await page.getByRole("link", { name: room, exact: true }).click();
      await expect
        .poll(() => page.getByRole("link", { name: room, exact: true }).getAttribute("aria-current"))
        .toBe("page");
      await page.getByRole("heading", { level: 1, name: room }).waitFor();
      expect(await seriousViolations(page), room).toEqual([]);
    }
    await page.close();
  }, 60_000);

  it("shows a pack added and a mode switched through the CLI without a reload", async () => {
    const page = await open("#/reporting");
    const max = inProcessMax(() => ui.server.t.path);
    expect((await max("tokens", "--tenant", "demo-coaching", "--add-pack")).code).toBe(0);
    const balance = new Intl.NumberFormat("fr-FR").format(balanceOf());
    const started = Date.now();
    await page.locator("header").getByText(`${balance} jetons`).waitFor({ timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);

    expect((await max("mode", "--tenant", "demo-coaching", "conseil")).code).toBe(0);
    await expect
      .poll(() => page.getByLabel("Mode", { exact: true }).inputValue(), { timeout: 2_000 })
      .toBe("conseil");
    await max("mode", "--tenant", "demo-coaching", "assiste");
    await page.close();
  });

  it("switches to Auto from the selector only after two confirmations in the dialog", async () => {
    const page = await open("#/reporting");
    await page.getByLabel("Mode", { exact: true }).selectOption({ label: "Auto" });
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Passer en mode Auto").waitFor();
    await dialog.getByRole("button", { name: "Confirmer", exact: true }).click();
    await dialog.getByRole("button", { name: "Confirmer définitivement" }).click();
    await expect.poll(() => ui.server.t.store.tenants.getBySlug("demo-coaching")?.defaultMode).toBe("auto");
    await page.getByText("Mode Auto activé").waitFor();

    // Cancelled: the selector goes back to what the account is.
    await page.getByLabel("Mode", { exact: true }).selectOption({ label: "Conseil" });
    await page.getByRole("dialog").getByRole("button", { name: "Annuler" }).click();
    await expect.poll(() => page.getByLabel("Mode", { exact: true }).inputValue()).toBe("auto");
    await page.getByLabel("Mode", { exact: true }).selectOption({ label: "Assisté" });
    await page.getByRole("dialog").getByRole("button", { name: "Confirmer", exact: true }).click();
    await expect
      .poll(() => ui.server.t.store.tenants.getBySlug("demo-coaching")?.defaultMode)
      .toBe("assiste");
    await page.close();
  });

  it("reaches every room with the keyboard alone", async () => {
    const page = await open("#/espace");
    await page.keyboard.press("Tab");
    // The first stop skips to the content; the rooms come after the header's controls.
    // Expressions evaluated in the page (strings: the tests' types have no DOM).
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Aller au contenu");
    const reached: string[] = [];
    for (let i = 0; i < 30 && reached.length < ROOMS.length; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate<string | null>(
        'document.activeElement?.closest("nav.rooms") ? document.activeElement.textContent : null',
      );
      if (name && !reached.includes(name)) {
        reached.push(name);
        await page.keyboard.press("Enter");
        await page.getByRole("heading", { level: 1, name }).waitFor();
        // Back to the links: Shift+Tab from the room's content is not needed, focus stays on the link.
      }
    }
    expect(reached.sort()).toEqual([...ROOMS].sort());
    await page.close();
  });
});
