// The web chat's API over real HTTP on loopback: sessions (demo, one-time login links), messages and
// card decisions through the real worker and offline brain, deduplication by client id.
import { createHash, randomUUID } from "node:crypto";
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SESSIONS_PER_MINUTE, demoSessionLimiter } from "../../channels/web/demo-limit.js";
import { webChannel } from "../../channels/web/index.js";
import { usersCommand } from "../../src/commands/users.js";
import { parseConfig } from "../../src/config.js";
import { type Running, serve, type WorkerMode } from "../../src/main.js";
import { openStore as openTestStore } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";

interface WebMessage {
  id: number;
  direction: "in" | "out";
  text: string;
  clientId: string | null;
  cards: Array<{ actionId: number; mode: string; modeLabel: string; cost: number; balanceAfter: number }>;
  decided: { actionId: number; ok: boolean } | null;
}

let t: TestStore;
let running: Running;

afterEach(async () => {
  await running?.close();
  t?.cleanup();
});

async function start(env: Record<string, string> = {}, worker: WorkerMode = "inline") {
  t = testStore();
  const demo = makeTenant(t.store, "demo-coaching");
  const lead = t.store.leads.create(demo.scope, {
    firstName: "Camille",
    lastName: "Durand",
    email: "camille@exemple.fr",
  });
  const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: t.path, ...env });
  running = await serve(config, t.store, [webChannel], { worker });
  return { ...demo, lead, config };
}

