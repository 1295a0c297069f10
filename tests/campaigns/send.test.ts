// A campaign end to end over real protocols: planned through the gate, started by the server's
// campaign loop, sent through the tenant's mailbox to a loopback SMTP sink — consenting recipients
// only, each once, with its merge fields, its links through our redirect, the pixel, its Message-ID
// and List-Unsubscribe — then opened and clicked over real HTTP, recorded per recipient and visible in
// the store's figures, the CRM's lead search and the lead's timeline (once). Forged tokens and link
// indexes go nowhere. Bounces, retries, a consent withdrawn before the send and a campaign that fails
// whole (refunded and told) too.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emailChannel } from "../../channels/email/index.js";
import { callTool } from "../../src/agent/gate.js";
import { parseConfig } from "../../src/config.js";
import { type Running, serve } from "../../src/main.js";
import type { Scope } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";
import { type TestStore, testStore } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";
import { BODY, campaignWorld, TAG } from "./world.js";

const FROM = "contact@shop.test";
const PUBLIC_URL = "https://max.example.fr";
const DAY = { from: new Date("2026-11-16T00:00:00Z"), to: new Date("2026-11-17T00:00:00Z") };

let t: TestStore;
let sink: SmtpSink;
let server: Running | undefined;

beforeEach(async () => {
  t = testStore("2026-11-16T10:00:00Z");
  sink = await startSmtpSink(FROM, "secret");
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await sink.close();
  t.cleanup();
});

const start = async () => {
  const config = parseConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    MAX_PUBLIC_URL: PUBLIC_URL,
    MAX_IMAP_POLL_MS: "600000",
    MAX_CAMPAIGN_RATE: "100",
  });
  server = await serve(config, t.store, [emailChannel]);
  return server;
};

function world(reachable: number) {
  const w = campaignWorld(t.store, "shop", reachable, { smtpUrl: sink.url, from: FROM });
  return { ...w, ctx: turnContext(t.store, w.tenant.id, w.owner) };
}

async function plan(ctx: ReturnType<typeof world>["ctx"]): Promise<number> {
  const outcome = await callTool(ctx, "schedule_campaign", {
    name: "Offre de novembre",
    subject: "Notre offre, {{nom}}",
    html: BODY,
    segment: { tag: TAG },
    at: "2026-11-16T10:00:00Z",
  });
  if (outcome.kind !== "executed") throw new Error(outcome.message);
  return (outcome.data as { campaignId: number }).campaignId;
}

const unfolded = (raw: string) => raw.replace(/\r?\n[ \t]+/g, " ");
const status = (scope: Scope, id: number) => t.store.campaigns.get(scope.tenantId, id)?.status;
/** The tracking URL of a mail, on the test server instead of the public address. */
const local = (url: string) => url.replace(PUBLIC_URL, server?.url ?? "");

