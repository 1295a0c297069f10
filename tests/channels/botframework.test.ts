// The Bot Framework channel: its turn logic under botbuilder's TestAdapter, then the whole way over
// HTTP — an Emulator-style POST /api/messages, the worker's turn, the reply POSTed to a loopback
// Bot Connector — and the JWT check when an app id is configured.
import { execFile } from "node:child_process";
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { TestAdapter } from "botbuilder";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { botLogic } from "../../channels/botframework/inbound.js";
import { botframeworkChannel, createBotframeworkChannel } from "../../channels/botframework/index.js";
import { parseConfig } from "../../src/config.js";
import { acceptInbound } from "../../src/inbound/accept.js";
import { type Running, serve } from "../../src/main.js";
import { type InboundEvent, TransientError } from "../../src/outbox/channel.js";
import { seedDemo } from "../../src/seed/seed-demo.js";
import { type Lead, openStore, type Scope } from "../../src/store/index.js";
import { makeTenant, type TestStore, tempDir, testStore } from "../helpers/store.js";
import { settle, waitFor } from "../helpers/wait-for.js";

const BOT = "max-bot";
const SOPHIE = "sophie-bf";

let t: TestStore;
let scope: Scope;
let lead: Lead;

beforeEach(() => {
  t = testStore();
  seedDemo(t.store);
  const tenant = t.store.tenants.getBySlug("demo-coaching");
  if (!tenant) throw new Error("demo tenant missing");
  scope = { tenantId: tenant.id, actor: "test" };
  const owner = t.store.users.list(tenant.id).find((u) => u.role === "owner");
  if (!owner) throw new Error("demo owner missing");
  t.store.tenantLinks.link(scope, "botframework", BOT);
  t.store.users.addIdentity(scope, owner.id, "botframework", SOPHIE);
  lead = t.store.leads.create(scope, { firstName: "Zoé", lastName: "Testeuse" });
});
afterEach(() => t.cleanup());

describe("the bot logic under TestAdapter", () => {
  it("queues a message as an event and a card submit as a decision, once per activity", async () => {
    const events: InboundEvent[] = [];
    const accept = async (event: InboundEvent) => {
      events.push(event);
      return acceptInbound(t.store, event);
    };
    const logic = botLogic({ store: t.store, log: pino({ level: "silent" }), accept });
    const adapter = new TestAdapter(logic, {
      from: { id: SOPHIE, name: "Sophie" },
      recipient: { id: BOT, name: "M.A.X." },
    });
    const submit = { type: "message", id: "card-1", value: { decision: "confirm", actionId: "12" } };
    await adapter
      .send("bonjour")
      .send(submit)
      .send({ ...submit })
      .startTest();

    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      channel: "botframework",
      providerId: "test:Convo1:0",
      tenantId: scope.tenantId,
      sender: SOPHIE,
      conversationKey: "Convo1",
      text: "bonjour",
      meta: { reference: { conversation: { id: "Convo1" }, bot: { id: BOT }, channelId: "test" } },
    });
    expect(events[1]).toMatchObject({ decision: { kind: "confirm", actionId: 12 } });
    expect(events[1]?.text).toBeUndefined();
    // The same submit delivered twice queues one turn.
    expect(t.store.jobs.list(scope.tenantId)).toHaveLength(2);
  });

  it("ignores a bot nobody linked and activities that are not messages", async () => {
    const events: InboundEvent[] = [];
    const logic = botLogic({
      store: t.store,
      log: pino({ level: "silent" }),
      accept: async (e) => events.push(e) > 0,
    });
    await new TestAdapter(logic, { recipient: { id: "someone-elses-bot", name: "Autre" } })
      .send("bonjour")
      .startTest();
    await new TestAdapter(logic, { recipient: { id: BOT, name: "M.A.X." } })
      .send({ type: "conversationUpdate", id: "u1" })
      .startTest();
    expect(events).toEqual([]);
  });
});

interface ConnectorPost {
  method: string;
  path: string;
  body: { text?: string; attachments?: Array<{ contentType: string; content: unknown }> };
}

