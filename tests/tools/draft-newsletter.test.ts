import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import type { Mode } from "../../src/domain/index.js";
import { messages } from "../../src/store/schema.js";
import { turnContext } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let world: ReturnType<typeof setup>;

function setup(t: TestStore) {
  const { tenant, scope, owner } = makeTenant(t.store, "atelier", {
    name: "Atelier Lumière",
    vertical: "b2b",
    plan: "standard",
  });
  const create = (input: Parameters<typeof t.store.leads.create>[1]) => t.store.leads.create(scope, input);
  const dupont = create({
    firstName: "Jean",
    lastName: "Dupont",
    company: "Dupont & Fils",
    email: "jean@dupont.fr",
    phone: "06 12 34 56 78",
    heat: "chaud",
    fields: { secteur_b2b: "BTP" },
    consent: { email: true, whatsapp: true },
  });
  const martin = create({
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@martin.fr",
    heat: "chaud",
    consent: { email: true },
  });
  const optedOut = create({
    firstName: "Paul",
    lastName: "Durand",
    email: "paul@durand.fr",
    heat: "chaud",
    consent: { email: true },
  });
  t.store.leads.setConsent(scope, optedOut.id, "email", "opt_out");
  create({
    firstName: "Léa",
    lastName: "Petit",
    phone: "0698765432",
    heat: "chaud",
    consent: { email: true },
  });
  create({ firstName: "Marc", lastName: "Blanc", email: "marc@blanc.fr", heat: "froid", tags: ["vip"] });
  const stranger = makeTenant(t.store, "ailleurs", { vertical: "b2b" });
  t.store.leads.create(stranger.scope, {
    firstName: "Zoé",
    lastName: "Autre",
    email: "zoe@autre.fr",
    heat: "chaud",
    consent: { email: true },
  });
  t.store.ledger.summary(tenant.id);
  return { tenant, owner, dupont, martin };
}

const ctxFor = (mode: Mode): GateContext => ({ ...turnContext(t.store, world.tenant.id, world.owner), mode });
const storedMessages = () =>
  t.store.ctx.db.select().from(messages).where(eq(messages.tenantId, world.tenant.id)).all();
const balance = () => t.store.ledger.balance(world.tenant.id);

beforeEach(() => {
  t = testStore();
  world = setup(t);
});
afterEach(() => t.cleanup());