describe("a campaign of 50 recipients", () => {
  it("is sent once to each consenting recipient with merge fields, tracked links, the pixel and List-Unsubscribe; opens and clicks are recorded", async () => {
    const { ctx, scope, tenant, leads, excluded } = world(50);
    const id = await plan(ctx);
    const running = await start();
    await waitFor(() => status(scope, id) === "sent", { timeoutMs: 30_000, what: "la fin de la campagne" });

    // Each consenting lead exactly once; nobody excluded.
    const perAddress = new Map<string, number>();
    for (const mail of sink.mails)
      for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(sink.mails).toHaveLength(50);
    expect([...perAddress.keys()].sort()).toEqual(leads.map((l) => l.email).sort());
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    for (const lead of excluded) expect(perAddress.has(lead.email ?? "none")).toBe(false);

    // One recipient's mail, read as the sink got it.
    const lead = leads[7];
    const mail = sink.mails.find((m) => m.to[0] === lead?.email);
    const recipient = t.store.campaigns
      .recipients(tenant.id, id, { limit: 100 })
      .recipients.find((r) => r.leadId === lead?.id);
    if (!mail || !lead || !recipient) throw new Error("mail or recipient missing");
    const html = String(mail.parsed.html);
    const token = /\/t\/open\?r=([\w-]{43})"/.exec(html)?.[1] ?? "";
    expect(mail.parsed.subject).toBe("Notre offre, Prénom7 Nom7");
    expect(mail.parsed.from?.value[0]?.address).toBe(FROM);
    expect(html).toContain("Bonjour Prénom7 Nom7, de la part de Société 7.");
    expect(html).toContain(`<img src="${PUBLIC_URL}/t/open?r=${token}" width="1" height="1" alt="">`);
    expect(html).toContain(`href="${PUBLIC_URL}/t/click?r=${token}&amp;l=0"`);
    expect(html).toContain(`href="${PUBLIC_URL}/t/click?r=${token}&amp;l=1"`);
    expect(html).toContain('href="mailto:contact@shop.example"');
    expect(html).not.toContain('href="https://shop.example');
    expect(mail.parsed.text).toContain(`${PUBLIC_URL}/t/click?r=${token}&l=0`);
    expect(mail.parsed.messageId).toMatch(new RegExp(`^<campaign-${id}-[0-9a-f-]{36}@shop\\.test>$`));
    const headers = unfolded(mail.raw);
    expect(headers).toMatch(
      /^List-Unsubscribe: <https:\/\/max\.example\.fr\/email\/unsubscribe\?token=[\w-]{43}>, <mailto:contact@shop\.test\?subject=unsubscribe>\r?$/m,
    );
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(recipient).toMatchObject({ status: "sent", name: "Prénom7 Nom7", email: lead.email, attempts: 1 });

    // The pixel, over real HTTP.
    const open = await fetch(local(`${PUBLIC_URL}/t/open?r=${token}`));
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toBe("image/gif");
    expect(open.headers.get("cache-control")).toContain("no-store");
    expect((await open.arrayBuffer()).byteLength).toBe(43);
    // A click goes to the campaign's own link, and only there.
    const click = await fetch(local(`${PUBLIC_URL}/t/click?r=${token}&l=0`), { redirect: "manual" });
    expect(click.status).toBe(302);
    expect(click.headers.get("location")).toBe("https://shop.example/offre?x=1&y=2");
    for (const forged of [
      `/t/click?r=${token}&l=2`,
      `/t/click?r=${token}&l=-1`,
      `/t/click?r=${token}&l=https://evil.example`,
      `/t/click?r=${"x".repeat(43)}&l=0`,
      "/t/click?r=&l=0",
    ]) {
      const refused = await fetch(`${running.url}${forged}`, { redirect: "manual" });
      expect(refused.status).toBe(404);
      expect(refused.headers.get("location")).toBeNull();
      expect(await refused.text()).toContain("Ce lien n'est pas valide ou n'existe plus.");
    }
    // Two more opens: counted, not a timeline entry each.
    await fetch(local(`${PUBLIC_URL}/t/open?r=${token}`));
    await fetch(local(`${PUBLIC_URL}/t/open?r=${token}`));
    await fetch(`${running.url}/t/open?r=${"y".repeat(43)}`);

    const stats = await waitFor(
      () => {
        const s = t.store.campaigns.stats(tenant.id, DAY);
        return (
          s.opened === 1 && s.clicked === 1 && t.store.campaigns.perCampaign(tenant.id, id).opens === 3 && s
        );
      },
      { what: "les ouvertures et le clic enregistrés" },
    );
    expect(stats).toEqual({ created: 1, sent: 50, opened: 1, clicked: 1, bounced: 0, failed: 0, queued: 0 });
    expect(t.store.campaigns.perCampaign(tenant.id, id)).toMatchObject({
      total: 50,
      sent: 50,
      opened: 1,
      clicked: 1,
      opens: 3,
      clicks: 1,
    });
    const campaign = t.store.campaigns.get(tenant.id, id);
    expect(campaign).toMatchObject({ status: "sent", recipients: 50, excluded: 3, error: null });

    // The CRM lists who opened, clicked, received.
    const who = (event: "sent" | "opened" | "clicked" | "bounced") =>
      t.store.leads.search(tenant.id, { campaign: { id, event }, limit: 100 }, { exactTotal: true });
    expect(who("opened").leads.map((l) => l.id)).toEqual([lead.id]);
    expect(who("clicked").leads.map((l) => l.id)).toEqual([lead.id]);
    expect(who("sent").total).toBe(50);
    expect(who("bounced").total).toBe(0);

    // One timeline entry for the first open, one for the first click.
    const timeline = t.store.activities.list(tenant.id, lead.id, 50).filter((a) => a.kind === "campaign");
    expect(timeline.map((a) => a.body).sort()).toEqual([
      "A cliqué sur un lien de la campagne « Offre de novembre ».",
      "A ouvert l'e-mail de la campagne « Offre de novembre ».",
    ]);
  }, 60_000);
});

