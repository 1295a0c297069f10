// `max confirm ID` and `max cancel ID`: a human decides on a pending action, without any model.
import { cancelPending, confirmPending } from "../agent/confirmations.js";
import { createRuntime } from "../runtime.js";
import { agentContext, turnJson } from "./agent-context.js";
import { type CommandContext, intFlag, parseCommand, printJson, UsageError } from "./io.js";

function decideCommand(decision: "confirm" | "cancel") {
  return async ({ io, args, config, openStore }: CommandContext): Promise<number> => {
    const { values, positionals } = parseCommand(args, {
      tenant: { type: "string" },
      user: { type: "string" },
    });
    const id = intFlag("id", positionals[0], 1, Number.MAX_SAFE_INTEGER);
    if (id === undefined || positionals.length !== 1)
      throw new UsageError(`max ${decision} --tenant SLUG ID`);
    const store = openStore();
    try {
      const ctx = agentContext(createRuntime(config, store), values);
      const outcome = decision === "confirm" ? await confirmPending(ctx, id) : cancelPending(ctx, id);
      if (values.json) printJson(io, turnJson(ctx, outcome.message, [outcome]));
      else io.stdout(`${outcome.message}\n`);
      return 0;
    } finally {
      store.close();
    }
  };
}

export const confirmCommand = decideCommand("confirm");
export const cancelCommand = decideCommand("cancel");
