// `max ask TEXT`: one turn with M.A.X. (the LLM agent when a model is configured, else the offline brain).
import { createBrain } from "../agent/brain.js";
import { runTurn } from "../agent/turn.js";
import { MODES } from "../domain/index.js";
import { agentContext, turnJson, withConversation } from "./agent-context.js";
import { type CommandContext, parseCommand, printJson, UsageError } from "./io.js";
import { oneOf } from "./leads.js";

export async function askCommand({ io, args, config, openStore }: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    tenant: { type: "string" },
    user: { type: "string" },
    mode: { type: "string" },
    conversation: { type: "string" },
  });
  const text = positionals.join(" ").trim();
  if (!text) throw new UsageError('que faut-il demander ? max ask --tenant SLUG "cherche Dupont"');
  const mode = oneOf("mode", values.mode, MODES);
  const store = openStore();
  try {
    const ctx = withConversation(agentContext(store, config, values, mode), values.conversation);
    const turn = await runTurn(createBrain(config.llm), ctx, text);
    if (values.json) printJson(io, turnJson(ctx, turn.reply, turn.outcomes));
    else io.stdout(`${turn.reply}\n`);
    return 0;
  } finally {
    store.close();
  }
}
