// `max chat`: talk to M.A.X. in the terminal (default: the demo coach). Each line is one turn; the
// reply shows confirmation cards and costs, then the mode and the balance. "quitter" or Ctrl-D ends.
import { createInterface } from "node:readline";
import { offlineClassifier } from "../agent/nlu/model.js";
import { runTurn } from "../agent/turn.js";
import { MODE_LABELS } from "../domain/index.js";
import { createRuntime } from "../runtime.js";
import { agentContext, refreshed, withConversation } from "./agent-context.js";
import { type CommandContext, parseCommand, UsageError } from "./io.js";

const QUIT = /^(quitter|quit|exit|bye|au revoir)[.!\s]*$/i;
export const DEMO_TENANT = "demo-coaching";

export async function chatCommand({ io, args, config, openStore }: CommandContext): Promise<number> {
  const { values } = parseCommand(args, {
    tenant: { type: "string" },
    user: { type: "string" },
    conversation: { type: "string" },
  });
  if (!io.stdin) throw new UsageError("max chat a besoin d'un terminal");
  const store = openStore();
  try {
    const runtime = createRuntime(config, store);
    let ctx = withConversation(
      agentContext(runtime, { tenant: values.tenant ?? DEMO_TENANT, user: values.user }),
      values.conversation,
    );
    const { brain } = runtime;
    // Loaded before the prompt, so the first answer does not wait for it; lines typed meanwhile
    // stay in stdin's buffer and are read in order.
    await offlineClassifier();
    const status = () =>
      `— ${ctx.tenant.name} · mode ${MODE_LABELS[ctx.mode]} · ${store.ledger.balance(ctx.tenant.id)} jetons`;
    const brainLabel = brain.kind === "llm" ? `modèle ${brain.model}` : "cerveau hors ligne (sans modèle)";
    io.stdout(
      `M.A.X. — ${ctx.user?.name} chez ${ctx.tenant.name}, ${brainLabel}. « aide » pour des exemples, « quitter » pour sortir.\n${status()}\n`,
    );
    const prompt = () => io.stdin?.isTTY && io.stdout("vous › ");
    prompt();
    for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
      const text = line.trim();
      if (QUIT.test(text)) break;
      if (text) {
        ctx = refreshed(ctx);
        const turn = await runTurn(brain, ctx, text);
        ctx = refreshed(ctx);
        io.stdout(`M.A.X. › ${turn.reply}\n${status()}\n`);
      }
      prompt();
    }
    io.stdout("À bientôt !\n");
    return 0;
  } finally {
    store.close();
  }
}
