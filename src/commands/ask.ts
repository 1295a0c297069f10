// `max ask TEXT`: one turn with M.A.X. (the offline brain until a model is configured).
import { offlineTurn } from "../agent/offline-turn.js";
import { MODES } from "../domain/index.js";
import { agentContext, turnJson } from "./agent-context.js";
import { type CommandContext, parseCommand, printJson, UsageError } from "./io.js";
import { oneOf } from "./leads.js";

export async function askCommand({ io, args, config, openStore }: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    tenant: { type: "string" },
    user: { type: "string" },
    mode: { type: "string" },
  });
  const text = positionals.join(" ").trim();
  if (!text) throw new UsageError('que faut-il demander ? max ask --tenant SLUG "cherche Dupont"');
  const mode = oneOf("mode", values.mode, MODES);
  const store = openStore();
  try {
    const ctx = agentContext(store, config, values, mode);
    const turn = await offlineTurn(ctx, text);
    if (values.json) printJson(io, turnJson(ctx, turn.reply, turn.outcomes));
    else io.stdout(`${turn.reply}\n`);
    return 0;
  } finally {
    store.close();
  }
}
