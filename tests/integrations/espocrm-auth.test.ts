// EspoCRM authentication over real HTTP against the loopback fake: an API user by key or by HMAC,
// an admin user by Espo-Authorization, and the failed-login lockout a client must never provoke by
// retrying a 401.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type EspoClientOptions,
  type EspoError,
  espoClient,
  hmacAuthorization,
} from "../../src/integrations/espocrm/index.js";
import { type EspoFake, startEspoFake } from "../helpers/espocrm-fake.js";

let now = Date.parse("2026-11-16T10:00:00Z");
let fake: EspoFake;
const client = (over: Partial<EspoClientOptions> = {}) =>
  espoClient({ url: fake.siteUrl, apiKey: fake.credentials.apiKey, timeoutMs: 2_000, ...over });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as EspoError,
  );

beforeAll(async () => {
  fake = await startEspoFake({ clock: () => new Date(now) });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.resetLockout();
  fake.requests.length = 0;
});

describe("EspoCRM authentication", () => {
  it("an API user by X-Api-Key", async () => {
    const me = await client().whoAmI();
    expect(me).toMatchObject({ userName: "max-api", type: "api", isAdmin: false });
    expect(fake.requests[0]).toMatchObject({
      method: "GET",
      path: "/App/user",
      auth: "api-key",
      status: 200,
    });
    expect(fake.requests[0]?.headers["x-api-key"]).toBe(fake.credentials.apiKey);
  });

  it("an API user by HMAC of METHOD + path after /api/v1, without the query", async () => {
    const { key, secret } = fake.credentials.hmac;
    const hmac = client({ apiKey: key, hmacSecret: secret });
    await hmac.listLeads({ maxSize: 5, where: [{ type: "equals", attribute: "status", value: "New" }] });
    const sent = fake.requests[0];
    expect(sent).toMatchObject({ path: "/Lead", auth: "hmac", status: 200 });
    expect(sent?.query).toMatchObject({ maxSize: "5" });
    const digest = createHmac("sha256", secret).update("GET /Lead").digest("hex");
    const expected = Buffer.from(`${key}:${digest}`).toString("base64");
    expect(sent?.headers["x-hmac-authorization"]).toBe(expected);
    expect(hmacAuthorization(key, secret, "GET", "Lead?maxSize=5")).toBe(expected);
    expect(sent?.headers["x-api-key"]).toBeUndefined();

    const wrong = await caught(client({ apiKey: key, hmacSecret: "not-the-secret" }).whoAmI());
    expect(wrong).toMatchObject({ code: "unauthorized", status: 401, retryable: false });
    // An HMAC user's key is no API key: each user has one method.
    expect(await caught(client({ apiKey: key }).whoAmI())).toMatchObject({ code: "unauthorized" });
  });

  it("an admin user by Espo-Authorization; the field manager refuses an API user", async () => {
    const admin = client({ admin: fake.credentials.admin });
    expect(await admin.adminWhoAmI()).toMatchObject({ userName: "admin", isAdmin: true });
    const sent = fake.requests.at(-1);
    expect(sent?.auth).toBe("espo");
    const basic = Buffer.from(`${fake.credentials.admin.user}:${fake.credentials.admin.password}`).toString(
      "base64",
    );
    expect(sent?.headers["espo-authorization"]).toBe(basic);

    // An API key on an admin endpoint: 403 with an empty reason.
    const res = await fetch(`${fake.apiUrl}Admin/fieldManager/Lead`, {
      method: "POST",
      headers: { "x-api-key": fake.credentials.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ name: "incoterm", type: "varchar", label: "Incoterm" }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-status-reason")).toBeNull();

    // Without admin credentials the client does not even ask.
    const before = fake.requests.length;
    const refused = await caught(
      client().createField({ name: "incoterm", type: "varchar", label: "Incoterm" }),
    );
    expect(refused).toMatchObject({ code: "forbidden", status: null });
    expect(fake.requests.length).toBe(before);
    // API users can never log in as users.
    const apiAsUser = client({ admin: { user: "max-api", password: fake.credentials.apiKey } });
    expect(await caught(apiAsUser.adminWhoAmI())).toMatchObject({ code: "unauthorized" });
  });

  it("no credentials: a 401 with an empty body, and a Basic challenge on a GET", async () => {
    const res = await fetch(`${fake.apiUrl}Lead`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
    expect(res.headers.get("www-authenticate")).toBe('Basic realm=""');
    const post = await fetch(`${fake.apiUrl}Lead`, { method: "POST" });
    expect(post.status).toBe(401);
    expect(post.headers.get("www-authenticate")).toBeNull();
  });

  it("a 401 is final: one request, not retryable", async () => {
    const error = await caught(client({ apiKey: "wrong" }).listLeads());
    expect(error).toMatchObject({
      code: "unauthorized",
      status: 401,
      retryable: false,
      mayHaveApplied: false,
    });
    expect(error.message).toContain("GET /Lead 401");
    expect(error.message).not.toContain("wrong");
    expect(fake.requests).toHaveLength(1);
  });

  it("more than 10 failed logins from one IP in 60 s lock it out, good key included, until they age out", async () => {
    const bad = client({ apiKey: "wrong" });
    const good = client();
    for (let i = 0; i < 10; i++) {
      expect(await caught(bad.whoAmI())).toMatchObject({ code: "unauthorized" });
    }
    // Ten failures are the limit, not over it.
    await expect(good.whoAmI()).resolves.toMatchObject({ userName: "max-api" });
    expect(await caught(bad.whoAmI())).toMatchObject({ code: "unauthorized" });
    const locked = await caught(good.whoAmI());
    expect(locked).toMatchObject({ code: "locked_out", status: 403, retryable: false });
    expect(locked.reason).toMatch(/^Max failed login attempts exceeded/);
    // Refused attempts do not extend the lock; once the failures are over 60 s old it lifts.
    now += 30_000;
    expect(await caught(good.whoAmI())).toMatchObject({ code: "locked_out" });
    now += 31_000;
    await expect(good.whoAmI()).resolves.toMatchObject({ userName: "max-api" });
  });

  it("accepts the site URL with or without /api/v1", async () => {
    await expect(client({ url: `${fake.siteUrl}/` }).whoAmI()).resolves.toMatchObject({
      userName: "max-api",
    });
    await expect(client({ url: fake.apiUrl }).whoAmI()).resolves.toMatchObject({ userName: "max-api" });
  });
});
