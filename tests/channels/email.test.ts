// The e-mail channel and COACH-01 end to end over real protocols: our server (serve) sends through a
// loopback SMTP sink, reads a real Dovecot over IMAP (IDLE), and runs the jobs; the store's clock is
// the test's. Also the IMAP cursor across restarts and a new UIDVALIDITY, bounces, out-of-office
// replies, unknown senders and the one-click unsubscribe endpoint.
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchNewMail } from "../../channels/email/imap.js";
import { emailChannel } from "../../channels/email/index.js";
import { callTool } from "../../src/agent/gate.js";
import { parseConfig } from "../../src/config.js";
import { INBOUND_JOB } from "../../src/inbound/accept.js";
import { runJobs } from "../../src/inbound/run-jobs.js";
import { type Running, serve } from "../../src/main.js";
import { startPrequalification } from "../../src/scenarios/prequalification/index.js";
import { type Lead, type Message, openStore, type Scope } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { type Dovecot, startDovecot } from "../helpers/dovecot.js";
import { testRuntime } from "../helpers/runtime.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";
import { settle, waitFor } from "../helpers/wait-for.js";

const FROM = "coach@example.test";
const PUBLIC_URL = "https://max.example.fr";

let dovecot: Dovecot;
let t: TestStore;
let smtp: SmtpSink;
let scope: Scope;
let lead: Lead;
let owner: ReturnType<typeof makeTenant>["owner"];

beforeAll(async () => {
  dovecot = await startDovecot(FROM, "secret");
}, 30_000);
afterAll(() => dovecot.stop());

beforeEach(async () => {
  t = testStore();
  smtp = await startSmtpSink(FROM, "secret");
  const made = makeTenant(t.store, "coach-mail", { vertical: "coaching", defaultMode: "assiste" });
  scope = made.scope;
  owner = made.owner;
  t.store.users.addIdentity(scope, owner.id, "slack", "T1:U1");
  t.store.emailAccounts.set(scope, { smtpUrl: smtp.url, imapUrl: dovecot.url, fromAddress: FROM });
  lead = t.store.leads.create(scope, {
    firstName: "Camille",
    lastName: "Roux",
    email: "camille@prospect.test",
    consent: { email: true },
    ownerId: owner.id,
  });
  await dovecot.recreate();
});

afterEach(async () => {
  await smtp.close();
  t.cleanup();
});

const account = () => ({
  tenantId: scope.tenantId,
  smtpUrl: smtp.url,
  imapUrl: dovecot.url,
  fromAddress: FROM,
});

const config = () =>
  parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_PUBLIC_URL: PUBLIC_URL, MAX_IMAP_POLL_MS: "600000" });

let seq = 0;
function mail(headers: Record<string, string>, body: string): string {
  const all = {
    From: "Camille Roux <camille@prospect.test>",
    To: FROM,
    Subject: "Re: Avant notre premier échange",
    "Message-ID": `<reply-${++seq}-${Date.now()}@prospect.test>`,
    Date: "Mon, 16 Nov 2026 12:00:00 +0100",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    ...headers,
  };
  return `${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n${body.replaceAll("\n", "\r\n")}\r\n`;
}

const inbound = (): Message[] =>
  t.store.messages.listByLead(scope.tenantId, lead.id, 100).filter((m) => m.direction === "in");
const allInbound = (): Array<{ id: number; lead_id: number | null; meta: string }> =>
  t.store.ctx.sqlite
    .prepare("select id, lead_id, meta from messages where direction = 'in' order by id")
    .all() as never;

/** One poll of the mailbox, then the worker's side: each queued mail stored, matched and handled. */
async function read(store = t.store) {
  const result = await fetchNewMail(store, account());
  const runtime = testRuntime(store);
  await runJobs(runtime, store.jobs.claimDue(60_000, 100, [INBOUND_JOB]), { handlers: runtime.handlers });
  return result;
}

/** The raw headers of a sunk mail with folded lines joined. */
const unfolded = (i: number) => (smtp.mails[i]?.raw ?? "").replace(/\r?\n[ \t]+/g, " ");

/** Sends the questions through our server and returns the Message-ID the prospect will answer. */
async function questionsSent(): Promise<string> {
  const started = startPrequalification(t.store, scope, t.store.tenants.require(scope.tenantId), lead.id, {
    channels: testRuntime(t.store).settings.channels,
  });
  if (!started.ok) throw new Error(started.error);
  await waitFor(() => smtp.mails.length === 1, { what: "l'e-mail des questions" });
  return smtp.mails[0]?.parsed.messageId ?? "";
}

