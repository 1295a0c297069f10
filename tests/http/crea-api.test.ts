// The Espace Créa's API over real HTTP on the seeded demo: the templates (M.A.X.'s five, the tenant's
// own, the drafts made in chat), saving with an unknown merge field refused before anything is
// written, images checked from their bytes and served from /media/ with nosniff (only known names),
// the preview merged with a real lead's data in its own sandboxed frame, the free test e-mail queued
// to the user's own address, and the audience of a campaign counted before anything is confirmed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "../../channels/web/session.js";
import { campaignUnits, costOf, renderMergeFields } from "../../src/domain/index.js";
import type { Tenant, User } from "../../src/store/index.js";
import { loadTemplate, TEMPLATE_IDS } from "../../tools/newsletter-templates.js";
import { apiClient, type DashboardServer, demoToken, startDashboard } from "../helpers/dashboard.js";

// A 1×1 PNG and a 1×1 GIF, byte for byte.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
);
// The start of a Windows program, sent as if it were a PNG.
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0"), Buffer.alloc(200)]);

let server: DashboardServer;
let api: ReturnType<typeof apiClient>;
let token: string;
let tenant: Tenant;
let owner: User;

const store = () => server.t.store;
const url = (path: string) => `${server.running.url}${path}`;

async function uploadImage(bytes: Buffer, type: string, as = token) {
  const res = await fetch(url("/api/crea/images"), {
    method: "POST",
    headers: { "content-type": type, authorization: `Bearer ${as}` },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Runs a tool through the gate as the page does, confirming its card (the demo is in Assisté). */
async function act(tool: string, args: Record<string, unknown>) {
  const asked = await api("POST", "/api/actions", { tool, args });
  if (asked.body.kind !== "pending") return asked.body;
  const { actionId } = asked.body.card as { actionId: number };
  return (await api("POST", "/api/actions/decide", { actionId, decision: "confirm" })).body;
}

beforeAll(async () => {
  server = await startDashboard();
  token = await demoToken(server.running.url);
  api = apiClient(server.running.url, token);
  const found = store().tenants.getBySlug("demo-coaching");
  const user = found && store().users.owner(found.id);
  if (!found || !user) throw new Error("demo-coaching is not seeded");
  tenant = found;
  owner = user;
}, 60_000);

afterAll(async () => server?.close());

describe("the Créa routes", () => {
  it("refuse without a session, in French; the public frame and media answer 404 to unknown keys", async () => {
    const anonymous = apiClient(server.running.url);
    for (const [method, path] of [
      ["GET", "/api/crea/templates"],
      ["GET", "/api/crea/template?kind=file&id=annonce-produit"],
      ["POST", "/api/crea/templates"],
      ["POST", "/api/crea/drafts"],
      ["POST", "/api/crea/preview"],
      ["POST", "/api/crea/test-send"],
      ["GET", "/api/crea/audience"],
      ["GET", "/api/crea/campaigns"],
    ] as const) {
      expect(await anonymous(method, path, method === "POST" ? {} : undefined)).toEqual({
        status: 401,
        body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
      });
    }
    expect((await uploadImage(PNG, "image/png", "nope")).status).toBe(401);
    expect((await fetch(url("/crea/preview?key=nope"))).status).toBe(404);
  });
});

describe("templates and drafts", () => {
  it("lists M.A.X.'s five templates with their title and channel, and the drafts made in chat", async () => {
    const drafted = await act("draft_newsletter", {
      template: "routine-beaute",
      intro: "Notre routine d'hiver.",
    });
    expect(drafted.kind).toBe("executed");
    const { messageId } = drafted.data as { messageId: number };

    const { status, body } = await api("GET", "/api/crea/templates");
    expect(status).toBe(200);
    expect(body.files).toEqual(
      TEMPLATE_IDS.map((id) => {
        const t = loadTemplate(id);
        return {
          id,
          title: t.title,
          subject: t.subject,
          channel: t.channel,
          channelLabel: t.channel === "email" ? "e-mail" : "WhatsApp",
        };
      }),
    );
    expect(body.own).toEqual([]);
    const drafts = body.drafts as Array<Record<string, unknown>>;
    expect(drafts[0]).toMatchObject({
      id: messageId,
      template: "routine-beaute",
      templateTitle: loadTemplate("routine-beaute").title,
      channelLabel: "e-mail",
      segment: "tous les leads",
    });

    const opened = await api("GET", `/api/crea/template?kind=draft&id=${messageId}`);
    expect(opened.status).toBe(200);
    expect(opened.body.html).toBe(store().messages.get(tenant.id, messageId)?.bodyHtml);
    expect(opened.body.html).toContain("Notre routine d&#39;hiver.");
  });

  it("opens a file template with the business's signature, its merge fields and the image placeholder", async () => {
    const { status, body } = await api("GET", "/api/crea/template?kind=file&id=annonce-produit");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      kind: "file",
      title: loadTemplate("annonce-produit").title,
      subject: loadTemplate("annonce-produit").subject,
      mergeFields: ["nom", "entreprise", "secteur"],
      imagePlaceholder: "[Votre image ici]",
    });
    expect(body.html).toContain(tenant.name);
    expect(body.html).not.toContain("<!-- signature -->");
    expect(body.html).toContain("[Votre image ici]");
    expect(body.html).toContain("{{nom}}");
    expect((await api("GET", "/api/crea/template?kind=file&id=inconnu")).status).toBe(400);
    expect((await api("GET", "/api/crea/template?kind=own&id=999")).body).toMatchObject({
      error: "not_found",
    });
  });

  it("saves an own template, updates it, refuses a name taken and a body with an unknown merge field", async () => {
    const html = "<p>Bonjour {{nom}}, de la part de {{entreprise}}.</p>";
    const created = await api("POST", "/api/crea/templates", {
      name: "Relance  hiver",
      subject: "Votre séance d'hiver",
      html,
      basedOn: "annonce-produit",
    });
    expect(created.status).toBe(201);
    const id = (created.body.template as { id: number }).id;
    expect(store().creaTemplates.get(tenant.id, id)).toMatchObject({
      name: "Relance hiver",
      subject: "Votre séance d'hiver",
      bodyHtml: html,
      basedOn: "annonce-produit",
      createdBy: owner.id,
    });

    const updated = await api("POST", "/api/crea/templates", {
      id,
      name: "Relance hiver",
      subject: "Objet 2",
      html,
    });
    expect(updated.status).toBe(200);
    expect(store().creaTemplates.get(tenant.id, id)?.subject).toBe("Objet 2");

    const taken = await api("POST", "/api/crea/templates", { name: "relance HIVER", subject: "x", html });
    expect(taken).toEqual({
      status: 409,
      body: {
        error: "conflict",
        message: "Vous avez déjà un modèle nommé « Relance hiver » : choisissez un autre nom.",
      },
    });

    const before = store().creaTemplates.list(tenant.id);
    const unknown = await api("POST", "/api/crea/templates", {
      name: "Avec faute",
      subject: "x",
      html: "<p>Bonjour {{prenom}} {{ nom }}, {{societe}}</p>",
    });
    expect(unknown).toEqual({
      status: 400,
      body: {
        error: "invalid_request",
        message:
          "Champs de fusion inconnus : {{prenom}}, {{societe}}. Champs possibles : {{nom}}, {{entreprise}}, {{secteur}}.",
      },
    });
    const update = await api("POST", "/api/crea/templates", {
      id,
      name: "Relance hiver",
      subject: "y",
      html: "{{prenom}}",
    });
    expect(update.status).toBe(400);
    expect(store().creaTemplates.list(tenant.id)).toEqual(before);

    const listed = await api("GET", "/api/crea/templates");
    expect(listed.body.own).toMatchObject([
      { id, name: "Relance hiver", subject: "Objet 2", basedOn: "annonce-produit" },
    ]);

    expect((await api("POST", "/api/crea/templates/delete", { id })).status).toBe(200);
    expect(store().creaTemplates.get(tenant.id, id)).toBeUndefined();
    expect((await api("POST", "/api/crea/templates/delete", { id })).status).toBe(404);
  });

  it("updates a draft's subject and body (and its text part), refusing an unknown merge field", async () => {
    const drafted = await act("draft_newsletter", { template: "annonce-produit" });
    const { messageId } = drafted.data as { messageId: number };
    const html = "<h1>Nouveauté</h1><p>Bonjour {{nom}}, [Votre image ici]</p>";
    const saved = await api("POST", "/api/crea/drafts", {
      id: messageId,
      subject: "Le nouveau produit",
      html,
    });
    expect(saved.status).toBe(200);
    const draft = store().messages.get(tenant.id, messageId);
    expect(draft).toMatchObject({ status: "draft", subject: "Le nouveau produit", bodyHtml: html });
    expect(draft?.bodyText).toBe("Nouveauté\n\nBonjour {{nom}},");

    const refused = await api("POST", "/api/crea/drafts", {
      id: messageId,
      subject: "x",
      html: "{{prénom}}",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("{{prénom}}");
    expect(store().messages.get(tenant.id, messageId)?.subject).toBe("Le nouveau produit");
    // A message that is no draft (a reply sent) is not edited here.
    const sent = store().messages.create(
      { tenantId: tenant.id, actor: "test" },
      {
        channel: "email",
        direction: "out",
        status: "sent",
        bodyText: "x",
        bodyHtml: "<p>x</p>",
        recipient: "a@b.fr",
      },
    );
    expect(
      (await api("POST", "/api/crea/drafts", { id: sent.id, subject: "x", html: "<p>y</p>" })).status,
    ).toBe(409);
  });
});

describe("images", () => {
  it("keeps a PNG under a random name and serves it from /media/ with its type, nosniff and a long cache", async () => {
    const { status, body } = await uploadImage(PNG, "image/png");
    expect(status).toBe(201);
    expect(body).toMatchObject({ mime: "image/png", bytes: PNG.length, width: 1, height: 1 });
    expect(body.name).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(body.url).toBe(`/media/${body.name}`);
    expect(store().uploads.byName(body.name as string)).toMatchObject({
      tenantId: tenant.id,
      createdBy: owner.id,
    });

    const res = await fetch(url(body.url as string));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toContain("max-age=31536000");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    // Its type comes from the bytes: a GIF labelled PNG is a GIF.
    const gif = await uploadImage(GIF, "image/png");
    expect(gif.body).toMatchObject({ mime: "image/gif" });
    expect(gif.body.name).toMatch(/\.gif$/);
  });

  it("refuses an SVG, a program renamed as an image, an empty body and an image over 2 Mo, in French", async () => {
    const svg = await uploadImage(SVG, "image/svg+xml");
    expect(svg.status).toBe(415);
    expect(svg.body.message).toBe(
      "Fichier refusé : c'est une image SVG (refusée : elle peut contenir du code). Envoyez une image PNG, JPEG, GIF ou WebP.",
    );
    const exe = await uploadImage(EXE, "image/png");
    expect(exe.status).toBe(415);
    expect(exe.body.message).toBe(
      "Fichier refusé : c'est un fichier EXE. Envoyez une image PNG, JPEG, GIF ou WebP.",
    );
    expect((await uploadImage(Buffer.alloc(0), "image/png")).status).toBe(400);

    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + 1 - PNG.length)]);
    const tooBig = await uploadImage(big, "image/png");
    expect(tooBig).toEqual({
      status: 413,
      body: {
        error: "too_large",
        message: "Image trop lourde : 2 Mo au plus. Réduisez-la (ou exportez-la en JPEG) et réessayez.",
      },
    });
    // Exactly 2 Mo is accepted.
    expect((await uploadImage(big.subarray(0, 2 * 1024 * 1024), "image/png")).status).toBe(201);
  });

  it("serves only names the uploads table knows", async () => {
    for (const path of [
      "/media/0123456789abcdef0123456789abcdef.png",
      "/media/",
      "/media/..%2Fmax.db",
      "/media/../max.db",
      "/media/max.db",
    ]) {
      expect((await fetch(url(path))).status, path).toBe(404);
    }
  });
});

