// `max connect espocrm` and `max sync espocrm` as an operator runs them, in-process on a real SQLite
// file against the loopback EspoCRM: the key checked once (a 401 is never retried), a lockout said
// plainly, the fields M.A.X. needs created with an admin user (their `c` prefix found), the webhooks
// registered to MAX_PUBLIC_URL, the leads imported with counts, and no secret in any output.
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { inProcessMax } from "../helpers/cli.js";
import { type EspoFake, startEspoFake } from "../helpers/espocrm-fake.js";
import { makeTenant, tempDir } from "../helpers/store.js";

const dbPath = join(tempDir("max-espocrm-cli-"), "max.db");
const PUBLIC_URL = "https://max.agence.test";
const max = inProcessMax(() => dbPath, { MAX_PUBLIC_URL: PUBLIC_URL });
let fake: EspoFake;

const withStore = <T>(fn: (store: ReturnType<typeof openStore>) => T): T => {
  const store = openStore({ path: dbPath });
  try {
    return fn(store);
  } finally {
    store.close();
  }
};

beforeAll(async () => {
  fake = await startEspoFake({ allowedFrom: ["max@agence.test"] });
  withStore((store) => {
    const { tenant, scope } = makeTenant(store, "agence", { vertical: "b2b" });
    makeTenant(store, "autre", { vertical: "coaching" });
    store.leads.create(scope, { firstName: "Julie", lastName: "Locale", email: "julie@locale.fr" });
    return tenant;
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.resetLockout();
});

const secrets = () => [
  fake.credentials.apiKey,
  fake.credentials.hmac.secret,
  fake.credentials.admin.password,
  ...fake.webhooks().map((w) => String(w.secretKey)),
];

describe("max connect espocrm", () => {
  it("refuses a wrong key after one try, in French, and stores nothing", async () => {
    const before = fake.requests.length;
    const r = await max(
      "connect",
      "espocrm",
      "--tenant",
      "agence",
      "--url",
      fake.siteUrl,
      "--api-key",
      "wrong-key",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/EspoCRM refuse ces identifiants \(401\).*Aucun nouvel essai/);
    expect(fake.requests.slice(before).map((q) => q.status)).toEqual([401]);
    expect(r.stderr).not.toContain("wrong-key");
    expect(withStore((s) => s.espocrm.get(s.tenants.getBySlug("agence")?.id ?? 0))).toBeUndefined();
  });

  it("says so when EspoCRM has locked our address out after failed logins, and tries nothing more", async () => {
    for (let i = 0; i < 11; i++) {
      await fetch(`${fake.apiUrl}App/user`, { headers: { "X-Api-Key": `guess-${i}` } });
    }
    const before = fake.requests.length;
    const r = await max(
      "connect",
      "espocrm",
      "--tenant",
      "agence",
      "--url",
      fake.siteUrl,
      "--api-key",
      fake.credentials.apiKey,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bloque cette adresse après trop d'échecs de connexion : attendez une minute/);
    expect(fake.requests.length - before).toBe(1);
  });

  it("checks the usage before calling EspoCRM", async () => {
    const before = fake.requests.length;
    for (const [args, message] of [
      [["--tenant", "agence", "--api-key", "k"], /--url est requis/],
      [["--tenant", "agence", "--url", "ftp://crm.test", "--api-key", "k"], /--url attend une adresse http/],
      [["--tenant", "agence", "--url", fake.siteUrl], /--api-key est requis/],
      [["--tenant", "agence", "--url", fake.siteUrl, "--api-key", "k", "--admin-user", "a"], /vont ensemble/],
    ] as const) {
      const r = await max("connect", "espocrm", ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(fake.requests.length).toBe(before);
  });

  it("links the tenant: fields created with the admin user, webhooks registered, leads imported, secrets masked", async () => {
    fake.seedLeads(30, (i) => ({ status: i % 2 ? "Converted" : "New" }));
    const r = await max(
      "connect",
      "espocrm",
      "--tenant",
      "agence",
      "--url",
      fake.siteUrl,
      "--api-key",
      fake.credentials.hmac.key,
      "--hmac-secret",
      fake.credentials.hmac.secret,
      "--admin-user",
      fake.credentials.admin.user,
      "--admin-password",
      fake.credentials.admin.password,
      "--from",
      "max@agence.test",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /EspoCRM relié à agence .* utilisateur API max-api-hmac, administrateur admin \(clés masquées : \*\*\*\)/,
    );
    expect(r.stdout).toMatch(/Champs créés dans EspoCRM : cTags, cStatutB2b, cSecteurB2b, cTailleEntreprise/);
    expect(r.stdout).toContain(`4 webhooks enregistrés vers ${PUBLIC_URL}/espocrm/webhook`);
    expect(r.stdout).toMatch(/Import depuis EspoCRM terminé : 30 leads créés, 0 mis à jour, 0 ignoré\./);
    expect(r.stdout).toMatch(/1 lead de M.A.X. à créer dans EspoCRM\./);
    expect(r.stdout).toMatch(/Vers EspoCRM : 1 envoi fait/);
    for (const secret of secrets()) expect(r.stdout).not.toContain(secret);

    expect(fake.fields().cStatutB2b).toMatchObject({
      type: "enum",
      options: expect.arrayContaining(["devis_envoye"]),
    });
    expect(fake.fields().cTags).toMatchObject({ type: "array", isCustom: true });
    expect(fake.webhooks().map((w) => [w.event, w.url])).toEqual(
      ["Lead.create", "Lead.update", "Lead.fieldUpdate.status", "Lead.delete"].map((e) => [
        e,
        `${PUBLIC_URL}/espocrm/webhook?tenant=agence`,
      ]),
    );
    // The local lead went there, once.
    expect(fake.leads().filter((l) => l.emailAddress === "julie@locale.fr")).toHaveLength(1);
    withStore((store) => {
      const tenantId = store.tenants.getBySlug("agence")?.id ?? 0;
      // Stored like the mailbox's passwords; masked in the audit trail.
      expect(store.espocrm.get(tenantId)).toMatchObject({
        apiKey: fake.credentials.hmac.key,
        hmacSecret: fake.credentials.hmac.secret,
        adminPassword: fake.credentials.admin.password,
      });
      const audit = JSON.stringify(store.audit.list(tenantId, { entity: "tenant" }));
      expect(audit).toContain("espocrm.connect");
      for (const secret of secrets()) expect(audit).not.toContain(secret);
      expect(store.leads.search(tenantId, { limit: 100 }).total).toBe(31);
    });
  });

  it("answers in JSON with --json, secrets masked; a second sync finds nothing new", async () => {
    const r = await max("sync", "espocrm", "--tenant", "agence", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      tenant: "agence",
      imported: false,
      pulled: { created: 0, updated: 0, skipped: 0, deleted: 0, merged: 0 },
      pushed: { sent: 0, failed: 0 },
    });
    const link = await max(
      "connect",
      "espocrm",
      "--tenant",
      "agence",
      "--url",
      fake.siteUrl,
      "--api-key",
      fake.credentials.hmac.key,
      "--hmac-secret",
      fake.credentials.hmac.secret,
      "--json",
    );
    expect(link.code).toBe(0);
    const json = JSON.parse(link.stdout);
    expect(json.link).toMatchObject({ apiKey: "***", hmacSecret: "***", adminPassword: null });
    expect(json.link.webhooks.every((w: { secretKey: string }) => w.secretKey === "***")).toBe(true);
    // Reconnecting replaced the webhooks instead of piling them up.
    expect(fake.webhooks()).toHaveLength(4);
    for (const secret of secrets()) expect(link.stdout).not.toContain(secret);
  });

  it("without an admin user, names the fields it could not create and syncs without them", async () => {
    withStore((store) => {
      const tenant = store.tenants.getBySlug("autre");
      if (!tenant) throw new Error("no tenant");
      store.leads.create({ tenantId: tenant.id, actor: "test" }, { firstName: "Paul", tags: ["vip"] });
    });
    const other = await startEspoFake();
    try {
      const r = await max(
        "connect",
        "espocrm",
        "--tenant",
        "autre",
        "--url",
        other.siteUrl,
        "--api-key",
        other.credentials.apiKey,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /Champs absents, non synchronisés faute d'administrateur .*: Tags, Statut M.A.X., Type de coaching/,
      );
      expect(Object.keys(other.fields()).filter((f) => /^c[A-Z]/.test(f))).toEqual([]);
      expect(other.leads().map((l) => [l.firstName, l.status])).toEqual([["Paul", "New"]]);
    } finally {
      await other.close();
    }
  });

  it("sync needs a link first", async () => {
    withStore((store) => makeTenant(store, "sans-crm"));
    const r = await max("sync", "espocrm", "--tenant", "sans-crm");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/n'est relié à aucun EspoCRM : lancez d'abord max connect espocrm/);
  });
});