/** A loopback Bot Connector: records the activities the bot POSTs or PUTs, or fails with a given status. */
async function mockConnector() {
  const posts: ConnectorPost[] = [];
  const state = { failWith: 0 };
  const readJson = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    if (state.failWith) {
      res.writeHead(state.failWith, { "retry-after": "7" }).end();
      return;
    }
    const activities = /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(req.url ?? "");
    if (!activities || (req.method !== "POST" && req.method !== "PUT")) {
      res.writeHead(404).end();
      return;
    }
    posts.push({ method: req.method, path: req.url ?? "", body });
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ id: `reply-${posts.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, posts, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const activity = (serviceUrl: string, id: string, extra: Record<string, unknown>) => ({
  type: "message",
  id,
  channelId: "emulator",
  serviceUrl,
  from: { id: SOPHIE, name: "Sophie" },
  recipient: { id: BOT, name: "M.A.X." },
  conversation: { id: "conv-1" },
  ...extra,
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

/** A non-loopback address of this machine, to reach our server from outside the loopback interface. */
const LAN_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === "IPv4")?.address;

/** A POST to /api/messages from a chosen local address (Host: localhost, which the server accepts). */
function postFrom(address: string, port: string, body: unknown) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const headers = { host: "localhost", "content-type": "application/json" };
    const req = request({ host: address, port, method: "POST", path: "/api/messages", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: raw ? JSON.parse(raw) : undefined });
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const APP_ID = "00000000-0000-0000-0000-000000000001";
const TEAMS = "https://smba.trafficmanager.net/emea/";
const EMULATOR = { MAX_BOTFRAMEWORK_EMULATOR: "true" };
const KID = "test-key";

/** A compact RS256 JWT, as the Bot Connector signs the requests it sends to bots. */
function jwt(claims: Record<string, unknown>, key: KeyObject): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: "RS256", typ: "JWT", kid: KID })}.${b64({ nbf: now - 60, exp: now + 600, ...claims })}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(key).toString("base64url")}`;
}