describe("the preview", () => {
  it("renders the body as sent, merged with a real lead's data, in a sandboxed frame of its own", async () => {
    const lead = store().leads.search(tenant.id, { text: "", limit: 1 }).leads[0];
    if (!lead) throw new Error("no lead");
    const html =
      '<p style="color:#b5651d">Bonjour {{nom}} ({{entreprise}})</p><script>alert(1)</script><img src="/media/x.png" alt="">';
    const { status, body } = await api("POST", "/api/crea/preview", { html, leadId: lead.id });
    expect(status).toBe(200);
    expect(body).toMatchObject({ unknownFields: [], refusal: null, lead: { id: lead.id, name: lead.name } });

    const frame = await fetch(url(body.url as string));
    expect(frame.status).toBe(200);
    const csp = frame.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("sandbox");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    const text = await frame.text();
    expect(text).toContain(renderMergeFields("Bonjour {{nom}} ({{entreprise}})", lead));
    expect(text).toContain('style="color:#b5651d"');
    expect(text).not.toContain("<script");

    const flagged = await api("POST", "/api/crea/preview", { html: "<p>{{prenom}}</p>" });
    expect(flagged.body).toMatchObject({
      unknownFields: ["prenom"],
      refusal:
        "Champ de fusion inconnu : {{prenom}}. Champs possibles : {{nom}}, {{entreprise}}, {{secteur}}.",
      lead: null,
    });
    const frameText = await (await fetch(url(flagged.body.url as string))).text();
    expect(frameText).toContain("{{prenom}}");

    expect((await api("POST", "/api/crea/preview", { html, leadId: 999_999 })).status).toBe(404);
  });
});