describe("draft_newsletter", () => {
  it("Conseil only suggests it: nothing is stored, nothing debited", async () => {
    const out = await callTool(ctxFor("conseil"), "draft_newsletter", { template: "annonce-produit" });
    expect(out).toMatchObject({ kind: "suggested", cost: 10 });
    expect(out.message).toContain("Newsletter « Annonce produit » (e-mail) pour tous les leads");
    expect(storedMessages()).toEqual([]);
    expect(balance()).toBe(100);
  });

  it("Assisté: waits for a confirmation at 10 tokens, and stores the draft only once confirmed", async () => {
    const ctx = ctxFor("assiste");
    const out = await callTool(ctx, "draft_newsletter", {
      template: "routine-beaute",
      segment: { heat: "chaud" },
    });
    if (out.kind !== "pending") throw new Error(`expected pending, got ${out.kind}`);
    expect(out.action).toMatchObject({ cost: 10, balanceAfter: 90 });
    expect(out.action.preview).toBe(
      "Préparer le brouillon Newsletter « Routine beauté » (e-mail) pour leads chauds — rien ne sera envoyé",
    );
    expect(storedMessages()).toEqual([]);
    expect(balance()).toBe(100);

    const done = await confirmPending(ctx, out.action.id);
    expect(done).toMatchObject({ kind: "executed", cost: 10, balance: 90 });
    const [draft] = storedMessages();
    expect(storedMessages()).toHaveLength(1);
    expect(draft).toMatchObject({ status: "draft", template: "routine-beaute", segment: { heat: "chaud" } });
  });

  it("Auto: stores one e-mail draft with its merge fields in place, counts who may receive it, sends nothing", async () => {
    const out = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "annonce-produit",
      intro: "Notre atelier fête ses 10 ans <3",
      segment: { heat: "chaud" },
    });
    if (out.kind !== "executed") throw new Error(out.message);
    expect(out).toMatchObject({ cost: 10, balance: 90 });
    const rows = storedMessages();
    expect(rows).toHaveLength(1);
    const draft = rows[0];
    expect(draft).toMatchObject({
      channel: "email",
      direction: "out",
      status: "draft",
      template: "annonce-produit",
      subject: "Nouveauté : découvrez [Nom du produit]",
      leadId: null,
      segment: { heat: "chaud" },
      sentAt: null,
    });
    expect(draft?.bodyHtml).toContain("Bonjour {{nom}},");
    expect(draft?.bodyHtml).toContain("[Votre image ici]");
    expect(draft?.bodyHtml).toContain("Notre atelier fête ses 10 ans &lt;3</p>");
    expect(draft?.bodyHtml).toContain("À très bientôt,<br>Atelier Lumière</p>");
    expect(draft?.bodyHtml).not.toContain("<!-- intro -->");
    expect(draft?.bodyText).toContain("Bonjour {{nom}},\n\nNotre atelier fête ses 10 ans <3");
    expect(draft?.bodyText).toContain("Découvrir la nouveauté ([Votre lien ici])");
    expect(draft?.bodyText).not.toMatch(/<[a-z/]|Votre image ici/);

    // Four hot leads: Dupont and Martin have opted in; Durand opted out; Petit has no e-mail.
    expect(out.data).toMatchObject({ messageId: draft?.id, recipients: 2, excluded: 2, channel: "email" });
    expect(out.message).toMatch(
      new RegExp(
        `^Brouillon n°${draft?.id} enregistré .* pour 2 destinataires, segment : leads chauds \\(2 leads du segment exclus`,
      ),
    );
    expect(out.message).toContain("Rien n'a été envoyé");
    const preview = (out.data as { preview: { leadId: number; html: string } }).preview;
    expect(preview.leadId).toBe(world.dupont.id);
    expect(preview.html).toContain("Bonjour Jean Dupont,");
    expect(preview.html).not.toContain("{{");

    const outbox = storedMessages().filter((m) => m.status !== "draft");
    expect(outbox).toEqual([]);
    expect(t.store.activities.list(world.tenant.id, world.dupont.id)).toEqual([]);
  });

  it("takes the channel from the template and counts WhatsApp opt-ins for a WhatsApp template", async () => {
    const out = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "remerciement-whatsapp",
      subject: "Merci !",
    });
    expect(out).toMatchObject({
      kind: "executed",
      data: { channel: "whatsapp", recipients: 1, excluded: 4 },
    });
    expect(storedMessages()[0]).toMatchObject({ channel: "whatsapp", subject: "Merci !", segment: {} });
  });

  it("filters the segment like a search: status, tags and text", async () => {
    const out = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "relance-devis-j3",
      segment: { tag: "VIP", status: "nouveau" },
    });
    expect(out.kind).toBe("unavailable");
    expect(out.message).toMatch(
      /^Aucun destinataire joignable par e-mail dans le segment \(statut Nouveau, tag vip\) : 1 lead trouvé, mais.*opt-in/,
    );
    const byText = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "relance-devis-j3",
      segment: { text: "martin" },
    });
    expect(byText).toMatchObject({ kind: "executed", data: { recipients: 1, excluded: 0 } });
  });

  it("refuses an empty segment readably, before anything is paid", async () => {
    const out = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "annonce-produit",
      segment: { heat: "tiede" },
    });
    expect(out).toMatchObject({ kind: "unavailable" });
    expect(out.message).toBe("Aucun lead ne correspond au segment (leads tièdes) : aucun brouillon préparé.");
    expect(storedMessages()).toEqual([]);
    expect(t.store.ledger.balance(world.tenant.id)).toBe(100);
  });

  it("refuses a status outside the pipeline and an unknown filter, never debited", async () => {
    const badStatus = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "annonce-produit",
      segment: { status: "galaxie" },
    });
    expect(badStatus).toMatchObject({ kind: "unavailable" });
    expect(badStatus.message).toMatch(/Statut « galaxie » inconnu.*Statuts permis/);
    const unknown = await callTool(ctxFor("auto"), "draft_newsletter", {
      template: "annonce-produit",
      segment: { city: "Lyon" },
    });
    expect(unknown.kind).toBe("invalid");
    expect(unknown.message).toMatch(/segment/);
    const noTemplate = await callTool(ctxFor("auto"), "draft_newsletter", { template: "soldes" });
    expect(noTemplate.kind).toBe("invalid");
    expect(storedMessages()).toEqual([]);
    expect(t.store.ledger.entries(world.tenant.id, 100).filter((e) => e.kind === "debit")).toHaveLength(0);
  });
});
