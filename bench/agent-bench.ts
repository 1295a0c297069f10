// Measurement 3: what M.A.X. adds around the model. The same two-step turn (the model calls a tool,
// then answers) over a loopback OpenAI server with zero latency, through M.A.X. (gate, ledger, store,
// memory) and through a bare LangChain createAgent with one equivalent tool writing the same note;
// the two are interleaved so drift hits both. Plus the prompt size per turn, counted with js-tiktoken.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { ChatOpenAI } from "@langchain/openai";
import { getEncoding } from "js-tiktoken";
import { createAgent, tool } from "langchain";
import { createBrain } from "../src/agent/brain.js";
import { modelTools } from "../src/agent/langchain-agent.js";
import { buildSystemPrompt } from "../src/agent/system-prompt.js";
import { toolSet } from "../src/agent/tool.js";
import { runTurn } from "../src/agent/turn.js";
import { openStore, type Store } from "../src/store/index.js";
import { addNote } from "../tools/add-note.js";
import { TOOLS } from "../tools/index.js";
import { type Latency, latency } from "./lib/stats.js";
import { withTempDb } from "./lib/tmpdb.js";

const TURNS = 300;
const WARMUP = 30;
const MEMORY_MESSAGES = 40;

export interface AgentResults {
  turns: number;
  max: Latency;
  bare: Latency;
  maxWithHistory: Latency;
  ratioP50: number;
  prompt: { systemTokens: number; toolTokens: number; tools: number; encoding: string };
}

const MAX_TOOLS = toolSet(TOOLS);
const SERVER = fileURLToPath(new URL("./openai-server-worker.ts", import.meta.url));

/** The loopback model server runs in its own process, so its JSON work is not billed to either agent. */
async function startModelServer(leadId: number) {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, String(leadId)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  return { baseUrl: chunk.toString().trim(), close: () => child.kill("SIGTERM") };
}

function world(store: Store) {
  const tenant = store.tenants.create({
    slug: "bench",
    name: "Bench",
    plan: "pro",
    vertical: "b2b",
    defaultMode: "auto",
  });
  const scope = { tenantId: tenant.id, actor: "bench" };
  store.ledger.addPacks(scope, 10);
  const user = store.users.create(scope, { name: "Bench", role: "owner", email: "bench@bench.test" });
  const lead = store.leads.create(scope, { firstName: "Jean", lastName: "Dupont" });
  return { tenant, scope, user, leadId: lead.id };
}

async function timed(samples: number[], run: () => Promise<unknown>, keep: boolean) {
  const start = performance.now();
  await run();
  if (keep) samples.push(performance.now() - start);
}

function promptSize(store: Store, tenantId: number) {
  const encoding = "o200k_base";
  const enc = getEncoding(encoding);
  const tenant = store.tenants.require(tenantId);
  const system = buildSystemPrompt(tenant, "assiste", store.ledger.balance(tenantId), new Date());
  const offered = modelTools(MAX_TOOLS);
  const tools = JSON.stringify(offered.map((t) => convertToOpenAITool(t)));
  return {
    systemTokens: enc.encode(system).length,
    toolTokens: enc.encode(tools).length,
    tools: offered.length,
    encoding,
  };
}

export async function agentBench(log: (line: string) => void): Promise<AgentResults> {
  return withTempDb("agent", async (path) => {
    const store = openStore({ path });
    const w = world(store);
    const llm = await startModelServer(w.leadId);
    try {
      const llmConfig = {
        provider: "openai" as const,
        model: "bench",
        baseUrl: llm.baseUrl,
        apiKey: "sk-bench",
        timeoutMs: 10_000,
      };
      const brain = createBrain({ ...llmConfig, memoryMessages: MEMORY_MESSAGES }, MAX_TOOLS);
      const bareNote = tool(
        async ({ leadId, text }) => {
          store.activities.add(w.scope, leadId, { kind: "note", body: text });
          return "Note ajoutée.";
        },
        { name: addNote.name, description: addNote.description, schema: addNote.schema },
      );
      const bare = createAgent({
        model: new ChatOpenAI({
          model: "bench",
          apiKey: "sk-bench",
          configuration: { baseURL: llm.baseUrl },
          maxRetries: 0,
        }),
        tools: [bareNote],
      });
      const tenant = store.tenants.require(w.tenant.id);
      const ctxFor = (conversation: string) => ({
        store,
        tools: MAX_TOOLS,
        tenant,
        user: w.user,
        scope: { tenantId: tenant.id, actor: `user:${w.user.id}` },
        mode: "auto" as const,
        conversationId: store.conversations.open(tenant.id, "bench", conversation, w.user.id).id,
      });
      const samples = { max: [] as number[], bare: [] as number[], history: [] as number[] };
      const ongoing = ctxFor("ongoing");
      log(`agent: ${WARMUP} warm-up + ${TURNS} turns each way over ${llm.baseUrl}`);
      for (let i = 0; i < WARMUP + TURNS; i++) {
        const keep = i >= WARMUP;
        await timed(
          samples.max,
          () => runTurn(brain, ctxFor(`turn-${i}`), "note sur Dupont : rappeler lundi"),
          keep,
        );
        await timed(
          samples.bare,
          () => bare.invoke({ messages: [{ role: "user", content: "note sur Dupont : rappeler lundi" }] }),
          keep,
        );
        await timed(samples.history, () => runTurn(brain, ongoing, "note sur Dupont : rappeler lundi"), keep);
      }
      const result = {
        turns: TURNS,
        max: latency(samples.max),
        bare: latency(samples.bare),
        maxWithHistory: latency(samples.history),
        ratioP50: 0,
        prompt: promptSize(store, w.tenant.id),
      };
      result.ratioP50 = result.max.p50 / result.bare.p50;
      return result;
    } finally {
      llm.close();
      store.close();
    }
  });
}
