// `max serve`: the channels' HTTP server and its workers, until SIGINT or SIGTERM; then it stops
// taking requests, finishes the turn in progress and gives the queued ones back.
import { serve } from "../main.js";
import { ensureDigests } from "../scenarios/digest.js";
import { ensureRescores } from "../scenarios/rescore.js";
import type { CommandContext } from "./io.js";
import { parseFlags } from "./io.js";

export async function serveCommand(
  context: CommandContext,
  banner?: (url: string) => string,
): Promise<number> {
  parseFlags(context.args, {});
  const store = context.openStore();
  // Each staff user's next daily digest and each tenant's nightly rescore of its leads are on the
  // queue (idempotent: one per user, or tenant, and day).
  ensureDigests(store);
  ensureRescores(store);
  const running = await serve(context.config, store, undefined, { worker: "thread" });
  context.io.stdout(banner?.(running.url) ?? `M.A.X. écoute sur ${running.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  context.io.stdout("Arrêt : je termine le tour en cours…\n");
  await running.close();
  store.close();
  return 0;
}