async function call(method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) {
  const res = await fetch(running.url + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function session(login?: string) {
  const r = await call("POST", "/api/web/session", { body: login ? { login } : {} });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

const say = (token: string, text: string, clientId = randomUUID()) =>
  call("POST", "/api/web/messages", { token, body: { text, clientId } });

const decide = (token: string, actionId: number, decision: "confirm" | "cancel") =>
  call("POST", "/api/web/decisions", { token, body: { actionId, decision, clientId: randomUUID() } });

async function messages(token: string, after = 0): Promise<WebMessage[]> {
  const r = await call("GET", `/api/web/messages?after=${after}`, { token });
  expect(r.status).toBe(200);
  return r.body.messages as WebMessage[];
}

/** The replies so far, once there are `count` of them. */
const replies = (token: string, count: number) =>
  waitFor(
    async () => {
      const out = (await messages(token)).filter((m) => m.direction === "out");
      return out.length >= count ? out : null;
    },
    { what: `la réponse n°${count}` },
  );

describe("web chat API", () => {
  it("refuses every API call without a valid session, and queues nothing", async () => {
    await start();
    const forged = `1.${Date.now() + 3_600_000}.${"A".repeat(43)}`;
    for (const token of [undefined, forged, "n'importe quoi"]) {
      expect((await call("GET", "/api/web/messages", { token })).status).toBe(401);
      expect((await call("GET", "/api/web/session", { token })).status).toBe(401);
      expect((await say(token as string, "leads chauds")).status).toBe(401);
      expect((await decide(token as string, 1, "confirm")).status).toBe(401);
    }
    const count = (table: string) => t.store.ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get();
    expect([count("scheduled_jobs"), count("messages")]).toEqual([{ n: 0 }, { n: 0 }]);
  });

  it("opens a demo session as the owner of demo-coaching and stores only the token's hash", async () => {
    const { owner, tenant } = await start();
    const r = await call("POST", "/api/web/session");
    expect(r).toMatchObject({
      status: 201,
      body: { user: { name: owner.name }, tenant: { name: tenant.name } },
    });
    const token = r.body.token as string;
    const hash = createHash("sha256").update(token).digest("hex");
    const identities = t.store.users.identities(tenant.id, owner.id).map((i) => i.externalId);
    expect(identities).toEqual([hash]);
    const { sqlite } = t.store.ctx;
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) {
      expect(JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}"`).all())).not.toContain(token);
    }
    expect((await call("GET", "/api/web/session", { token })).body).toMatchObject({
      user: { name: owner.name },
    });
    // Past its expiry (a day for a demo session) the token is refused; the expiry is part of the hashed
    // token, so it cannot be extended.
    t.clock.advanceDays(31);
    expect((await call("GET", "/api/web/session", { token })).status).toBe(401);
    const [tenantId, expiry, secret] = token.split(".");
    const moved = `${tenantId}.${Number(expiry) + 86_400_000 * 30}.${secret}`;
    expect((await call("GET", "/api/web/session", { token: moved })).status).toBe(401);
  });

  it("answers a message, delivered in-process as web-<id>", async () => {
    await start();
    const token = await session();
    const clientId = randomUUID();
    expect(await say(token, "aide", clientId)).toEqual({ status: 202, body: { queued: true } });
    const [reply] = await replies(token, 1);
    expect(reply?.text).toContain("tag");
    const [asked] = await messages(token);
    expect(asked).toMatchObject({ direction: "in", text: "aide", clientId });
    const stored = await waitFor(() => {
      const m = t.store.messages.get(t.store.tenants.getBySlug("demo-coaching")?.id ?? 0, reply?.id ?? 0);
      return m?.status === "sent" ? m : null;
    });
    expect(stored.providerId).toBe(`web-${reply?.id}`);
  });

  it("runs the turns in a worker thread, as max serve does, with the same result", {
    timeout: 60_000,
  }, async () => {
    await start({}, "thread");
    const token = await session();
    expect((await say(token, "aide")).status).toBe(202);
    // The thread loads the whole app through tsx before its first turn: allow for its boot.
    const [reply] = await waitFor(
      async () => {
        const out = (await messages(token)).filter((m) => m.direction === "out");
        return out.length >= 1 ? out : null;
      },
      { timeoutMs: 30_000, what: "la réponse du fil de travail" },
    );
    expect(reply?.text).toContain("tag");
    const stored = await waitFor(() => {
      const m = t.store.messages.get(t.store.tenants.getBySlug("demo-coaching")?.id ?? 0, reply?.id ?? 0);
      return m?.status === "sent" ? m : null;
    });
    expect(stored.providerId).toBe(`web-${reply?.id}`);
  });

  it("shows an Assisté card, executes it once on confirm and refuses a second confirm", async () => {
    const { tenant, lead } = await start();
    const token = await session();
    const before = t.store.ledger.summary(tenant.id).balance;
    await say(token, "ajoute le tag vip à Camille Durand");
    const [proposal] = await replies(token, 1);
    const card = proposal?.cards[0];
    expect(card).toMatchObject({ mode: "assiste", modeLabel: "Assisté", cost: 1, balanceAfter: before - 1 });
    expect(t.store.leads.get(tenant.id, lead.id)?.tags).not.toContain("vip");

    expect((await decide(token, card?.actionId ?? 0, "confirm")).status).toBe(202);
    const [, done] = await replies(token, 2);
    expect(done?.decided).toEqual({ actionId: card?.actionId, ok: true });
    expect(t.store.leads.get(tenant.id, lead.id)?.tags).toContain("vip");

    await decide(token, card?.actionId ?? 0, "confirm");
    const [, , again] = await replies(token, 3);
    expect(again?.decided).toEqual({ actionId: card?.actionId, ok: false });
    expect(again?.text).toContain("déjà exécutée");
    expect(t.store.ledger.summary(tenant.id).balance).toBe(before - 1);
    const decisions = (await messages(token)).filter((m) => m.direction === "in").slice(1);
    expect(decisions.map((m) => m.text)).toEqual([
      `Confirmer l'action n°${card?.actionId}`,
      `Confirmer l'action n°${card?.actionId}`,
    ]);
  });

  it("runs one turn for a retried or concurrently duplicated client id", async () => {
    await start();
    const token = await session();
    const clientId = randomUUID();
    const posts = await Promise.all(Array.from({ length: 5 }, () => say(token, "aide", clientId)));
    expect(posts.every((p) => p.status === 202)).toBe(true);
    expect(posts.filter((p) => p.body.queued === true)).toHaveLength(1);
    await replies(token, 1);
    expect((await say(token, "aide", clientId)).body).toEqual({ queued: false });
    await say(token, "leads chauds");
    await replies(token, 2);
    const all = await messages(token);
    expect(all.filter((m) => m.clientId === clientId)).toHaveLength(1);
    expect(all.filter((m) => m.direction === "out")).toHaveLength(2);
  });

  it("rejects malformed input with a 400", async () => {
    await start();
    const token = await session();
    const bad = [
      { text: "", clientId: randomUUID() },
      { text: "   ", clientId: randomUUID() },
      { text: "x".repeat(4001), clientId: randomUUID() },
      { text: "aide", clientId: "pas-un-uuid" },
      "{pas du json",
    ];
    for (const body of bad)
      expect((await call("POST", "/api/web/messages", { token, body })).status).toBe(400);
    const decision = { actionId: 1, decision: "peut-être", clientId: randomUUID() };
    expect((await call("POST", "/api/web/decisions", { token, body: decision })).status).toBe(400);
    expect((await call("GET", "/api/web/messages?after=-1", { token })).status).toBe(400);
    expect((await say(token, "x".repeat(4000))).status).toBe(202);
  });

  it("without the demo, opens a session only from a one-time login link that has not expired", async () => {
    const { owner, config } = await start({ MAX_WEB_DEMO: "false" });
    expect(await call("POST", "/api/web/session")).toMatchObject({ status: 401 });
    expect(
      await call("POST", "/api/web/session", { body: { login: `1.9999999999999.${"A".repeat(43)}` } }),
    ).toMatchObject({
      status: 401,
    });

    const link = async () => {
      let printed = "";
      const io = { stdout: (s: string) => (printed += s), stderr: () => {}, env: {} };
      const args = ["web-login", "--tenant", "demo-coaching", "--email", owner.email ?? "", "--json"];
      // The command closes the store it opens: it gets its own connection to the same file.
      const openStore = () => openTestStore({ path: t.path, clock: () => t.clock.now });
      expect(usersCommand({ io, args, config, openStore })).toBe(0);
      return JSON.parse(printed) as { url: string; expiresAt: string };
    };
    const { url } = await link();
    expect(url.startsWith(`${config.http.publicUrl}/#login=`)).toBe(true);
    const login = url.split("#login=")[1] ?? "";
    const token = await session(login);
    expect((await call("GET", "/api/web/session", { token })).body).toMatchObject({
      user: { name: owner.name },
    });
    expect((await call("POST", "/api/web/session", { body: { login } })).status).toBe(401);

    const expiring = (await link()).url.split("#login=")[1] ?? "";
    t.clock.advanceDays(2);
    expect((await call("POST", "/api/web/session", { body: { login: expiring } })).status).toBe(401);
    // A session opened from a link lasts 30 days, not a demo session's one day.
    expect((await call("GET", "/api/web/session", { token })).status).toBe(200);
    t.clock.advanceDays(27);
    expect((await call("GET", "/api/web/session", { token })).status).toBe(200);
  });
});

describe("hostile JSON bodies", () => {
  const TOO_DEEP = {
    error: "invalid_request",
    message: "Requête invalide : JSON trop imbriqué (plus de 64 niveaux)",
  };
  const nested = (depth: number, inner = "0") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

  it("refuses a body nested deeper than 64 levels with a 400, before parsing it", async () => {
    await start();
    // 64 levels are read (the schema keeps only the fields it knows); one more is refused unparsed.
    expect((await call("POST", "/api/web/session", { body: `{"x":${nested(63)}}` })).status).toBe(201);
    expect(await call("POST", "/api/web/session", { body: `{"x":${nested(64)}}` })).toEqual({
      status: 400,
      body: TOO_DEEP,
    });
    // Unbalanced: JSON.parse would call it a syntax error; the depth check answers first.
    expect(await call("POST", "/api/web/session", { body: "[".repeat(100_000) })).toEqual({
      status: 400,
      body: TOO_DEEP,
    });
    const token = await session();
    const message = `{"text":"aide","clientId":"${randomUUID()}","x":${nested(200_000)}}`;
    expect(await call("POST", "/api/web/messages", { token, body: message })).toEqual({
      status: 400,
      body: TOO_DEEP,
    });
    expect(t.store.jobs.list(t.store.tenants.getBySlug("demo-coaching")?.id ?? 0)).toEqual([]);
  });

  it("does not count brackets inside strings, escaped quotes included", async () => {
    await start({ MAX_WEB_DEMO: "false" });
    const login = `\\"${"[{".repeat(90)}`;
    // Read as a (wrong) login link, not refused as nested.
    expect(await call("POST", "/api/web/session", { body: `{"login":"${login}"}` })).toMatchObject({
      status: 401,
      body: { error: "unauthorized", message: "Lien de connexion invalide, expiré ou déjà utilisé." },
    });
  });

  it("keeps answering /healthz while megabyte-deep bodies arrive", async () => {
    await start();
    const hostile = "[".repeat(999_000);
    const attacks = Array.from({ length: 4 }, () => call("POST", "/api/web/session", { body: hostile }));
    const health = fetch(`${running.url}/healthz`).then((r) => r.status);
    expect(await health).toBe(200);
    expect((await Promise.all(attacks)).map((a) => a.status)).toEqual([400, 400, 400, 400]);
  });
});

/** A request to our server with the Host header of our choosing (fetch sets its own). */
function withHost(host: string, method: string, path: string, body?: string) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const { port } = new URL(running.url);
    const headers = { host, "content-type": "application/json" };
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || "{}") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the demo server against other sites", () => {
  it("answers only requests addressed to its own names: a DNS-rebound Host gets a 421 and no token", async () => {
    const { tenant, owner } = await start({ MAX_PUBLIC_URL: "https://max.example.fr", MAX_WEB_DEMO: "true" });
    const { port } = new URL(running.url);
    const foreign = [
      "attacker.example:3412",
      "attacker.example",
      "localhost.attacker.example",
      "max.example.fr.attacker.example:443",
      "127.0.0.1.nip.io",
      "sophie@localhost",
      "localhost/x",
    ];
    for (const host of foreign) {
      for (const [method, path] of [
        ["POST", "/api/web/session"],
        ["GET", "/healthz"],
        ["GET", "/nulle-part"],
      ] as const) {
        expect(await withHost(host, method, path, method === "POST" ? "{}" : undefined)).toEqual({
          status: 421,
          body: { error: "hôte non reconnu : ce serveur ne répond qu'à son adresse publique ou locale" },
        });
      }
    }
    expect(t.store.users.identities(tenant.id, owner.id)).toEqual([]);

    // Loopback names with any port, and the public URL's host (what webhook providers call).
    const ours = [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      "max.example.fr",
      "MAX.Example.FR:443",
    ];
    for (const host of ours) {
      const opened = await withHost(host, "POST", "/api/web/session", "{}");
      expect(opened.status).toBe(201);
      expect(opened.body.token).toEqual(expect.any(String));
    }
  });

  it("opens at most 10 demo sessions a minute per address, then answers 429 until the minute is over", async () => {
    await start();
    for (let i = 0; i < DEMO_SESSIONS_PER_MINUTE; i++) await session();
    const refused = await fetch(`${running.url}/api/web/session`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await refused.json()).toEqual({
      error: "too_many",
      message: "Trop de sessions de démo ouvertes depuis cette adresse : réessayez dans une minute.",
    });
    t.clock.now = new Date(t.clock.now.getTime() + 60_001);
    expect(await session()).toEqual(expect.any(String));
  });

  it("counts each remote address on its own", () => {
    let now = 0;
    const mayOpen = demoSessionLimiter(() => now, 2);
    expect([mayOpen("127.0.0.1"), mayOpen("127.0.0.1"), mayOpen("127.0.0.1")]).toEqual([true, true, false]);
    expect(mayOpen("::1")).toBe(true);
    now = 60_001;
    expect(mayOpen("127.0.0.1")).toBe(true);
  });

  it("ends a demo session after a day", async () => {
    await start();
    const token = await session();
    t.clock.now = new Date(t.clock.now.getTime() + 23 * 3_600_000);
    expect((await call("GET", "/api/web/session", { token })).status).toBe(200);
    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    expect(await call("GET", "/api/web/session", { token })).toEqual({
      status: 401,
      body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
    });
  });
});
