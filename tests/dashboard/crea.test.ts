// The Espace Créa in headless Chromium against the real server on the seeded demo: a template opened
// in the editor, the preview following the typing, an unknown merge field flagged and the save
// refused, a picture uploaded in place of « [Votre image ici] » (loaded in the sandboxed preview from
// our own origin), the preview merged with a real lead, the template saved as the tenant's own, and a
// campaign planned in Assisté — the card with its cost and excluded count, confirmed, listed
// « planifiée », then cancelled; axe-core finds nothing serious on a desktop and on a phone.
import type { Frame, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { campaignUnits, costOf } from "../../src/domain/index.js";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { dashboardBrowser, demoTenant } from "../helpers/dashboard-browser.js";

// A 2×1 PNG (two pixels wide, one high: an orange and a blue one), byte for byte.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGPYmiorH78fAAiMAnUMATOvAAAAAElFTkSuQmCC",
  "base64",
);

describe.skipIf(!chromiumPresent)("the Espace Créa in headless Chromium", () => {
  const ui = dashboardBrowser({
    // Its mailbox is connected: campaigns can be planned.
    prepare: (server) => {
      server.t.store.emailAccounts.set(
        { tenantId: demoTenant(server).id, actor: "test" },
        {
          smtpUrl: "smtp://u:p@127.0.0.1:1",
          imapUrl: "imap://u:p@127.0.0.1:1/INBOX",
          fromAddress: "contact@demo.fr",
        },
      );
    },
  });
  const tenant = ui.tenant;
  const open = (hash: string, viewport = { width: 1280, height: 900 }) => ui.open(hash, { viewport });

  /** The preview's document (a frame of our own origin, sandboxed). */
  async function previewFrame(page: Page): Promise<Frame> {
    const handle = await page.locator("iframe.crea-frame").elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error("no preview frame");
    return frame;
  }
  const previewText = async (page: Page) =>
    (await previewFrame(page))
      .evaluate<string>("document.body ? document.body.innerText : ''")
      .catch(() => "");

  it("edits a template with a live preview, flags an unknown field, places an image, saves it as its own", async () => {
    const { page, errors } = await open("#/crea");
    await page.getByRole("heading", { level: 2, name: "Modèles M.A.X." }).waitFor();
    expect(await page.locator(".crea-card h3").allTextContents()).toContain("Newsletter « Annonce produit »");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Newsletter « Annonce produit »" }).click();
    const html = page.getByLabel("HTML du message");
    await expect.poll(() => html.inputValue()).toContain("[Votre image ici]");
    await expect.poll(() => previewText(page), { timeout: 30_000 }).toContain("Notre nouveauté est arrivée");
    // The frame is sandboxed, scripts off.
    expect(await page.locator("iframe.crea-frame").getAttribute("sandbox")).toBe("");

    // The preview follows the typing.
    await html.fill((await html.inputValue()).replace("Notre nouveauté est arrivée", "Nos ateliers d'hiver"));
    await expect.poll(() => previewText(page), { timeout: 30_000 }).toContain("Nos ateliers d'hiver");

    // An unknown merge field is flagged, and saving is refused before anything is written.
    await html.fill((await html.inputValue()).replace("Bonjour {{nom}}", "Bonjour {{prenom}}"));
    const alert = page.locator(".crea-refusal");
    await expect
      .poll(() => alert.textContent(), { timeout: 30_000 })
      .toBe("Champ de fusion inconnu : {{prenom}}. Champs possibles : {{nom}}, {{entreprise}}, {{secteur}}.");
    expect(await alert.getAttribute("role")).toBe("alert");
    await page.getByRole("button", { name: "Enregistrer comme nouveau modèle" }).click();
    const naming = page.getByRole("dialog", { name: "Enregistrer comme nouveau modèle" });
    await naming.getByLabel("Nom du modèle").fill("Ateliers d'hiver");
    await naming.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await expect
      .poll(() => naming.getByRole("alert").textContent())
      .toMatch(/^Enregistrement refusé : Champ de fusion inconnu/);
    expect(ui.server.t.store.creaTemplates.list(tenant().id)).toEqual([]);
    await naming.getByRole("button", { name: "Annuler" }).click();

    // Fixed with the button that inserts {{nom}} where the cursor is.
    const fixed = (await html.inputValue()).replace("{{prenom}}", "");
    await html.fill(fixed);
    await page.evaluate(`(() => {
      const el = document.getElementById("crea-html");
      const at = el.value.indexOf("Bonjour ") + 8;
      el.setSelectionRange(at, at);
    })()`);
    await page.getByRole("button", { name: "Insérer {{nom}}" }).click();
    await expect.poll(() => html.inputValue()).toContain("Bonjour {{nom}},");
    await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(0);

    // The picture takes the placeholder's place and loads in the preview from our own origin.
    await page.getByLabel("Description de l'image").fill("Atelier d'hiver au studio");
    await page
      .getByLabel("Choisir une image")
      .setInputFiles({ name: "atelier.png", mimeType: "image/png", buffer: PNG });
    await expect
      .poll(() => html.inputValue())
      .toMatch(/<img src="\/media\/[0-9a-f]{32}\.png" alt="Atelier d'hiver au studio"/);
    expect(await html.inputValue()).not.toContain("[Votre image ici]");
    await page.getByText("Image ajoutée (2 × 1 px) : elle remplace « [Votre image ici] ».").waitFor();
    const origin = new URL(ui.server.running.url).origin;
    await expect
      .poll(
        async () =>
          (await previewFrame(page))
            .evaluate<{ src: string; width: number }>(
              `(() => { const img = document.querySelector('img[alt="Atelier d\\'hiver au studio"]');
                return img ? { src: img.currentSrc, width: img.complete ? img.naturalWidth : 0 } : { src: "", width: 0 }; })()`,
            )
            .catch(() => ({ src: "", width: 0 })),
        { timeout: 30_000 },
      )
      .toEqual({ src: expect.stringMatching(new RegExp(`^${origin}/media/[0-9a-f]{32}\\.png$`)), width: 2 });

    // The preview with a real lead's data.
    const lead = ui.server.t.store.leads.search(tenant().id, { limit: 200 }).leads.find((l) => l.company);
    if (!lead) throw new Error("the demo needs a lead with a company");
    await page.getByLabel("Aperçu avec les données d'un lead").fill(lead.lastName);
    await page
      .getByRole("button", { name: new RegExp(`^${lead.name}`) })
      .first()
      .click();
    await expect.poll(() => previewText(page), { timeout: 30_000 }).toContain(`Bonjour ${lead.name},`);

    // Saved as the tenant's own template: the editor reopens it there.
    await page.getByRole("button", { name: "Enregistrer comme nouveau modèle" }).click();
    await naming.getByLabel("Nom du modèle").fill("Ateliers d'hiver");
    await naming.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByText("Modèle « Ateliers d'hiver » enregistré.").waitFor();
    const [saved] = ui.server.t.store.creaTemplates.list(tenant().id);
    expect(saved).toMatchObject({ name: "Ateliers d'hiver", basedOn: "annonce-produit" });
    await expect.poll(() => page.evaluate<string>("location.hash")).toBe(`#/crea/perso/${saved?.id}`);
    expect(ui.server.t.store.creaTemplates.get(tenant().id, saved?.id ?? 0)?.bodyHtml).toContain(
      "Nos ateliers d'hiver",
    );

    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("plans a campaign in Assisté: counts and cost before, the card, then « planifiée », then cancelled", async () => {
    const store = ui.server.t.store;
    const template = store.creaTemplates.create(
      { tenantId: tenant().id, actor: "test" },
      {
        name: "Offre de janvier",
        subject: "Votre séance de janvier",
        html: "<p>Bonjour {{nom}}, à bientôt.</p>",
      },
    );
    const audience = store.campaigns.audience(tenant().id, {});
    expect(audience.excluded).toBeGreaterThan(0);
    const cost = campaignUnits(audience.recipients) * costOf("email_campaign");
    const balance = store.ledger.balance(tenant().id);

    const { page, errors } = await open(`#/crea/perso/${template.id}`);
    await page.getByRole("button", { name: "Planifier l'envoi" }).click();
    const planning = page.getByRole("dialog", { name: "Planifier l'envoi" });
    await expect.poll(() => planning.getByLabel("Date d'envoi").inputValue()).toBe("2026-11-17");
    expect(await planning.getByLabel(/^Heure/).inputValue()).toBe("09:00");
    const facts = planning.locator(".crea-audience");
    await expect.poll(() => facts.textContent()).toContain(`Destinataires${audience.recipients} leads`);
    expect(await facts.textContent()).toContain(`Exclus${audience.excluded} lead`);
    expect(await facts.textContent()).toContain(`Coût${cost} jetons`);
    expect(await facts.textContent()).toContain("Envoile mardi 17 novembre à 9 h");
    expect(await seriousViolations(page)).toEqual([]);
    await planning.getByRole("button", { name: "Planifier", exact: true }).click();

    const card = page.getByRole("dialog", { name: /Confirmer l'action n°\d+/ });
    await card.waitFor();
    expect(await card.locator(".card-preview").textContent()).toContain(
      `pour ${audience.recipients} destinataires (${audience.excluded} exclus`,
    );
    expect(await card.locator(".card-facts").textContent()).toContain(`Coût${cost} jetons`);
    await card.getByRole("button", { name: "Confirmer", exact: true }).click();

    await expect.poll(() => page.evaluate<string>("location.hash")).toBe("#/crea/campagnes");
    const row = page.locator(".crea-campaigns tbody tr").first();
    await expect.poll(() => row.locator(".crea-status").textContent()).toBe("planifiée");
    expect(await row.locator("th").textContent()).toContain("Votre séance de janvier");
    const [campaign] = store.campaigns.list(tenant().id);
    expect(campaign).toMatchObject({ status: "scheduled", recipients: audience.recipients, cost });
    expect(store.ledger.balance(tenant().id)).toBe(balance - cost);
    expect(await row.getByRole("link", { name: /ouverts/ }).getAttribute("href")).toBe(
      `#/crm?campaign=${campaign?.id}&campaignEvent=opened`,
    );
    expect(await seriousViolations(page)).toEqual([]);

    // Cancelled while it has not started: refunded, and the list says so live.
    await row.getByRole("button", { name: /^Annuler/ }).click();
    await page
      .getByRole("dialog", { name: /Confirmer l'action n°\d+/ })
      .getByRole("button", { name: "Confirmer", exact: true })
      .click();
    await expect.poll(() => row.locator(".crea-status").textContent()).toBe("annulée");
    expect(store.ledger.balance(tenant().id)).toBe(balance);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("stays usable on a phone: one column, no sideways scroll, nothing serious for axe", async () => {
    const { page, errors } = await open("#/crea/modele/routine-beaute", { width: 360, height: 780 });
    await expect.poll(() => previewText(page), { timeout: 30_000 }).toContain("Votre routine beauté");
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${ui.server.running.url}/#/crea/campagnes`);
    await page.locator(".crea-campaigns tbody tr").first().waitFor();
    expect(
      await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth"),
    ).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