/** A loopback token issuer: OpenID metadata and the JWKS holding the one key it signs with. */
async function loopbackIssuer() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const jwk = publicKey.export({ format: "jwk" });
    const body =
      req.url === "/keys"
        ? { keys: [{ ...jwk, kid: KID, use: "sig", endorsements: ["emulator"] }] }
        : { issuer: "https://api.botframework.com", jwks_uri: `${origin}/keys` };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    metadataUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`,
    key: privateKey,
    stranger,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("POST /api/messages over HTTP", () => {
  let connector: Awaited<ReturnType<typeof mockConnector>>;
  let running: Running | undefined;

  const start = async (env: Record<string, string> = {}) => {
    const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", ...env });
    running = await serve(config, t.store, [botframeworkChannel]);
    return running.url;
  };

  /** With an app id, and the Bot Connector's signing keys served by a loopback issuer. */
  const startSigned = async (metadataUrl: string) => {
    const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MICROSOFT_APP_ID: APP_ID });
    // Any custom setting makes botbuilder use only the given ones: the public cloud's, but our keys.
    const channel = createBotframeworkChannel({
      ToBotFromChannelTokenIssuer: "https://api.botframework.com",
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
      ToChannelFromBotOAuthScope: "https://api.botframework.com",
    });
    running = await serve(config, t.store, [channel]);
    return running.url;
  };

  /** Sends a stored reply through the running channel to a conversation reference at `serviceUrl`. */
  const sendTo = (serviceUrl: string) => {
    const adapter = running?.adapters.get("botframework");
    const tenant = t.store.tenants.require(scope.tenantId);
    const conversation = t.store.conversations.open(scope.tenantId, "botframework", "conv-1", null);
    const reference = { serviceUrl, channelId: "emulator", conversation: { id: "conv-1" } };
    const message = t.store.messages.create(scope, {
      channel: "botframework",
      direction: "out",
      status: "queued",
      conversationId: conversation.id,
      recipient: "conv-1",
      bodyText: "Bonjour",
      meta: { cards: [], decided: null, inReplyTo: { reference } },
    });
    return adapter?.send({ message, tenant, conversation }).catch((e: unknown) => e);
  };

  beforeEach(async () => {
    connector = await mockConnector();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await connector.close();
  });

  it("anonymous (Emulator): a message runs one turn, its card's Confirmer runs the action once", async () => {
    const url = await start(EMULATOR);
    const ask = activity(connector.url, "act-1", { text: "passe Zoé Testeuse en pre_qualif" });
    const answers = await Promise.all([post(url, ask), post(url, ask)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);

    const first = await waitFor(() => connector.posts[0], { what: "the reply with a card" });
    expect(first.path).toMatch(/^\/v3\/conversations\/conv-1\/activities/);
    expect(first.body.text).toMatch(/en attente/);
    const [card] = first.body.attachments ?? [];
    expect(card?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const { actions } = (card?.content ?? {}) as {
      actions: Array<{ title: string; data: { actionId: number } }>;
    };
    expect(actions.map((a) => a.title)).toEqual(["Confirmer", "Annuler"]);
    const actionId = actions[0]?.data.actionId;
    expect(actions[0]?.data).toEqual({ decision: "confirm", actionId });

    // The submit answers the card's activity (the connector called it reply-1).
    const confirm = activity(connector.url, "act-2", {
      value: { decision: "confirm", actionId },
      replyToId: "reply-1",
    });
    expect((await post(url, confirm)).status).toBe(200);
    const update = await waitFor(() => connector.posts[1], { what: "the card's update" });
    expect(update.method).toBe("PUT");
    expect(update.path).toBe("/v3/conversations/conv-1/activities/reply-1");
    const settled = update.body.attachments?.[0]?.content as { actions?: unknown; body: { text?: string }[] };
    expect(settled.actions).toBeUndefined();
    expect(settled.body.map((b) => b.text ?? "").join("\n")).toMatch(/^✅ /m);
    const second = await waitFor(() => connector.posts[2], { what: "the decision's reply" });
    expect(second.method).toBe("POST");
    expect(second.body.text).toMatch(/^✅/);
    expect(second.body.attachments ?? []).toEqual([]);
    expect(t.store.leads.get(scope.tenantId, lead.id)?.status).toBe("pre_qualif");
    // The duplicate delivery of act-1 ran no second turn.
    expect(connector.posts).toHaveLength(3);
    expect(t.store.jobs.list(scope.tenantId)).toHaveLength(2);
  });

  it("anonymous: refuses a serviceUrl that is not local (nothing authenticated it)", async () => {
    const url = await start(EMULATOR);
    const res = await post(url, activity("https://attacker.example", "act-9", { text: "bonjour" }));
    expect(res.status).toBe(401);
    expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
  });

  it("with MICROSOFT_APP_ID: no or a forged Authorization header -> 401 and nothing queued", async () => {
    const url = await start({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: "pw",
    });
    const hello = activity(TEAMS, "act-1", { text: "bonjour" });
    expect((await post(url, hello)).status).toBe(401);
    const forged = await post(url, hello, { authorization: "Bearer not.a.jwt" });
    expect(forged.status).toBe(401);
    expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
  });

  it("with MICROSOFT_APP_ID: a token signed by the Bot Connector's key is let in; another key's or an expired one is 401", async () => {
    const issuer = await loopbackIssuer();
    try {
      const url = await startSigned(issuer.metadataUrl);
      const hello = activity(TEAMS, "act-1", { text: "bonjour" });
      const claims = { iss: "https://api.botframework.com", aud: APP_ID, serviceurl: TEAMS };
      const forged = await post(url, hello, {
        authorization: `Bearer ${jwt(claims, issuer.stranger)}`,
      });
      expect(forged.status).toBe(401);
      const hourAgo = Math.floor(Date.now() / 1000) - 3600;
      const stale = jwt({ ...claims, nbf: hourAgo - 600, exp: hourAgo }, issuer.key);
      expect((await post(url, hello, { authorization: `Bearer ${stale}` })).status).toBe(401);
      expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
      const signed = await post(url, hello, { authorization: `Bearer ${jwt(claims, issuer.key)}` });
      expect(signed.status).toBe(200);
      expect(t.store.jobs.list(scope.tenantId)).toHaveLength(1);
    } finally {
      await issuer.close();
    }
  });

  it("a 503, a 429 or an unreachable Bot Connector is transient, and the SDK does not retry itself", async () => {
    await start(EMULATOR);
    for (const status of [503, 429]) {
      connector.state.failWith = status;
      const started = Date.now();
      const error = await sendTo(connector.url);
      expect(error).toBeInstanceOf(TransientError);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    expect((await sendTo(connector.url)) as TransientError).toMatchObject({ retryAfterMs: 7_000 });
    const closed = await mockConnector();
    await closed.close();
    expect(await sendTo(closed.url)).toBeInstanceOf(TransientError);
    connector.state.failWith = 0;
    expect(await sendTo(connector.url)).toEqual({ providerId: "reply-1" });
  });

  it("is off without MICROSOFT_APP_ID unless MAX_BOTFRAMEWORK_EMULATOR=true: no route, nothing queued", async () => {
    const url = await start();
    expect(running?.adapters.has("botframework")).toBe(false);
    const ask = activity(connector.url, "act-1", { text: "leads chauds" });
    expect((await post(url, ask)).status).toBe(404);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { channels: string[] };
    expect(health.channels).not.toContain("botframework");
    await settle();
    expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
    expect(connector.posts).toEqual([]);
  });

  it.skipIf(!LAN_ADDRESS)(
    "emulator: refuses a request that did not come over the loopback interface",
    async () => {
      await start({ ...EMULATOR, HOST: "0.0.0.0" });
      const { port } = new URL(running?.url ?? "");
      const ask = activity(connector.url, "act-1", { text: "leads chauds" });
      // Host: localhost passes the server's Host check: the TCP peer's address is what refuses.
      expect(await postFrom(LAN_ADDRESS ?? "", port, ask)).toEqual({
        status: 403,
        body: { error: "sans MICROSOFT_APP_ID, seul l'émulateur local (127.0.0.1, ::1) est accepté" },
      });
      expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
      expect((await postFrom("127.0.0.1", port, ask)).status).toBe(200);
      expect(t.store.jobs.list(scope.tenantId)).toHaveLength(1);
    },
  );

  it("emulator: a body nested deeper than 64 levels is a 400, refused before it is parsed", async () => {
    const url = await start(EMULATOR);
    const res = await fetch(`${url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"type":"message","value":${"[".repeat(100_000)}`,
    });
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: "JSON trop imbriqué (plus de 64 niveaux)" },
    ]);
    expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
  });

  it("emulator: replies go only to a loopback serviceUrl, checked on arrival and again before sending", async () => {
    const url = await start(EMULATOR);
    const elsewhere = [
      "https://attacker.example/",
      `http://${LAN_ADDRESS ?? "192.0.2.2"}:9/`,
      "http://localhost.attacker.example/",
      "http://127.0.0.1.nip.io/",
      "ftp://127.0.0.1/",
      TEAMS,
      "pas une url",
    ];
    for (const [i, serviceUrl] of elsewhere.entries()) {
      expect((await post(url, activity(serviceUrl, `act-${i}`, { text: "leads chauds" }))).status).toBe(401);
    }
    expect(t.store.jobs.list(scope.tenantId)).toEqual([]);
    // A stored reference (written before the check, or by other means) is checked again: a permanent
    // failure, and no request leaves.
    const refused = await sendTo("https://attacker.example/");
    expect(refused).not.toBeInstanceOf(TransientError);
    expect(refused).toMatchObject({ message: "serviceUrl Bot Framework refusé : https://attacker.example/" });
    expect(connector.posts).toEqual([]);
  });

  it("with MICROSOFT_APP_ID: only the Bot Connector's https hosts, even under a valid token, on arrival and before sending", async () => {
    const issuer = await loopbackIssuer();
    try {
      const url = await startSigned(issuer.metadataUrl);
      const signedUpdate = (serviceUrl: string, id: string) => {
        const claims = { iss: "https://api.botframework.com", aud: APP_ID, serviceurl: serviceUrl };
        return post(url, activity(serviceUrl, id, { type: "conversationUpdate" }), {
          authorization: `Bearer ${jwt(claims, issuer.key)}`,
        });
      };
      const foreign = [
        "https://attacker.example/",
        // Any Azure customer can name a Traffic Manager profile: only Teams' own host is trusted.
        "https://max-evil.trafficmanager.net/",
        "https://smba.trafficmanager.net.attacker.example/",
        "https://botframework.com.attacker.example/",
        "https://teams.microsoft.com.attacker.example/",
        "http://smba.trafficmanager.net/emea/",
        connector.url,
      ];
      for (const [i, serviceUrl] of foreign.entries()) {
        expect((await signedUpdate(serviceUrl, `bad-${i}`)).status).toBe(401);
      }
      const connectors = [
        TEAMS,
        "https://webchat.botframework.com/",
        "https://europe.directline.botframework.com/",
        "https://smba.infra.gcc.teams.microsoft.com/teams",
      ];
      for (const [i, serviceUrl] of connectors.entries()) {
        expect((await signedUpdate(serviceUrl, `ok-${i}`)).status).toBe(200);
      }
      const refused = await sendTo(connector.url);
      expect(refused).not.toBeInstanceOf(TransientError);
      expect(refused).toMatchObject({ message: `serviceUrl Bot Framework refusé : ${connector.url}` });
      expect(connector.posts).toEqual([]);
    } finally {
      await issuer.close();
    }
  });
});

describe("max connect botframework", () => {
  it("links a bot id to the tenant, which is how /api/messages finds it", async () => {
    const dbPath = join(tempDir("max-bf-connect-"), "max.db");
    const store = openStore({ path: dbPath });
    makeTenant(store, "agence");
    store.close();
    const run = await promisify(execFile)(
      process.execPath,
      ["bin/max.js", "connect", "botframework", "--tenant", "agence", "--bot", "agence-bot", "--json"],
      {
        cwd: new URL("../..", import.meta.url).pathname,
        env: { ...process.env, MAX_DB_PATH: dbPath, LOG_LEVEL: "silent" },
      },
    );
    expect(JSON.parse(run.stdout)).toEqual({
      tenant: "agence",
      integration: "botframework",
      bot: "agence-bot",
    });
    const after = openStore({ path: dbPath });
    expect(after.tenantLinks.tenantIdFor("botframework", "agence-bot")).toBe(
      after.tenants.getBySlug("agence")?.id,
    );
    after.close();
  }, 30_000);
});
