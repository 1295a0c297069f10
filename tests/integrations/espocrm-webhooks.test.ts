// EspoCRM webhooks: registration returns the secret; deliveries come later, in batches of at most 50,
// signed per webhook over the raw body. verifyEspoWebhook is checked on its own (good, forged, wrong
// or stale webhook, missing headers, the older X-Signature) and on real deliveries from the fake's
// queue job to a receiver on loopback.
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type EspoWebhook,
  espoClient,
  espoWebhookIdOf,
  verifyEspoWebhook,
} from "../../src/integrations/espocrm/index.js";
import { type EspoFake, signWebhookBody, startEspoFake } from "../helpers/espocrm-fake.js";

const HOOK = { webhookId: "6b15e00807148a1f3", secretKey: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" };
const BODY =
  '[{"id":"6b15e008071484b43","status":"In Process","website":"https:\\/\\/x.test","name":"Zo\\u00e9"}]';

/** As node:http hands them to a server: lower-case names. */
const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe("verifyEspoWebhook", () => {
  const signature = Buffer.from(
    `${HOOK.webhookId}:${createHmac("sha256", HOOK.secretKey).update(BODY).digest("hex")}`,
  ).toString("base64");

  it("accepts base64(webhookId + ':' + hex hmac of the raw body), and the older binary X-Signature alone", () => {
    expect(verifyEspoWebhook(BODY, { signature }, HOOK)).toEqual({ ok: true, webhookId: HOOK.webhookId });
    expect(verifyEspoWebhook(Buffer.from(BODY), { signature }, HOOK)).toMatchObject({ ok: true });
    const legacy = Buffer.concat([
      Buffer.from(`${HOOK.webhookId}:`),
      createHmac("sha256", HOOK.secretKey).update(BODY).digest(),
    ]).toString("base64");
    expect(verifyEspoWebhook(BODY, { "x-signature": legacy }, HOOK)).toMatchObject({ ok: true });
    expect(lower(signWebhookBody(HOOK.webhookId, HOOK.secretKey, BODY))).toEqual({
      signature,
      "x-signature": legacy,
    });
    expect(espoWebhookIdOf({ signature })).toBe(HOOK.webhookId);
  });

  it("refuses a forged delivery: another body, the body re-encoded, another secret, a truncated signature", () => {
    const forged = { ok: false, reason: "forged" };
    expect(verifyEspoWebhook(BODY.replace("In Process", "Converted"), { signature }, HOOK)).toEqual(forged);
    // The same data re-serialised by JSON.stringify: PHP's escapes are gone, so is the match.
    expect(verifyEspoWebhook(JSON.stringify(JSON.parse(BODY)), { signature }, HOOK)).toEqual(forged);
    expect(verifyEspoWebhook(BODY, { signature }, { ...HOOK, secretKey: "f".repeat(32) })).toEqual(forged);
    const cut = Buffer.from(Buffer.from(signature, "base64").toString().slice(0, -2)).toString("base64");
    expect(verifyEspoWebhook(BODY, { signature: cut }, HOOK)).toEqual(forged);
  });

  it("refuses a delivery signed for another or an older webhook, even with a valid signature of its own", () => {
    const old = { webhookId: "6b15e00807148a1e0", secretKey: "1".repeat(32) };
    const byOld = lower(signWebhookBody(old.webhookId, old.secretKey, BODY));
    expect(verifyEspoWebhook(BODY, byOld, HOOK)).toEqual({ ok: false, reason: "wrong_webhook" });
    // Our id with the old secret is a forgery.
    const mixed = lower(signWebhookBody(HOOK.webhookId, old.secretKey, BODY));
    expect(verifyEspoWebhook(BODY, mixed, HOOK)).toEqual({ ok: false, reason: "forged" });
  });

  it("refuses a delivery without a usable signature header", () => {
    const missing = { ok: false, reason: "missing" };
    expect(verifyEspoWebhook(BODY, {}, HOOK)).toEqual(missing);
    expect(verifyEspoWebhook(BODY, { signature: "not base64!" }, HOOK)).toEqual(missing);
    expect(verifyEspoWebhook(BODY, { signature: Buffer.from("no-colon").toString("base64") }, HOOK)).toEqual(
      missing,
    );
    expect(verifyEspoWebhook(BODY, { signature: [signature, signature] }, HOOK)).toEqual(missing);
    expect(espoWebhookIdOf({})).toBeNull();
  });
});

interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

describe("EspoCRM webhook deliveries over HTTP", () => {
  let fake: EspoFake;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let answer = 200;

  beforeAll(async () => {
    fake = await startEspoFake();
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(answer).end();
    });
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/espocrm`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    answer = 200;
    for (const hook of fake.webhooks()) fake.state.webhooks.delete(String(hook.id));
    fake.state.queue.length = 0;
  });

  const client = () => espoClient({ url: fake.siteUrl, apiKey: fake.credentials.apiKey, timeoutMs: 5_000 });

  it("registers webhooks, then delivers EspoCRM's changes signed per webhook; our own changes are skipped", async () => {
    const api = client();
    const hooks: EspoWebhook[] = [];
    for (const event of ["Lead.create", "Lead.update", "Lead.fieldUpdate.status"] as const) {
      hooks.push(await api.registerWebhook({ event, url: receiverUrl, skipOwn: true }));
    }
    for (const hook of hooks) expect(hook.secretKey).toMatch(/^[0-9a-f]{32}$/);
    const keys = new Map(hooks.map((h) => [h.id, { webhookId: h.id, secretKey: h.secretKey }]));

    const lead = await api.createLead({ firstName: "Zoé", lastName: "Durand", website: "https://zoe.test/" });
    await api.updateLead(lead.id, { description: "écrit par M.A.X." });
    // Nothing is sent until the queue job runs.
    expect(received).toHaveLength(0);
    fake.ui.update(lead.id, { status: "In Process", accountName: "Atelier Zoé / Lyon" });
    fake.ui.create({ lastName: "Nouveau" });

    const deliveries = await fake.flushWebhooks();
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(received).toHaveLength(3);
    const byEvent = new Map<string, unknown[]>();
    for (const { raw, headers } of received) {
      const id = espoWebhookIdOf(headers);
      const key = keys.get(id ?? "");
      expect(key).toBeDefined();
      expect(verifyEspoWebhook(raw, headers, key as never)).toEqual({ ok: true, webhookId: id });
      expect(headers["content-type"]).toBe("application/json");
      expect(headers["x-signature"]).toBeTruthy();
      byEvent.set(hooks.find((h) => h.id === id)?.event as string, JSON.parse(raw.toString()));
    }
    // update = the changed attributes + id; fieldUpdate = id + that field; create = every attribute.
    const update = byEvent.get("Lead.update") as Record<string, unknown>[];
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({ id: lead.id, status: "In Process", accountName: "Atelier Zoé / Lyon" });
    expect(update[0]).not.toHaveProperty("firstName");
    expect(byEvent.get("Lead.fieldUpdate.status")).toEqual([{ id: lead.id, status: "In Process" }]);
    expect(byEvent.get("Lead.create")).toEqual([
      expect.objectContaining({ lastName: "Nouveau", status: "New" }),
    ]);
    // The raw body is PHP's: escaped "/" and non-ASCII, which is why it is verified as received.
    const rawUpdate = received.find((r) => espoWebhookIdOf(r.headers) === hooks[1]?.id)?.raw.toString() ?? "";
    expect(rawUpdate).toContain("Atelier Zo\\u00e9 \\/ Lyon");
    expect(fake.queuedWebhookItems()).toBe(0);
  });

  it("sends at most 50 items a batch", async () => {
    const hook = await client().registerWebhook({ event: "Lead.update", url: receiverUrl });
    const ids = fake.seedLeads(120);
    for (const id of ids) fake.ui.update(id, { description: "vu au salon" });
    const deliveries = await fake.flushWebhooks();
    expect(deliveries.map((d) => d.count)).toEqual([50, 50, 20]);
    const all = received.flatMap((r) => {
      expect(verifyEspoWebhook(r.raw, r.headers, { webhookId: hook.id, secretKey: hook.secretKey }).ok).toBe(
        true,
      );
      return JSON.parse(r.raw.toString()) as { id: string }[];
    });
    expect(all.map((i) => i.id)).toEqual(ids);
  });

  it("keeps a refused batch for the next run; a 410 removes the webhook", async () => {
    await client().registerWebhook({ event: "Lead.update", url: receiverUrl });
    const [id] = fake.seedLeads(1);
    fake.ui.update(id as string, { status: "Assigned" });
    answer = 500;
    await fake.flushWebhooks();
    expect(fake.queuedWebhookItems()).toBe(1);
    answer = 200;
    await fake.flushWebhooks();
    expect(received).toHaveLength(2);
    expect(received[0]?.raw.equals(received[1]?.raw as Buffer)).toBe(true);
    expect(fake.queuedWebhookItems()).toBe(0);
    fake.ui.update(id as string, { status: "Dead" });
    answer = 410;
    await fake.flushWebhooks();
    expect(fake.webhooks()).toHaveLength(0);
  });

  it("refuses an unsupported event or field with a 403", async () => {
    const api = client();
    await expect(
      api.registerWebhook({ event: "Lead.fieldUpdate.couleur", url: receiverUrl }),
    ).rejects.toMatchObject({
      code: "forbidden",
      reason: "Field does not exist.",
    });
    await expect(
      api.registerWebhook({ event: "Lead.archive" as never, url: receiverUrl }),
    ).rejects.toMatchObject({
      code: "forbidden",
      reason: "Not supported event.",
    });
  });
});
