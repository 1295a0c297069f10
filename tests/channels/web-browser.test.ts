// The web chat, now the dashboard's Espace M.A.X., driven in headless Chromium (Debian's, through
// playwright-core) against the real server on the seeded demo: no account, the welcome and its
// examples as buttons, a list paged with « suite », a question answered by a button, a tag request,
// its card, « Confirmer », the real result; a double confirmation finished by typing « oui ».
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM, chromiumPresent } from "../helpers/browser.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

if (!chromiumPresent)
  console.warn(`web-browser.test.ts SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!chromiumPresent)(
  `web chat in the Espace M.A.X., headless Chromium (needs ${CHROMIUM})`,
  { timeout: 60_000 },
  () => {
    const ui = dashboardBrowser();
    const store = () => ui.server.t.store;

    /** The dashboard at `/`: the Espace M.A.X. opens first, its conversation read. */
    async function open(): Promise<Page> {
      const { page } = await ui.open();
      await page.getByRole("heading", { level: 1, name: "Espace M.A.X." }).waitFor();
      await page.locator(".chat-loading").waitFor({ state: "detached" });
      return page;
    }

    it("greets a first visit with three examples, pages a list with « suite » and asks which lead by buttons", async () => {
      const page = await open();
      const welcome = page.locator("li.out").first();
      await expect
        .poll(() => welcome.textContent())
        .toMatch(
          /^M\.A\.X\. : Bonjour ! Je suis M\.A\.X\., l'assistant CRM de Sophie Martin Coaching \(mode Assisté, solde \d+ jetons\)/,
        );
      expect(await welcome.getByRole("button").count()).toBe(3);

      await welcome.getByRole("button", { name: "montre-moi mes leads chauds" }).click();
      await expect
        .poll(() => page.locator("li.out").nth(1).textContent())
        .toMatch(/^M\.A\.X\. : \d+ leads?, hors gagnés et perdus[\s\S]*#\d+ /);
      expect(await page.locator("li.in").first().textContent()).toBe("Vous : montre-moi mes leads chauds");

      // More than ten: the first ten, and « suite » as a button for the next ones.
      const input = page.getByLabel("Votre message à M.A.X.");
      await input.fill("montre-moi les leads tièdes");
      await input.press("Enter");
      const list = page.locator("li.out").nth(2);
      await expect
        .poll(() => list.textContent())
        .toMatch(/hors gagnés et perdus \(1 à 10\)[\s\S]*10 sur \d+ — écrivez « suite »/);
      await list.getByRole("button", { name: "suite" }).click();
      await expect.poll(() => page.locator("li.out").nth(3).textContent()).toMatch(/\(11 à \d+\)/);

      // Two demo leads are called Martin: the question lists them, a click on one analyses it.
      await input.fill("analyse martin stp");
      await input.press("Enter");
      const question = page.locator("li.out").nth(4);
      await expect
        .poll(() => question.textContent())
        .toMatch(/Plusieurs leads correspondent à « martin »[\s\S]*1\. /);
      const second = question.locator(".choices button").nth(1);
      const label = (await second.textContent()) ?? "";
      await second.click();
      expect(label).toMatch(/^Analyser \S+ Martin$/);
      await expect
        .poll(() => page.locator("li.out").nth(5).textContent())
        .toContain(`✅ ${label.slice("Analyser ".length)}`);
      expect(await page.locator("li.in").last().textContent()).toContain(label);
      await page.close();
    });

    it("opens as the demo coach, shows the card for a tag and executes it on « Confirmer »", async () => {
      const tenant = store().tenants.getBySlug("demo-coaching");
      const lead = store()
        .leads.search(tenant?.id ?? 0, { limit: 50 })
        .leads.find(
          (l) => !l.tags.includes("vip") && store().leads.search(l.tenantId, { text: l.name }).total === 1,
        );
      if (!tenant || !lead)
        throw new Error("the demo needs a lead without the vip tag and with a unique name");
      const { page, errors } = await ui.open();
      await expect.poll(() => page.locator("header .who").textContent()).toContain("Sophie Martin");
      await page.locator(".chat-loading").waitFor({ state: "detached" });
      const input = page.getByLabel("Votre message à M.A.X.");
      // Records whether "M.A.X. réfléchit…" was shown while the reply was on its way.
      await page.evaluate(`{
      const thinking = document.getElementById("thinking");
      new MutationObserver(() => { if (!thinking.hidden) window.sawThinking = thinking.textContent; })
        .observe(thinking, { attributes: true });
    }`);
      await input.fill(`ajoute le tag vip à ${lead.name}`);
      await input.press("Enter");
      await expect.poll(() => input.inputValue()).toBe("");

      const card = page.getByRole("region", { name: /Action n°\d+ à confirmer/ });
      await card.waitFor();
      expect(await page.evaluate("window.sawThinking")).toBe("M.A.X. réfléchit…");
      const cardText = await card.textContent();
      expect(cardText).toContain(lead.name);
      expect(cardText).toContain("Assisté");
      expect(cardText).toMatch(/Coût\s*1 jeton/);
      expect(store().leads.get(tenant.id, lead.id)?.tags).not.toContain("vip");

      await card.getByRole("button", { name: "Confirmer" }).click();
      await card.getByText(`✅ Exécutée : Tags de ${lead.name}`).waitFor();
      const result = page.locator("li.out").last();
      await expect.poll(() => result.textContent()).toContain(`✅ Tags de ${lead.name}`);
      expect(await card.getByRole("button", { name: "Confirmer" }).isHidden()).toBe(true);
      expect(await page.locator("#thinking").isHidden()).toBe(true);
      expect(store().leads.get(tenant.id, lead.id)?.tags).toContain("vip");
      // The header tells the mode and the balance after the debit.
      expect(await page.getByLabel("Mode", { exact: true }).inputValue()).toBe("assiste");
      const balance = new Intl.NumberFormat("fr-FR").format(store().ledger.balance(tenant.id));
      await page.locator("header").getByText(`${balance} jetons`).waitFor();

      // A reload keeps the session (sessionStorage) and shows the decided card as it stands: no buttons.
      await page.reload();
      const replayed = page.getByRole("region", { name: /Action n°\d+ à confirmer/ });
      await replayed.getByText("✅ Exécutée").waitFor();
      expect(await replayed.getByRole("button", { name: "Confirmer" }).isHidden()).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("shows a card's real state whichever way it is decided: the first of two confirmations, then « oui » typed", async () => {
      const page = await open();
      const input = page.getByLabel("Votre message à M.A.X.");
      await input.fill("passe en mode auto");
      await input.press("Enter");
      const card = page.getByRole("region", { name: /Action n°\d+ à confirmer/ }).last();
      await card.getByText("Passer en mode Auto").waitFor();
      await card.getByRole("button", { name: "Confirmer" }).click();
      await card.getByText("Première confirmation reçue").waitFor();
      expect(await card.getByRole("button", { name: "Confirmer" }).isEnabled()).toBe(true);
      await input.fill("oui");
      await input.press("Enter");
      await card.getByText(/✅ Exécutée : Mode Auto activé/).waitFor();
      expect(await card.getByRole("button", { name: "Confirmer" }).isHidden()).toBe(true);
      await expect.poll(() => page.getByLabel("Mode", { exact: true }).inputValue()).toBe("auto");
      await page.reload();
      const replayed = page.getByRole("region", { name: /Action n°\d+ à confirmer/ }).last();
      await replayed.getByText(/✅ Exécutée : Mode Auto activé/).waitFor();
      expect(await replayed.getByRole("button", { name: "Annuler" }).isHidden()).toBe(true);
      await page.close();
    });
  },
);