describe("what the SMTP server and the leads decide", () => {
  it("marks a 5xx as bounced, retries a 4xx later, skips a lead who opted out since the start, and says so in the campaign's result", async () => {
    const { ctx, scope, tenant, leads } = world(5);
    const id = await plan(ctx);
    t.store.campaigns.start(scope, id, "shop.test");
    const gone = leads[4];
    if (!gone) throw new Error("lead missing");
    t.store.leads.setConsent(scope, gone.id, "email", "opt_out");
    sink.refuseNext(550, 451);
    await start();
    await waitFor(() => t.store.campaigns.perCampaign(tenant.id, id).queued === 1, {
      what: "le 4xx remis à plus tard",
    });
    expect(status(scope, id)).toBe("sending");
    // The retry is due after the outbox's first backoff.
    t.clock.now = new Date(t.clock.now.getTime() + 2_000);
    await waitFor(() => status(scope, id) === "sent", { timeoutMs: 10_000, what: "la fin de la campagne" });
    const counts = t.store.campaigns.perCampaign(tenant.id, id);
    expect(counts).toMatchObject({ total: 5, sent: 3, bounced: 1, skipped: 1, failed: 0 });
    expect(sink.mails).toHaveLength(3);
    expect(sink.mails.some((m) => m.to.includes(gone.email ?? ""))).toBe(false);
    expect(t.store.campaigns.get(tenant.id, id)?.error).toBe(
      "Envoi partiel : 3 e-mails partis, 1 rebond (adresse refusée), 1 ignoré (désinscrit ou sans accord au moment de l'envoi) sur 5 destinataires.",
    );
    const skipped = t.store.campaigns.recipients(tenant.id, id, { status: "skipped" }).recipients;
    expect(skipped).toMatchObject([{ leadId: gone.id, error: expect.stringContaining("désinscription") }]);
    const retried = t.store.campaigns
      .recipients(tenant.id, id, { status: "sent" })
      .recipients.find((r) => r.attempts === 2);
    expect(retried).toBeDefined();
  }, 30_000);

  it("fails whole when every mail is refused: refunded once and the planner told", async () => {
    const { ctx, scope, tenant, owner } = world(3);
    const before = t.store.ledger.balance(tenant.id);
    const id = await plan(ctx);
    sink.refuseNext(550, 550, 550);
    await start();
    await waitFor(() => status(scope, id) === "failed", {
      timeoutMs: 10_000,
      what: "l'échec de la campagne",
    });
    expect(t.store.ledger.balance(tenant.id)).toBe(before);
    const told = t.store.ctx.sqlite
      .prepare(
        "select body_text as text from messages where tenant_id = ? and direction = 'out' and lead_id is null",
      )
      .all(tenant.id) as Array<{ text: string }>;
    expect(told.map((m) => m.text)).toEqual([
      "❌ La campagne « Offre de novembre » n'est pas partie : Aucun e-mail n'est parti : 3 rebonds (adresses refusées) sur 3 destinataires. 2 jetons remboursés.",
    ]);
    expect(owner.id).toBeGreaterThan(0);
  }, 30_000);

  it("fails a campaign whose tenant has no mailbox when it is due: refunded and told", async () => {
    const w = campaignWorld(t.store, "sans-boite", 2, { mailbox: false });
    const debit = t.store.ledger.debit(w.scope, { action: "email_campaign", amount: 2 });
    if (!debit.ok) throw new Error("debit refused");
    const before = t.store.ledger.balance(w.tenant.id);
    const campaign = t.store.campaigns.create(w.scope, {
      name: "Sans boîte",
      subject: "Bonjour",
      bodyHtml: "<p>Bonjour</p>",
      bodyText: "Bonjour",
      links: [],
      segment: { tag: [TAG] },
      scheduledAt: t.clock.now,
      recipients: 2,
      excluded: 3,
      debitId: debit.entry.id,
      createdBy: w.owner.id,
    });
    expect(campaign.cost).toBe(2);
    await start();
    await waitFor(() => status(w.scope, campaign.id) === "failed", { what: "l'échec de la campagne" });
    expect(t.store.campaigns.get(w.tenant.id, campaign.id)?.error).toBe(
      "aucune boîte e-mail n'était reliée au compte à l'heure de l'envoi",
    );
    expect(t.store.ledger.balance(w.tenant.id)).toBe(before + 2);
    expect(t.store.campaigns.perCampaign(w.tenant.id, campaign.id).total).toBe(0);
    expect(sink.mails).toHaveLength(0);
  }, 30_000);
});
