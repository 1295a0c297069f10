// The `max` command as a user runs it: a real process on a real SQLite file.
import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { startOpenAiLoopback } from "./helpers/openai-loopback.js";
import { tempDir } from "./helpers/store.js";

const exec = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const dbPath = join(tempDir("max-cli-"), "max.db");

const baseEnv = () => ({ ...process.env, MAX_DB_PATH: dbPath, LOG_LEVEL: "silent" });

async function max(...args: string[]) {
  return maxWithEnv({}, ...args);
}

async function maxWithEnv(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await exec(process.execPath, ["bin/max.js", ...args], {
      cwd: ROOT,
      env: { ...baseEnv(), ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Runs `max` with what a user would type on its standard input. */
function maxTyping(input: string, ...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/max.js", ...args], { cwd: ROOT, env: baseEnv() });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}

/** Every row of every table, to compare whole databases. */
function dump(): string {
  const db = new Database(dbPath, { readonly: true });
  const tables = db
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'leads_fts%' order by name",
    )
    .all() as Array<{ name: string }>;
  const out = JSON.stringify(
    tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by rowid`).all()]),
  );
  db.close();
  return out;
}

interface LeadJson {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  status: string;
  tags: string[];
}

beforeAll(async () => {
  const migrate = await max("migrate", "--json");
  expect(migrate.code).toBe(0);
  expect(JSON.parse(migrate.stdout).migrations).toBeGreaterThanOrEqual(2);
}, 30_000);

describe("max seed --demo", () => {
  it("creates the two demo tenants once; running it again changes nothing", async () => {
    const first = await max("seed", "--demo", "--json");
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created).toEqual([
      expect.objectContaining({ slug: "demo-coaching", created: true }),
      expect.objectContaining({ slug: "demo-b2b", created: true }),
    ]);
    for (const t of created) expect(t.leads).toBeGreaterThanOrEqual(50);
    const afterFirst = dump();
    const second = await max("seed", "--demo", "--json");
    expect(JSON.parse(second.stdout).map((t: { created: boolean }) => t.created)).toEqual([false, false]);
    expect(dump()).toBe(afterFirst);
  }, 60_000);
});

describe("max leads", () => {
  it("prints leads as JSON with id, name, company, email, status and tags", async () => {
    const r = await max("leads", "--tenant", "demo-b2b", "--query", "dupont", "--json");
    expect(r.code).toBe(0);
    const leads = JSON.parse(r.stdout) as LeadJson[];
    expect(leads).toEqual([
      expect.objectContaining({
        name: "Jean Dupont",
        company: "Dupont Logistique",
        status: "devis_envoye",
        tags: expect.any(Array),
      }),
    ]);
    expect(leads[0]).toHaveProperty("id");
    expect(leads[0]).toHaveProperty("email");
  }, 30_000);

  it("filters by status, tag and inactivity, and limits", async () => {
    const r = await max(
      "leads",
      "--tenant",
      "demo-b2b",
      "--status",
      "devis_envoye",
      "--inactive-days",
      "3",
      "--limit",
      "50",
      "--json",
    );
    const leads = JSON.parse(r.stdout) as LeadJson[];
    expect(leads.length).toBeGreaterThanOrEqual(8);
    expect(leads.every((l) => l.status === "devis_envoye")).toBe(true);
    const tagged = JSON.parse(
      (await max("leads", "--tenant", "demo-coaching", "--tag", "vip", "--limit", "3", "--json")).stdout,
    ) as LeadJson[];
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.length).toBeLessThanOrEqual(3);
    expect(tagged.every((l) => l.tags.includes("vip"))).toBe(true);
  }, 30_000);
});

describe("max tokens", () => {
  it("prints the budget and credits a pack", async () => {
    const before = JSON.parse((await max("tokens", "--tenant", "demo-b2b", "--json")).stdout);
    expect(before).toEqual({
      plan: "standard",
      balance: expect.any(Number),
      allowance: 100,
      usedThisPeriod: expect.any(Number),
      forecastExhaustion: expect.toSatisfy(
        (v: unknown) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(String(v)),
      ),
      period: expect.any(String),
      dailyRate: expect.any(Number),
      refunds: [],
      llm: {
        turns: expect.any(Number),
        calls: expect.any(Number),
        inputTokens: expect.any(Number),
        outputTokens: expect.any(Number),
      },
    });
    const after = JSON.parse((await max("tokens", "--tenant", "demo-b2b", "--add-pack", "--json")).stdout);
    expect(after.balance).toBe(before.balance + 500);
  }, 30_000);
});

describe("max ask, confirm and cancel (offline brain)", () => {
  const ask = async (...args: string[]) =>
    JSON.parse((await max("ask", "--tenant", "demo-b2b", "--json", ...args)).stdout);

  it("prepares in Assisté, runs once on confirmation, and reports from the real result", async () => {
    const drafted = await ask("--mode", "assiste", "passe Jean Dupont en en_negociation");
    expect(drafted).toMatchObject({ mode: "assiste", executed: [] });
    expect(drafted.pending).toEqual([
      expect.objectContaining({ tool: "update_status", cost: 1, balanceAfter: drafted.balance - 1 }),
    ]);
    const id = String(drafted.pending[0].id);
    const confirmed = JSON.parse((await max("confirm", "--tenant", "demo-b2b", "--json", id)).stdout);
    expect(confirmed).toMatchObject({
      balance: drafted.balance - 1,
      executed: [{ tool: "update_status", cost: 1, ok: true }],
    });
    expect(confirmed.reply).toMatch(/Jean Dupont est maintenant en « En négociation »/);
    const again = JSON.parse((await max("confirm", "--tenant", "demo-b2b", "--json", id)).stdout);
    expect(again).toMatchObject({ executed: [], balance: confirmed.balance });
    expect(again.reply).toMatch(/déjà exécutée/);
  }, 60_000);

  it("only suggests in Conseil and acts at once in Auto", async () => {
    const advised = await ask("--mode", "conseil", "ajoute le tag vip à Jean Dupont");
    expect(advised).toMatchObject({ mode: "conseil", pending: [], executed: [] });
    expect(advised.reply).toMatch(/Conseil/);
    const done = await ask("--mode", "auto", "ajoute le tag vip à Jean Dupont");
    expect(done).toMatchObject({ mode: "auto", executed: [{ tool: "apply_tags", ok: true }] });
    const leads = JSON.parse(
      (await max("leads", "--tenant", "demo-b2b", "--query", "Jean Dupont", "--json")).stdout,
    );
    expect(leads[0].tags).toContain("vip");
    await ask("--mode", "assiste", "solde");
  }, 60_000);

  it("applies --mode to that one call only: the tenant's mode is never written by it", async () => {
    const mode = async () =>
      JSON.parse((await max("mode", "--tenant", "demo-b2b", "--json")).stdout) as { mode: string };
    const before = (await mode()).mode;
    const done = await ask("--mode", "auto", "ajoute le tag salon à Jean Dupont");
    expect(done).toMatchObject({
      mode: "auto",
      tenantMode: before,
      executed: [{ tool: "apply_tags", ok: true }],
    });
    expect((await mode()).mode).toBe(before);
    const told = await ask("mode ?");
    expect(told.reply).toMatch(/^Mode (Conseil|Assisté|Auto) : .* Pour changer : .*\(sans frais\)\.$/);
  }, 60_000);

  it("changes the mode with `max mode`, for nothing; Auto only after two confirmations", async () => {
    const set = (...args: string[]) => max("mode", "--tenant", "demo-b2b", "--json", ...args);
    const balance = async () =>
      JSON.parse((await max("tokens", "--tenant", "demo-b2b", "--json")).stdout).balance as number;
    const before = await balance();
    expect(JSON.parse((await set("conseil")).stdout)).toMatchObject({ mode: "conseil" });
    const refused = await set("auto");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/deux confirmations : relancez avec --yes --yes/);
    expect((await set("auto", "--yes")).code).toBe(2);
    expect(JSON.parse((await set("auto", "--yes", "--yes")).stdout)).toMatchObject({
      mode: "auto",
      previous: "conseil",
      changed: true,
    });
    expect(JSON.parse((await set("assiste")).stdout)).toMatchObject({ mode: "assiste" });
    expect(await balance()).toBe(before);
  }, 60_000);

  it("answers what it does not understand with what it can do", async () => {
    const help = await ask("bonjour M.A.X.");
    expect(help.reply).toMatch(
      /^Bonjour ! Je suis M\.A\.X\., l'assistant CRM de .*Essayez : « montre-moi mes leads chauds »/s,
    );
    const nothing = JSON.parse((await max("cancel", "--tenant", "demo-b2b", "--json", "999")).stdout);
    expect(nothing.reply).toMatch(/Aucune action en attente n°999/);
  }, 60_000);
});

describe("max ask with a model (loopback OpenAI server)", () => {
  it("runs the agent, keeps the conversation across processes, and never lets the model confirm", async () => {
    await max("seed", "--demo");
    const llm = await startOpenAiLoopback();
    try {
      const env = { MAX_LLM_MODEL: "test-model", MAX_LLM_BASE_URL: llm.baseUrl, OPENAI_API_KEY: "sk-test" };
      const ask = async (...args: string[]) =>
        JSON.parse((await maxWithEnv(env, "ask", "--tenant", "demo-b2b", "--json", ...args)).stdout);
      llm.script(
        { toolCalls: [{ name: "search_leads", args: { text: "Claire Bonnet" } }] },
        { content: "Je ne trouve personne de ce nom." },
      );
      const first = await ask("--mode", "assiste", "--conversation", "essai", "cherche Claire Bonnet");
      expect(first).toMatchObject({
        reply: "Je ne trouve personne de ce nom.",
        pending: [],
        executed: [{ tool: "search_leads", args: { text: "Claire Bonnet" }, cost: 0, ok: true }],
      });
      llm.script({ content: "Toujours personne, désolé." });
      await ask("--conversation", "essai", "et maintenant ?");
      const replayed = llm.requests.at(-1)?.messages.map((m) => m.role);
      expect(replayed).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
      const seen = llm.requests.length;
      const decided = await ask("--conversation", "essai", "confirme 424242");
      expect(decided.reply).toMatch(/Aucune action en attente n°424242/);
      expect(llm.requests.length).toBe(seen);
      const tokens = JSON.parse((await max("tokens", "--tenant", "demo-b2b", "--json")).stdout);
      // Two turns went to the model (three calls, 100 prompt tokens each from the loopback server).
      expect(tokens.llm).toMatchObject({ turns: expect.any(Number), calls: expect.any(Number) });
      expect(tokens.llm.turns).toBeGreaterThanOrEqual(2);
      expect(tokens.llm.inputTokens).toBeGreaterThanOrEqual(300);
    } finally {
      await llm.close();
    }
  }, 60_000);
});

describe("max ask when the model server fails and echoes our key", () => {
  it.each([401, 500])(
    "never prints the key (%i), on stdout or in the log on stderr",
    async (status) => {
      await max("seed", "--demo");
      const KEY = "sk-live-cli-0123456789abcdef";
      const llm = await startOpenAiLoopback(() => ({ status, echoAuthorization: true }));
      try {
        const env = {
          MAX_LLM_MODEL: "test-model",
          MAX_LLM_BASE_URL: llm.baseUrl,
          OPENAI_API_KEY: KEY,
          LOG_LEVEL: "warn",
        };
        const run = await maxWithEnv(env, "ask", "--tenant", "demo-b2b", "comment relancer mes devis ?");
        expect(run.code).toBe(0);
        expect(run.stdout.trim()).toBe(
          "Le modèle de langage n'a pas pu répondre. Réessayez dans un instant.",
        );
        expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
        // The failure is logged, the echoed header masked: the server did send the key back.
        expect(run.stderr).toMatch(/model turn failed/);
        expect(run.stderr).toContain("Authorization: [secret]");
      } finally {
        await llm.close();
      }
    },
    60_000,
  );
});

describe("max connect slack|whatsapp and max users", () => {
  it("links workspaces, numbers and identities; the demo comes linked", async () => {
    await max("seed", "--demo");
    const users = JSON.parse((await max("users", "--tenant", "demo-coaching", "--json")).stdout);
    expect(users[0]).toMatchObject({
      name: "Sophie Martin",
      identities: expect.arrayContaining(["slack:T0DEMO:U0DEMO", "whatsapp:+33600000001"]),
    });
    const linked = await max(
      "connect",
      "whatsapp",
      "--tenant",
      "demo-b2b",
      "--number",
      "01 00 00 00 02",
      "--json",
    );
    expect(JSON.parse(linked.stdout)).toEqual({
      tenant: "demo-b2b",
      integration: "whatsapp",
      number: "+33100000002",
    });
    const taken = await max("connect", "slack", "--tenant", "demo-b2b", "--team", "T0DEMO");
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/déjà relié à un autre compte/);
    const claire = await max(
      "users",
      "link",
      "--tenant",
      "demo-b2b",
      "--email",
      "claire@garnier-conseil.fr",
      "--whatsapp",
      "06 00 00 00 09",
      "--json",
    );
    expect(
      JSON.parse(claire.stdout).find((u: { name: string }) => u.name === "Claire Dubois").identities,
    ).toEqual(["whatsapp:+33600000009"]);
    const bad = await max(
      "users",
      "link",
      "--tenant",
      "demo-b2b",
      "--email",
      "claire@garnier-conseil.fr",
      "--slack",
      "claire",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/TEAM:USER/);
  }, 60_000);
});

describe("max chat", () => {
  it("talks in the terminal: a confirmation card, the confirmation, then the new balance", async () => {
    await max("seed", "--demo");
    const before = JSON.parse((await max("tokens", "--tenant", "demo-coaching", "--json")).stdout).balance;
    const input = "mode assisté\noui\najoute le tag vip à Aurélie Caron\noui\nsolde\nquitter\nsolde\n";
    const chat = await maxTyping(input, "chat");
    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(/^M\.A\.X\. — Sophie Martin chez Sophie Martin Coaching, cerveau hors ligne/);
    expect(chat.stdout).toMatch(
      /⏳ Action n°\d+ en attente : Tags de Aurélie Caron : ajouter vip\. Mode Assisté, coût 1 jeton/,
    );
    expect(chat.stdout).toMatch(/✅ Tags de Aurélie Caron : .*vip.* \(−1 jeton, solde \d+\)/);
    expect(chat.stdout.trim().split("\n").at(-1)).toBe("À bientôt !");
    const after = JSON.parse((await max("tokens", "--tenant", "demo-coaching", "--json")).stdout).balance;
    // One token for the mode change (if it was not already Assisté) is allowed; the tag costs one.
    expect(before - after).toBeGreaterThanOrEqual(1);
    expect(before - after).toBeLessThanOrEqual(2);
  }, 60_000);
});

describe("mistakes", () => {
  it.each([
    [["leads", "--tenant", "nope", "--json"], /tenant inconnu « nope »/],
    [["leads", "--json"], /--tenant SLUG est requis/],
    [["leads", "--tenant", "demo-b2b", "--limit", "ten"], /--limit attend un entier/],
    [
      ["leads", "--tenant", "demo-b2b", "--status", "inexistant"],
      /Statuts permis : Nouveau, En qualification/,
    ],
    [["leads", "--tenant", "demo-b2b", "--heat", "brulant"], /--heat attend chaud, tiede, froid/],
    [["tokens", "--tenant", "demo-b2b", "--packs", "0"], /--packs attend un entier entre 1 et 100/],
    [["leads", "--verbose"], /option inconnue --verbose/],
    [["seed"], /max seed --demo/],
    [["frobnicate"], /commande inconnue/],
    [["constructor"], /commande inconnue/],
    [[], /précisez une commande/],
    [["ask", "--tenant", "demo-b2b"], /que faut-il demander/],
    [["ask", "--tenant", "demo-b2b", "--mode", "turbo", "solde"], /--mode attend conseil, assiste, auto/],
    [["confirm", "--tenant", "demo-b2b", "abc"], /--id attend un entier/],
  ])(
    "max %j -> one line on stderr, exit code 2",
    async (args, message) => {
      const r = await max(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    },
    30_000,
  );

  it("stops on a bad configuration value, naming the variable", async () => {
    const r = await exec(process.execPath, ["bin/max.js", "migrate"], {
      cwd: ROOT,
      env: { ...process.env, MAX_DB_PATH: dbPath, MAX_BUSY_TIMEOUT_MS: "bientôt" },
    }).catch((e) => e as { code: number; stderr: string });
    expect(r).toMatchObject({ code: 2 });
    expect(r.stderr).toMatch(/MAX_BUSY_TIMEOUT_MS="bientôt"/);
  }, 30_000);

  it("refuses a database path that is not a SQLite file, without crashing", async () => {
    const notADb = join(tempDir("max-cli-"), "notes.txt");
    writeFileSync(notADb, "pas une base\n");
    const r = await exec(process.execPath, ["bin/max.js", "migrate"], {
      cwd: ROOT,
      env: { ...process.env, MAX_DB_PATH: notADb },
    }).catch((e) => e as { code: number; stderr: string });
    expect(r).toMatchObject({ code: 2 });
    expect(r.stderr).toMatch(/MAX_DB_PATH=.*SQLITE_NOTADB/);
  }, 30_000);
});