describe("the test e-mail to oneself", () => {
  const body = {
    subject: "Nos ateliers",
    html: '<p>Bonjour {{nom}}</p><img src="/media/abc.png" alt="Atelier">',
  };

  it("is refused, in French, while the tenant has no mailbox", async () => {
    const answer = await api("POST", "/api/crea/test-send", body);
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(
      /^Test impossible : Aucune boîte e-mail n'est reliée à Sophie Martin Coaching/,
    );
  });

  it("queues ONE free e-mail to the user's own e-mail identity, subject « [Test] », said « mis en file »", async () => {
    store().emailAccounts.set(
      { tenantId: tenant.id, actor: "test" },
      {
        smtpUrl: "smtp://u:p@127.0.0.1:1",
        imapUrl: "imap://u:p@127.0.0.1:1/INBOX",
        fromAddress: "contact@demo.fr",
      },
    );
    store().users.addIdentity(
      { tenantId: tenant.id, actor: "test" },
      owner.id,
      "email",
      "sophie.perso@example.fr",
    );
    const balance = store().ledger.balance(tenant.id);
    const answer = await api("POST", "/api/crea/test-send", body);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      to: "sophie.perso@example.fr",
      cost: 0,
      message:
        "E-mail de test mis en file pour sophie.perso@example.fr : il part dans un instant. Gratuit, aucun jeton débité.",
    });
    const message = store().messages.get(tenant.id, answer.body.messageId as number);
    expect(message).toMatchObject({
      channel: "email",
      direction: "out",
      status: expect.stringMatching(/^(queued|sending|failed)$/),
      recipient: "sophie.perso@example.fr",
      subject: "[Test] Nos ateliers",
      leadId: null,
    });
    expect(message?.bodyHtml).toContain("Bonjour Madame, Monsieur");
    expect(message?.bodyHtml).toContain(`src="${server.running.url.replace(/:\d+$/, ":0")}/media/abc.png"`);
    expect(store().ledger.balance(tenant.id)).toBe(balance);

    const unknown = await api("POST", "/api/crea/test-send", { ...body, html: "{{prenom}}" });
    expect(unknown.status).toBe(400);
  });

  it("tells a user with no address of their own how to get one", async () => {
    const scope = { tenantId: tenant.id, actor: "test" };
    const member = store().users.create(scope, { name: "Sans Adresse", role: "member" });
    const asMember = apiClient(server.running.url, openSession(store(), tenant, member));
    const answer = await asMember("POST", "/api/crea/test-send", body);
    expect(answer).toEqual({
      status: 409,
      body: {
        error: "unavailable",
        message:
          "Test impossible : aucune adresse e-mail n'est liée à votre compte. Demandez à un administrateur de la renseigner.",
      },
    });
  });
});

