// `max connect n8n` as an operator runs it: a real process on a real SQLite file.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { deriveTenantKey } from "../src/integrations/n8n-signature.js";
import { openStore } from "../src/store/index.js";
import { makeTenant, tempDir } from "./helpers/store.js";

const exec = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const dbPath = join(tempDir("max-connect-"), "max.db");
const SECRET = "n8n-master-secret-for-cli-tests";

async function max(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await exec(process.execPath, ["bin/max.js", ...args], {
      cwd: ROOT,
      // An empty value is "unset" for M.A.X.: the developer's own secret never leaks into a test.
      env: { ...process.env, MAX_DB_PATH: dbPath, LOG_LEVEL: "silent", MAX_N8N_SECRET: "", ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
const withSecret = { MAX_N8N_SECRET: SECRET };

function webhookOf(slug: string): string | null | undefined {
  const store = openStore({ path: dbPath });
  try {
    return store.tenants.getBySlug(slug)?.n8nWebhookUrl;
  } finally {
    store.close();
  }
}

beforeAll(() => {
  const store = openStore({ path: dbPath });
  makeTenant(store, "agence", { vertical: "b2b" });
  store.close();
});

describe("max connect n8n", () => {
  it("stores the webhook base and prints the tenant's derived signing key once, never the master secret", async () => {
    const r = await max(
      withSecret,
      "connect",
      "n8n",
      "--tenant",
      "agence",
      "--url",
      "https://n8n.agence.fr/webhook/",
    );
    expect(r.code).toBe(0);
    const key = deriveTenantKey(SECRET, "agence");
    expect(r.stdout.split(key)).toHaveLength(2);
    expect(r.stdout).toMatch(/n8n connecté pour agence : .*https:\/\/n8n\.agence\.fr\/webhook\/<scénario>/);
    expect(r.stdout).toMatch(/MAX_N8N_SECRET/);
    expect(r.stdout).not.toContain(SECRET);
    expect(webhookOf("agence")).toBe("https://n8n.agence.fr/webhook");
  }, 30_000);

  it("answers in JSON with --json", async () => {
    const r = await max(
      withSecret,
      "connect",
      "n8n",
      "--tenant",
      "agence",
      "--url",
      "http://127.0.0.1:5678/webhook",
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      tenant: "agence",
      integration: "n8n",
      webhookUrl: "http://127.0.0.1:5678/webhook",
      signingKey: deriveTenantKey(SECRET, "agence"),
    });
    expect(webhookOf("agence")).toBe("http://127.0.0.1:5678/webhook");
  }, 30_000);

  it.each<[string, Record<string, string>, string[], RegExp]>([
    [
      "without MAX_N8N_SECRET",
      {},
      ["--tenant", "agence", "--url", "https://autre.fr/webhook"],
      /MAX_N8N_SECRET n'est pas défini/,
    ],
    [
      "an ftp URL",
      withSecret,
      ["--tenant", "agence", "--url", "ftp://n8n.agence.fr"],
      /--url attend une URL http:\/\/ ou https:\/\//,
    ],
    [
      "a URL with a query",
      withSecret,
      ["--tenant", "agence", "--url", "https://n8n.agence.fr/w?x=1"],
      /--url attend une URL sans paramètres/,
    ],
    ["no URL", withSecret, ["--tenant", "agence"], /--url URL est requis/],
    [
      "an unknown tenant",
      withSecret,
      ["--tenant", "nope", "--url", "https://autre.fr/webhook"],
      /tenant inconnu « nope »/,
    ],
  ])(
    "refuses %s with one French line, exit 2, and changes nothing",
    async (_label, env, args, message) => {
      const before = webhookOf("agence");
      const r = await max(env, "connect", "n8n", ...args);
      expect(r).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(webhookOf("agence")).toBe(before);
    },
    30_000,
  );

  it("names the integrations it knows when given another", async () => {
    for (const args of [["connect", "fax"], ["connect"], ["connect", "constructor"]]) {
      const r = await max(withSecret, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /précisez l'intégration à connecter \(n8n, email, espocrm, slack, whatsapp, botframework\)/,
      );
    }
  }, 60_000);
});
