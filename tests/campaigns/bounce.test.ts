// A campaign mail that bounces later: the delivery status report (DSN) lands in the tenant's mailbox,
// is parsed like any mail (channels/email/parse.ts) and handled by the one inbound handler, which marks
// the recipient whose Message-ID it quotes as bounced — once, and only in that tenant's campaigns.
import { afterEach, beforeEach, expect, it } from "vitest";
import { mailEvent } from "../../channels/email/event.js";
import { parseMail } from "../../channels/email/parse.js";
import { handleInbound } from "../../src/inbound/handle-inbound.js";
import type { Scope } from "../../src/store/index.js";
import { testRuntime } from "../helpers/runtime.js";
import { type TestStore, testStore } from "../helpers/store.js";
import { campaignWorld, TAG } from "./world.js";

let t: TestStore;
beforeEach(() => {
  t = testStore("2026-11-16T10:00:00Z");
});
afterEach(() => t.cleanup());

/** A campaign started and sent to every recipient, as the sender records it. */
function sentCampaign(scope: Scope, domain: string) {
  const campaign = t.store.campaigns.create(scope, {
    name: "Novembre",
    subject: "Offre",
    bodyHtml: "<p>Bonjour {{nom}}</p>",
    bodyText: "Bonjour",
    links: [],
    segment: { tag: [TAG] },
    scheduledAt: t.clock.now,
    recipients: 2,
    excluded: 0,
  });
  t.store.campaigns.start(scope, campaign.id, domain);
  for (const r of t.store.campaigns.claim(scope.tenantId, 10, 60_000))
    t.store.campaigns.settle(r, { status: "sent" });
  return campaign;
}

const dsn = (quoted: string) =>
  [
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.test>",
    "To: contact@shop.test",
    "Subject: Undelivered Mail Returned to Sender",
    "Message-ID: <dsn-1@mx.example.test>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain",
    "",
    "The mail could not be delivered: user unknown.",
    "--b1",
    "Content-Type: message/delivery-status",
    "",
    "Final-Recipient: rfc822; lead0@shop.test",
    "Status: 5.1.1",
    "--b1",
    "Content-Type: text/rfc822-headers",
    "",
    `Message-ID: ${quoted}`,
    "Subject: Offre",
    "--b1--",
    "",
  ].join("\r\n");

it("marks the recipient whose Message-ID a bounce report quotes as bounced, once, in its own tenant only", async () => {
  const shop = campaignWorld(t.store, "shop", 2);
  const other = campaignWorld(t.store, "other", 2);
  const campaign = sentCampaign(shop.scope, "shop.test");
  const otherCampaign = sentCampaign(other.scope, "other.test");
  const [first] = t.store.campaigns.recipients(shop.tenant.id, campaign.id).recipients;
  const messageId = (
    t.store.ctx.sqlite
      .prepare("select provider_id as id from campaign_recipients where id = ?")
      .get(first?.id) as {
      id: string;
    }
  ).id;
  const otherId = (
    t.store.ctx.sqlite
      .prepare("select provider_id as id from campaign_recipients where campaign_id = ? limit 1")
      .get(otherCampaign.id) as { id: string }
  ).id;

  const runtime = testRuntime(t.store);
  const bounceOf = async (quoted: string) => {
    const raw = Buffer.from(dsn(quoted));
    await handleInbound(runtime, mailEvent(shop.tenant.id, await parseMail(raw), raw));
  };
  await bounceOf(messageId);
  // Handled again (a retried job): nothing more changes.
  await bounceOf(messageId);
  // Another tenant's Message-ID, reported in this tenant's mailbox, bounces nobody.
  await bounceOf(otherId);

  expect(
    t.store.campaigns.recipients(shop.tenant.id, campaign.id, { status: "bounced" }).recipients,
  ).toMatchObject([
    { id: first?.id, error: "Rebond : le serveur du destinataire a renvoyé l'e-mail de la campagne." },
  ]);
  expect(t.store.campaigns.perCampaign(shop.tenant.id, campaign.id)).toMatchObject({ sent: 2, bounced: 1 });
  expect(t.store.campaigns.perCampaign(other.tenant.id, otherCampaign.id)).toMatchObject({
    sent: 2,
    bounced: 0,
  });
  const bounced = t.store.leads.search(shop.tenant.id, { campaign: { id: campaign.id, event: "bounced" } });
  expect(bounced.leads.map((l) => l.id)).toEqual([first?.leadId]);
});