describe("COACH-01 by e-mail, through the server", () => {
  let server: Running;
  beforeEach(async () => {
    server = await serve(config(), t.store, [emailChannel]);
  });
  afterEach(async () => {
    await server.close();
  });

  it("sends the questions, reads the reply over IMAP IDLE, classifies it, updates the lead and notifies the coach", async () => {
    const messageId = await questionsSent();
    const sent = smtp.mails[0];
    expect(sent?.to).toEqual(["camille@prospect.test"]);
    expect(sent?.parsed.from?.value[0]?.address).toBe(FROM);
    expect(sent?.parsed.text).toContain("Si tu pouvais changer une chose");
    expect(sent?.parsed.text).toContain("enveloppe");
    expect(sent?.parsed.html).toContain("<p");
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@example\.test>$/);
    const unsubscribe = /^List-Unsubscribe: (.*)$/im.exec(unfolded(0))?.[1]?.trim();
    expect(unsubscribe).toMatch(
      /^<https:\/\/max\.example\.fr\/email\/unsubscribe\?token=[\w-]{43}>, <mailto:coach@example\.test\?subject=unsubscribe>$/,
    );
    expect(unfolded(0).match(/^List-Unsubscribe:/gim)).toHaveLength(1);
    expect(unfolded(0)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // The sink has the mail once SMTP accepted it; the worker records "sent" just after.
    const out = await waitFor(
      () =>
        t.store.messages
          .listByLead(scope.tenantId, lead.id)
          .find((m) => m.direction === "out" && m.status !== "sending"),
      { what: "le statut final de l'envoi" },
    );
    expect(out).toMatchObject({ status: "sent", providerId: messageId });

    await dovecot.deliver([
      mail(
        {
          "In-Reply-To": messageId,
          References: messageId,
          From: "Autre Adresse <camille.perso@ailleurs.test>",
        },
        [
          "Je n'arrive pas à trouver assez de clients pour mon entreprise, je tourne en rond.",
          "Je suis prête à investir, je veux régler ça rapidement. Budget autour de 1 500 €.",
          "",
          "Le lun. 16 nov. 2026 à 10:00, Coach <coach@example.test> a écrit :",
          "> Si tu pouvais changer une chose dans ta situation actuelle, ce serait quoi ?",
        ].join("\n"),
      ),
    ]);
    const updated = await waitFor(
      () => {
        const l = t.store.leads.get(scope.tenantId, lead.id);
        return l?.fields.niveau_motivation ? l : undefined;
      },
      { what: "la classification du lead", timeoutMs: 10_000 },
    );
    expect(updated.fields).toMatchObject({
      type_coaching: "business",
      niveau_motivation: "forte",
      qualification: "a_qualifier",
      urgence_ressentie: "forte",
      budget_estime: "500–2000€",
    });
    expect(updated.fields.notes_coaching).toMatch(
      /^Pré-qualification : coaching business · motivation forte/,
    );
    const reply = inbound()[0];
    // Matched by the thread although it came from another address; the quoted history is gone.
    expect(reply?.meta).toMatchObject({
      kind: "reply",
      matchedBy: "thread",
      from: "camille.perso@ailleurs.test",
    });
    expect(reply?.bodyText).not.toContain("a écrit");
    expect([...((await dovecot.flags()).get(1) ?? [])]).toContain("\\Seen");
    expect(t.store.prequalifications.get(scope.tenantId, lead.id)?.status).toBe("answered");
    expect(t.store.jobs.list(scope.tenantId).find((j) => j.kind === "prequal.timeout")?.status).toBe(
      "cancelled",
    );
    // The coach (Slack U1) gets the summary, the next step and the suggested reply as a card.
    const notice = t.store.ctx.sqlite
      .prepare("select body_text, recipient, meta from messages where channel = 'slack'")
      .get() as { body_text: string; recipient: string; meta: string };
    expect(notice.recipient).toBe("dm:U1");
    expect(notice.body_text).toContain("Camille Roux a répondu à la pré-qualification : motivation forte.");
    expect(notice.body_text).toContain("Prochaine étape suggérée : proposer un appel découverte");
    const cards = JSON.parse(notice.meta).cards as Array<{ tool: string; actionId: number }>;
    expect(cards.map((c) => c.tool)).toEqual(["send_message"]);
    const pending = t.store.pendingActions.get(scope.tenantId, cards[0]?.actionId ?? 0);
    expect(pending).toMatchObject({ status: "pending", requesterId: owner.id, mode: "assiste" });
  });

  it("sets motivation faible when no answer comes within the timeout, and tells the coach", async () => {
    await questionsSent();
    t.clock.advanceDays(2.9);
    await settle(300);
    expect(t.store.leads.get(scope.tenantId, lead.id)?.fields.niveau_motivation).toBeNull();
    t.clock.advanceDays(0.2);
    const l = await waitFor(() => {
      const x = t.store.leads.get(scope.tenantId, lead.id);
      return x?.fields.niveau_motivation === "faible" ? x : undefined;
    });
    expect(l.fields.qualification).toBeNull();
    expect(t.store.prequalifications.get(scope.tenantId, lead.id)?.status).toBe("no_answer");
    const notice = t.store.ctx.sqlite
      .prepare("select body_text from messages where channel = 'slack'")
      .get() as {
      body_text: string;
    };
    expect(notice.body_text).toContain("n'a pas répondu à la pré-qualification");
  });

  it("unsubscribes in one click (POST), shows a confirmation page on GET without unsubscribing", async () => {
    await questionsSent();
    const link = /^List-Unsubscribe: <(https:[^>]+)>/im.exec(unfolded(0))?.[1] ?? "";
    const local = link.replace(PUBLIC_URL, server.url);
    const page = await fetch(local);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    lockedDown(page, html);
    expect(t.store.leads.get(scope.tenantId, lead.id)?.consent.email.optOutAt).toBeNull();
    const oneClick = () =>
      fetch(local, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
    const post = await oneClick();
    expect(post.status).toBe(200);
    const confirmed = await post.text();
    expect(confirmed).toContain("Désinscription confirmée");
    lockedDown(post, confirmed);
    expect(t.store.leads.get(scope.tenantId, lead.id)?.consent.email.optOutAt).toEqual(t.clock.now);
    const forged = await fetch(`${server.url}/email/unsubscribe?token=${"x".repeat(43)}`, { method: "POST" });
    expect(forged.status).toBe(404);
    const forgedPage = await forged.text();
    expect(forgedPage).toContain("Lien invalide");
    lockedDown(forged, forgedPage);
    expect((await fetch(`${server.url}/email/unsubscribe?token=%3Cscript%3E`)).status).toBe(404);
    // Nothing more goes out by e-mail to this lead.
    const again = await callTool(
      { ...turnContext(t.store, scope.tenantId, owner), mode: "auto" },
      "send_message",
      {
        leadId: lead.id,
        channel: "email",
        text: "Encore moi",
      },
    );
    expect(again.kind).toBe("unavailable");
    expect(again.message).toMatch(/retiré son accord pour recevoir des e-mails/);
  });

  it("serves once: the same link again changes nothing (the lead opted in since) and says it was used", async () => {
    await questionsSent();
    const link = /^List-Unsubscribe: <(https:[^>]+)>/im.exec(unfolded(0))?.[1] ?? "";
    const local = link.replace(PUBLIC_URL, server.url);
    expect((await fetch(local, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    t.clock.advanceDays(1);
    t.store.leads.setConsent(scope, lead.id, "email", "opt_in");
    for (const reused of [
      await fetch(local, { method: "POST", body: "List-Unsubscribe=One-Click" }),
      await fetch(local),
    ]) {
      expect(reused.status).toBe(410);
      const html = await reused.text();
      expect(html).toContain("Lien déjà utilisé");
      lockedDown(reused, html);
    }
    expect(t.store.leads.get(scope.tenantId, lead.id)?.consent.email).toEqual({
      optInAt: t.clock.now,
      optOutAt: null,
    });
  });
});

/** An unsubscribe page: no framing, no sniffing, nothing loaded or run, its one style allowed by hash. */
function lockedDown(res: Response, html: string) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(csp).not.toContain("unsafe-inline");
  expect(html).not.toMatch(/\sstyle=|<script/i);
  const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? "";
  expect(csp).toContain(`'sha256-${createHash("sha256").update(style).digest("base64")}'`);
}

describe("reading the mailbox (no server)", () => {
  it("stores each mail once across restarts and marks it seen only once stored", async () => {
    await dovecot.deliver([mail({}, "Premier message"), mail({}, "Deuxième message")]);
    expect(await read()).toEqual({ fetched: 2, stored: 2 });
    // A restart: a new connection to the same file finds the cursor and reads nothing again.
    const reopened = openStore({ path: t.path, clock: () => t.clock.now });
    try {
      expect(await read(reopened)).toEqual({ fetched: 0, stored: 0 });
      await dovecot.deliver([mail({}, "Troisième message")]);
      expect(await read(reopened)).toEqual({ fetched: 1, stored: 1 });
    } finally {
      reopened.close();
    }
    expect(inbound().map((m) => m.bodyText)).toEqual([
      "Troisième message",
      "Deuxième message",
      "Premier message",
    ]);
    expect([...(await dovecot.flags()).values()].every((f) => f.has("\\Seen"))).toBe(true);
  });

  it("reads the mailbox again after a UIDVALIDITY change without processing a mail twice", async () => {
    const first = mail({}, "Avant la reconstruction");
    await dovecot.deliver([first]);
    await read();
    const key = `${FROM}@127.0.0.1:${dovecot.port}/INBOX`;
    const before = t.store.mailCursors.get(scope.tenantId, key);
    await dovecot.recreate();
    await dovecot.deliver([first, mail({}, "Après la reconstruction")]);
    expect(await read()).toEqual({ fetched: 2, stored: 1 });
    expect(inbound()).toHaveLength(2);
    expect(t.store.mailCursors.get(scope.tenantId, key)?.uidValidity).not.toBe(before?.uidValidity);
  });

  it("recognises bounces and out-of-office replies: neither is an answer", async () => {
    const started = startPrequalification(t.store, scope, t.store.tenants.require(scope.tenantId), lead.id, {
      channels: testRuntime(t.store).settings.channels,
    });
    if (!started.ok) throw new Error(started.error);
    const ours = "<sent-1@example.test>";
    t.store.messages.setStatus(scope, started.messageId, { status: "sent", providerId: ours });
    await dovecot.deliver([
      mail(
        {
          From: "Mail Delivery System <MAILER-DAEMON@mx.prospect.test>",
          Subject: "Undelivered Mail Returned to Sender",
          "Content-Type": 'multipart/report; report-type=delivery-status; boundary="b1"',
        },
        [
          "--b1",
          "Content-Type: text/plain",
          "",
          "I'm sorry, the mail could not be delivered: user unknown.",
          "--b1",
          "Content-Type: message/delivery-status",
          "",
          "Final-Recipient: rfc822; camille@prospect.test",
          "Status: 5.1.1",
          "--b1",
          "Content-Type: text/rfc822-headers",
          "",
          `Message-ID: ${ours}`,
          "Subject: Avant notre premier échange",
          "--b1--",
        ].join("\n"),
      ),
      mail(
        { "Auto-Submitted": "auto-replied", Subject: "Réponse automatique : absente", "In-Reply-To": ours },
        "Je suis absente jusqu'au 30 novembre.",
      ),
      mail({ Subject: "Absence", "X-Autoreply": "yes" }, "Out of office"),
    ]);
    await read();
    expect(
      inbound()
        .map((m) => m.meta.kind)
        .sort(),
    ).toEqual(["auto_reply", "auto_reply", "bounce"]);
    // The bounce marks our mail failed; neither it nor the automatic replies answer the questions.
    expect(t.store.messages.get(scope.tenantId, started.messageId)).toMatchObject({ status: "failed" });
    expect(t.store.prequalifications.get(scope.tenantId, lead.id)?.status).toBe("waiting");
    expect(t.store.leads.get(scope.tenantId, lead.id)?.fields.niveau_motivation).toBeNull();
  });

  it("stores mail from an unknown sender for a human, tied to no lead and acted on by nobody", async () => {
    await dovecot.deliver([mail({ From: "inconnu@nowhere.test" }, "Bonjour, qui êtes-vous ?")]);
    await read();
    const [row] = allInbound();
    expect(row?.lead_id).toBeNull();
    expect(JSON.parse(row?.meta ?? "{}")).toMatchObject({ forHuman: true, matchedBy: null });
    expect(t.store.jobs.list(scope.tenantId).filter((j) => j.kind !== INBOUND_JOB)).toEqual([]);
  });
});
