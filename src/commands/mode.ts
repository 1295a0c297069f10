// `max mode --tenant SLUG [conseil|assiste|auto] [--yes --yes] [--json]`: the tenant's mode, shown or
// changed by its operator. A setting, not an action: it costs no token. Switching to Auto takes two
// confirmations, as in chat: `--yes` twice, or two « oui » typed at the terminal's prompt.
import { createInterface } from "node:readline/promises";
import { MODE_LABELS, MODES, type Mode } from "../domain/index.js";
import { type CommandContext, oneOf, parseCommand, printJson, UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

const MEANING: Record<Mode, string> = {
  conseil: "je suggère sans jamais agir",
  assiste: "je prépare, vous confirmez chaque action",
  auto: "j'agis sans vous demander, avec annulation et remboursement en cas d'échec",
};

/** Two « oui » in a row at the terminal, or two --yes; anything else keeps the mode. */
async function confirmedTwice(ctx: CommandContext, slug: string, yes: number): Promise<boolean> {
  if (yes >= 2) return true;
  const stdin = ctx.io.stdin;
  if (!stdin?.isTTY) {
    throw new UsageError("le passage en mode Auto demande deux confirmations : relancez avec --yes --yes");
  }
  const prompt = createInterface({ input: stdin });
  try {
    for (const question of [
      `Passer ${slug} en mode Auto (${MEANING.auto}) ? (oui/non) `,
      "Confirmez une seconde fois : mode Auto ? (oui/non) ",
    ]) {
      ctx.io.stdout(question);
      if (!/^o(ui)?$/i.test((await prompt.question("")).trim())) return false;
    }
    return true;
  } finally {
    prompt.close();
  }
}

export async function modeCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(ctx.args, {
    tenant: { type: "string" },
    yes: { type: "boolean", multiple: true },
  });
  if (positionals.length > 1) throw new UsageError(`argument inattendu « ${positionals[1]} »`);
  const wanted = oneOf("mode", positionals[0], MODES);
  const store = ctx.openStore();
  try {
    const tenant = requireTenant(store, values.tenant);
    const before = tenant.defaultMode as Mode;
    let mode = before;
    if (wanted && wanted !== before) {
      if (wanted === "auto" && !(await confirmedTwice(ctx, tenant.slug, values.yes?.length ?? 0))) {
        ctx.io.stdout(`Mode inchangé : ${MODE_LABELS[before]}.\n`);
        return 0;
      }
      mode = store.tenants.update({ tenantId: tenant.id, actor: "cli" }, { defaultMode: wanted })
        .defaultMode as Mode;
    }
    if (values.json)
      printJson(ctx.io, { tenant: tenant.slug, mode, previous: before, changed: mode !== before });
    else ctx.io.stdout(`Mode de ${tenant.slug} : ${MODE_LABELS[mode]} — ${MEANING[mode]}.\n`);
    return 0;
  } finally {
    store.close();
  }
}