describe("a campaign's audience and the campaigns", () => {
  it("counts recipients and excluded ones before anything is confirmed, with the cost and tomorrow 9 h", async () => {
    const statuses = ["pre_qualif", "appel_planifie"];
    const answer = await api("GET", `/api/crea/audience?status=${statuses[0]}&status=${statuses[1]}`);
    expect(answer.status).toBe(200);
    const expected = store().campaigns.audience(tenant.id, { status: statuses });
    expect(expected.matched).toBeGreaterThan(0);
    expect(answer.body).toMatchObject({
      segment: { status: statuses },
      ...expected,
      cost: campaignUnits(expected.recipients) * costOf("email_campaign"),
      timezone: "Europe/Paris",
      // The test store's clock stands at 2026-11-16T10:00Z.
      moment: {
        date: "2026-11-17",
        time: "09:00",
        at: "2026-11-17T09:00:00+01:00",
        atLabel: "mardi 17 novembre à 9 h",
        problem: null,
      },
    });
    const past = await api("GET", "/api/crea/audience?date=2026-11-16&time=08:00");
    expect((past.body.moment as { problem: string }).problem).toBe(
      "Ce moment est déjà passé : choisissez une date et une heure à venir.",
    );
    expect((await api("GET", "/api/crea/audience?heat=brulant")).status).toBe(400);
  });

  it("lists a campaign planned through the gate as « planifiée », with its counts", async () => {
    const audience = store().campaigns.audience(tenant.id, { heat: "chaud" });
    const planned = await act("schedule_campaign", {
      name: "Ateliers d'hiver",
      subject: "Nos ateliers",
      html: "<p>Bonjour {{nom}}</p>",
      segment: { heat: "chaud" },
      at: "2026-11-17T09:00:00+01:00",
    });
    expect(planned.kind).toBe("executed");
    const { body } = await api("GET", "/api/crea/campaigns");
    expect((body.campaigns as unknown[])[0]).toMatchObject({
      name: "Ateliers d'hiver",
      subject: "Nos ateliers",
      status: "scheduled",
      statusLabel: "planifiée",
      scheduledAt: "2026-11-17T08:00:00.000Z",
      scheduledLabel: "mardi 17 novembre à 9 h",
      recipients: audience.recipients,
      excluded: audience.excluded,
      cost: campaignUnits(audience.recipients) * costOf("email_campaign"),
      counts: { sent: 0, opened: 0, clicked: 0, bounced: 0, failed: 0 },
    });
  });
});
