// The pipeline board and the lead page in headless Chromium against the real server on the seeded demo
// (mode Assisté): a card moved with « Déplacer vers… » from the keyboard shows in its new column at
// once, the card says the cost and the balance after, « Confirmer » makes it stay (after a reload
// too) and the balance drop; « Annuler » puts it back; a mouse drag asks the same card. On a lead's
// page « Analyser avec M.A.X. » shows the analysis and the next action with its cost, a tag and a note
// are added through their cards, a change made elsewhere shows without reload; axe-core on both.
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

const number = (n: number) => new Intl.NumberFormat("fr-FR").format(n);

describe.skipIf(!chromiumPresent)("the pipeline board and the lead page in headless Chromium", () => {
  const ui = dashboardBrowser({ consoleErrors: false });
  const tenant = ui.tenant;
  const balance = () => ui.server.t.store.ledger.balance(tenant().id);
  const statusOf = (id: number) => ui.server.t.store.leads.get(tenant().id, id)?.status;
  const open = (hash: string, width = 1280) => ui.open(hash, { viewport: { width, height: 900 } });

  const column = (page: Page, label: string) => page.getByRole("list", { name: label, exact: true });
  const cardIn = (list: Locator, name: string) =>
    list.locator(":scope > li").filter({ has: list.page().getByRole("link", { name, exact: true }) });
  const header = (page: Page, label: string) =>
    page.getByRole("heading", { level: 3 }).filter({ hasText: new RegExp(`^${label} · `) });

  /** The first card of a column, its lead's id and name. */
  async function firstCard(page: Page, label: string) {
    const card = column(page, label).locator(":scope > li").first();
    await card.waitFor();
    const id = Number(await card.getAttribute("data-id"));
    const name = (await card.locator(".card-name").textContent()) ?? "";
    return { card, id, name };
  }

  it("moves a card with « Déplacer vers… » from the keyboard: at once, then for good on « Confirmer », the balance dropping by the cost", async () => {
    const { page, errors } = await open("#/crm/pipeline");
    await page.getByRole("heading", { name: /^Pipeline/ }).waitFor();
    const { card, id, name } = await firstCard(page, "Nouveau");
    const newCount = Number((await header(page, "Nouveau").textContent())?.split(" · ")[1]);
    const before = balance();

    await card.getByRole("button", { name: "Déplacer vers…" }).focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("list", { name: `Déplacer ${name} vers` });
    await menu.waitFor();
    // The menu offers the other statuses in words, the first one focused.
    expect(await menu.getByRole("button").allTextContents()).not.toContain("Nouveau");
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Pré-qualification");
    await page.keyboard.press("Enter");

    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Passer ${name} en « Pré-qualification »`);
    expect(await dialog.textContent()).toMatch(/Coût\s*1 jeton/);
    expect(await dialog.textContent()).toContain(`Solde après${number(before - 1)} jetons`);
    // Shown in its new column at once, the counts with it.
    await cardIn(column(page, "Pré-qualification"), name).waitFor();
    expect(await cardIn(column(page, "Nouveau"), name).count()).toBe(0);
    expect(await header(page, "Nouveau").textContent()).toMatch(new RegExp(`^Nouveau · ${newCount - 1}`));
    expect(statusOf(id)).toBe("nouveau");

    await dialog.getByRole("button", { name: "Confirmer" }).press("Enter");
    await expect.poll(() => statusOf(id)).toBe("pre_qualif");
    await expect
      .poll(() =>
        page
          .locator("header")
          .getByText(`${number(before - 1)} jetons`)
          .count(),
      )
      .toBe(1);
    expect(balance()).toBe(before - 1);
    // The keyboard stays on the moved card.
    await expect
      .poll(() => page.evaluate("document.activeElement?.closest('li')?.getAttribute('data-id')"))
      .toBe(String(id));

    await page.reload();
    await cardIn(column(page, "Pré-qualification"), name).waitFor();
    expect(await cardIn(column(page, "Nouveau"), name).count()).toBe(0);
    expect(await header(page, "Nouveau").textContent()).toMatch(new RegExp(`^Nouveau · ${newCount - 1}`));
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 45_000);

  it("puts the card back when its card is cancelled, whether moved from the menu or dragged with the mouse", async () => {
    const { page } = await open("#/crm/pipeline");
    const { card, id, name } = await firstCard(page, "Appel planifié");
    const before = balance();

    await card.getByRole("button", { name: "Déplacer vers…" }).click();
    await page
      .getByRole("list", { name: `Déplacer ${name} vers` })
      .getByRole("button", { name: "Gagné" })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await cardIn(column(page, "Gagné"), name).waitFor();
    await dialog.getByRole("button", { name: "Annuler" }).click();
    await cardIn(column(page, "Appel planifié"), name).waitFor();
    expect(await cardIn(column(page, "Gagné"), name).count()).toBe(0);
    expect(statusOf(id)).toBe("appel_planifie");
    expect(balance()).toBe(before);

    // The same card dragged to the next column with the mouse (from its body, not its link or button).
    const from = await cardIn(column(page, "Appel planifié"), name).locator(".card-meta").boundingBox();
    const to = await column(page, "Appel réalisé").boundingBox();
    if (!from || !to) throw new Error("no layout");
    const start = { x: from.x + from.width - 8, y: from.y + from.height / 2 };
    const end = { x: to.x + to.width / 2, y: to.y + 20 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(start.x + ((end.x - start.x) * i) / 12, start.y + ((end.y - start.y) * i) / 12);
    }
    await page.mouse.up();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Passer ${name} en « Appel réalisé »`);
    await cardIn(column(page, "Appel réalisé"), name).waitFor();
    await dialog.getByRole("button", { name: "Annuler" }).click();
    await cardIn(column(page, "Appel planifié"), name).waitFor();
    expect(await cardIn(column(page, "Appel réalisé"), name).count()).toBe(0);
    expect(statusOf(id)).toBe("appel_planifie");
    await page.close();
  }, 45_000);

  it("shows a move made elsewhere without a reload, and scrolls its columns sideways on a phone", async () => {
    const { page } = await open("#/crm/pipeline", 390);
    const { id, name } = await firstCard(page, "En réflexion");
    ui.server.t.store.leads.setStatus({ tenantId: tenant().id, actor: "cli" }, id, "offre_envoyee");
    await cardIn(column(page, "Offre envoyée"), name).waitFor({ timeout: 5_000 });
    expect(await cardIn(column(page, "En réflexion"), name).count()).toBe(0);
    // The page does not widen: the board scrolls within itself.
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    expect(await page.evaluate<number>("document.querySelector('.board')?.scrollWidth ?? 0")).toBeGreaterThan(
      390,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 45_000);

  it("analyses a lead with « Analyser avec M.A.X. », prepares its next action, adds a tag and a note through their cards", async () => {
    const lead = ui.server.t.store.leads
      .search(tenant().id, { status: "appel_realise", limit: 5 })
      .leads.find((l) => !l.tags.includes("vip-test"));
    if (!lead) throw new Error("the demo needs a lead after its discovery call");
    const { page, errors } = await open(`#/crm/lead/${lead.id}`);
    await page.getByRole("heading", { level: 2, name: lead.name }).waitFor();
    const consents = page.getByRole("region", { name: "Consentements" }).getByRole("listitem");
    expect(await consents.allTextContents()).toEqual([
      expect.stringMatching(/^E-mail : (accepté le \d{1,2} \S+ \d{4}|refusé le .+|aucun consentement)$/),
      expect.stringMatching(/^WhatsApp : /),
      expect.stringMatching(/^SMS : /),
    ]);
    const before = balance();

    await page.getByRole("button", { name: "Analyser avec M.A.X." }).click();
    const analysis = page.getByRole("region", { name: "Analyse de M.A.X." });
    await analysis.waitFor();
    const text = (await analysis.textContent()) ?? "";
    expect(text).toContain(lead.name);
    expect(text).toContain("Prochaine action conseillée");
    expect(text).toContain("message personnalisé de suivi (J+1)");
    expect(text).toMatch(/Coût : 1 jeton/);
    expect(text).not.toContain("donnees_prospect");
    // A read: it ran at once and was paid (2 tokens).
    await expect.poll(balance).toBe(before - 2);
    await expect
      .poll(() =>
        page
          .locator("header")
          .getByText(`${number(before - 2)} jetons`)
          .count(),
      )
      .toBe(1);

    // The next action as a prepared card, in one click.
    await analysis.getByRole("button", { name: "Préparer cette action" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Note sur ${lead.name}`);
    await dialog.getByRole("button", { name: "Annuler" }).click();
    await dialog.waitFor({ state: "detached" });

    // A tag, added then removed.
    await page.getByLabel("Nouveau tag").fill("vip-test");
    await page.getByRole("button", { name: "Ajouter le tag" }).click();
    await dialog.getByRole("button", { name: "Confirmer" }).click();
    const remove = page.getByRole("button", { name: "Retirer le tag vip-test" });
    await remove.waitFor();
    expect(ui.server.t.store.leads.get(tenant().id, lead.id)?.tags).toContain("vip-test");
    expect(await page.getByLabel("Nouveau tag").inputValue()).toBe("");
    await remove.click();
    await dialog.getByRole("button", { name: "Confirmer" }).click();
    await remove.waitFor({ state: "detached" });
    expect(ui.server.t.store.leads.get(tenant().id, lead.id)?.tags).not.toContain("vip-test");

    // A note, on the timeline at once.
    await page.getByLabel("Nouvelle note").fill("Rappeler jeudi pour le devis");
    await page.getByRole("button", { name: "Ajouter la note" }).click();
    await dialog.getByRole("button", { name: "Confirmer" }).click();
    const timeline = page.getByRole("region", { name: "Historique" });
    await timeline.getByText("Rappeler jeudi pour le devis").waitFor();

    // The status from its select and « Changer ».
    await page.getByLabel("Statut du lead").selectOption({ label: "Offre envoyée" });
    await page.getByRole("button", { name: "Changer" }).click();
    await dialog.getByRole("button", { name: "Confirmer" }).click();
    await timeline.getByText("Appel réalisé → Offre envoyée").waitFor();
    expect(ui.server.t.store.leads.get(tenant().id, lead.id)?.status).toBe("offre_envoyee");

    // A change made elsewhere shows without reload.
    ui.server.t.store.leads.changeTags({ tenantId: tenant().id, actor: "cli" }, lead.id, {
      add: ["depuis-la-cli"],
    });
    await page.getByRole("button", { name: "Retirer le tag depuis-la-cli" }).waitFor({ timeout: 5_000 });

    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 45_000);

  it("in Conseil, a move stays a suggestion: the card goes back and the suggestion is told", async () => {
    const scope = { tenantId: tenant().id, actor: "test" };
    ui.server.t.store.tenants.update(scope, { defaultMode: "conseil" });
    try {
      const { page } = await open("#/crm/pipeline");
      const { card, id, name } = await firstCard(page, "Offre envoyée");
      const before = balance();
      await card.getByRole("button", { name: "Déplacer vers…" }).click();
      await page
        .getByRole("list", { name: `Déplacer ${name} vers` })
        .getByRole("button", { name: "Gagné" })
        .click();
      await page.getByRole("status").getByText(`Passer ${name} en « Gagné » — Mode Conseil`).waitFor();
      await cardIn(column(page, "Offre envoyée"), name).waitFor();
      expect(await cardIn(column(page, "Gagné"), name).count()).toBe(0);
      expect(await page.getByRole("dialog").count()).toBe(0);
      expect(statusOf(id)).toBe("offre_envoyee");
      expect(balance()).toBe(before);
      await page.close();
    } finally {
      ui.server.t.store.tenants.update(scope, { defaultMode: "assiste" });
    }
  }, 45_000);

  it("says so for a lead of another account", async () => {
    const other = ui.server.t.store.tenants.getBySlug("demo-b2b");
    const foreign = other ? ui.server.t.store.leads.search(other.id, { limit: 1 }).leads[0] : undefined;
    if (!foreign) throw new Error("demo-b2b");
    const { page } = await open(`#/crm/lead/${foreign.id}`);
    await page.getByRole("alert").getByText(`Aucun lead n°${foreign.id} dans ce compte`).waitFor();
    expect(await page.getByText(foreign.name).count()).toBe(0);
    await page.close();
  }, 45_000);
});
