// The web chat page driven in headless Chromium (Debian's, through playwright-core) against the real
// server on the seeded demo: no account, a tag request, its card, "Confirmer", the real result.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webChannel } from "../../channels/web/index.js";
import { parseConfig } from "../../src/config.js";
import { type Running, serve } from "../../src/main.js";
import { seedDemo } from "../../src/seed/seed-demo.js";
import { type TestStore, testStore } from "../helpers/store.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`web-browser.test.ts SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!present)(`web chat page in headless Chromium (needs ${CHROMIUM})`, () => {
  let t: TestStore;
  let running: Running;
  let browser: Browser;

  beforeAll(async () => {
    t = testStore();
    seedDemo(t.store);
    const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: t.path });
    running = await serve(config, t.store, [webChannel]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    t?.cleanup();
  });

  it("greets a first visit with three examples, pages a list with « suite » and asks which lead by buttons", async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}/`);
    const welcome = page.locator("li.out").first();
    await expect
      .poll(() => welcome.textContent())
      .toMatch(
        /^M\.A\.X\. : Bonjour ! Je suis M\.A\.X\., l'assistant CRM de Sophie Martin Coaching \(mode Assisté, solde \d+ jetons\)/,
      );
    expect(await welcome.getByRole("button").count()).toBe(3);

    await welcome.getByRole("button", { name: "montre-moi mes leads chauds" }).click();
    const list = page.locator("li.out").nth(1);
    await expect
      .poll(() => list.textContent())
      .toMatch(/hors gagnés et perdus \(1 à 10\)[\s\S]*10 sur \d+ — écrivez « suite »/);
    await list.getByRole("button", { name: "suite" }).click();
    await expect.poll(() => page.locator("li.out").nth(2).textContent()).toMatch(/\(11 à \d+\)/);

    // Two demo leads are called Martin: the question lists them, a click on one analyses it.
    const input = page.getByLabel("Votre message à M.A.X.");
    await input.fill("analyse martin stp");
    await input.press("Enter");
    const question = page.locator("li.out").nth(3);
    await expect
      .poll(() => question.textContent())
      .toMatch(/Plusieurs leads correspondent à « martin »[\s\S]*1\. /);
    const second = question.locator(".choices button").nth(1);
    const label = (await second.textContent()) ?? "";
    await second.click();
    expect(label).toMatch(/^Analyser \S+ Martin$/);
    await expect
      .poll(() => page.locator("li.out").nth(4).textContent())
      .toContain(`✅ ${label.slice("Analyser ".length)}`);
    expect(await page.locator("li.in").last().textContent()).toContain(label);
    await page.close();
  });

  it("opens as the demo coach, shows the card for a tag and executes it on « Confirmer »", async () => {
    const tenant = t.store.tenants.getBySlug("demo-coaching");
    const lead = t.store.leads
      .search(tenant?.id ?? 0, { limit: 50 })
      .leads.find(
        (l) => !l.tags.includes("vip") && t.store.leads.search(l.tenantId, { text: l.name }).total === 1,
      );
    if (!tenant || !lead) throw new Error("the demo needs a lead without the vip tag and with a unique name");
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await page.goto(`${running.url}/`);
    await expect.poll(() => page.locator("#who").textContent()).toContain("Sophie Martin");
    const input = page.getByLabel("Votre message à M.A.X.");
    await expect.poll(() => page.evaluate("document.activeElement?.id")).toBe("text");
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
    expect(t.store.leads.get(tenant.id, lead.id)?.tags).not.toContain("vip");

    await card.getByRole("button", { name: "Confirmer" }).click();
    await card.getByText(`✅ Exécutée : Tags de ${lead.name}`).waitFor();
    const result = page.locator("li.out").last();
    await expect.poll(() => result.textContent()).toContain(`✅ Tags de ${lead.name}`);
    expect(await card.getByRole("button", { name: "Confirmer" }).isHidden()).toBe(true);
    expect(await page.locator("#thinking").isHidden()).toBe(true);
    expect(t.store.leads.get(tenant.id, lead.id)?.tags).toContain("vip");
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/^Mode Assisté · \d+ jetons$/);

    // A reload keeps the session (sessionStorage) and shows the decided card as it stands: no buttons.
    await page.reload();
    const replayed = page.getByRole("region", { name: /Action n°\d+ à confirmer/ });
    await replayed.getByText("✅ Exécutée").waitFor();
    expect(await replayed.getByRole("button", { name: "Confirmer" }).isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("shows a card's real state whichever way it is decided: the first of two confirmations, then « oui » typed", async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}/`);
    const input = page.getByLabel("Votre message à M.A.X.");
    await expect.poll(() => page.evaluate("document.activeElement?.id")).toBe("text");
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
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/^Mode Auto · /);
    await page.reload();
    const replayed = page.getByRole("region", { name: /Action n°\d+ à confirmer/ }).last();
    await replayed.getByText(/✅ Exécutée : Mode Auto activé/).waitFor();
    expect(await replayed.getByRole("button", { name: "Annuler" }).isHidden()).toBe(true);
    await page.close();
  });
});
