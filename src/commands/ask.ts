// `max ask TEXT`: one turn with M.A.X. (the LLM agent when a model is configured, else the offline brain).
import { runTurn } from "../agent/turn.js";
import { MODES } from "../domain/index.js";
import { createRuntime } from "../runtime.js";
import { agentContext, turnJson, withConversation } from "./agent-context.js";
import { type CommandContext, oneOf, parseCommand, printJson, UsageError } from "./io.js";

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
    const runtime = createRuntime(config, store);
    const ctx = withConversation(agentContext(runtime, values, mode), values.conversation);
    const turn = await runTurn(runtime.brain, ctx, text);
    if (values.json) printJson(io, turnJson(ctx, turn.reply, turn.outcomes, mode));
    else io.stdout(`${turn.reply}\n`);
    return 0;
  } finally {
    store.close();
  }
}
