// `max leads`: the store's lead search from the shell (`max leads add` creates one: leads-add.ts).

import { statusLabel } from "../domain/index.js";
import { HEATS } from "../store/lead-input.js";
import { SORTS } from "../store/lead-search.js";
import { type CommandContext, intFlag, oneOf, parseFlags, printJson } from "./io.js";
import { leadView } from "./lead-view.js";
import { requireTenant } from "./tenant-flag.js";

export async function leadsCommand(context: CommandContext): Promise<number> {
  if (context.args[0] === "add") {
    const { leadsAddCommand } = await import("./leads-add.js");
    return leadsAddCommand({ ...context, args: context.args.slice(1) });
  }
  return searchLeads(context);
}

function searchLeads({ io, args, openStore }: CommandContext): number {
  const flags = parseFlags(args, {
    tenant: { type: "string" },
    query: { type: "string", short: "q" },
    status: { type: "string", multiple: true },
    tag: { type: "string", multiple: true },
    heat: { type: "string" },
    owner: { type: "string" },
    "inactive-days": { type: "string" },
    sort: { type: "string" },
    order: { type: "string" },
    limit: { type: "string" },
    offset: { type: "string" },
  });
  // Flags are checked before the database is touched.
  const query = {
    text: flags.query,
    status: flags.status,
    tag: flags.tag,
    heat: oneOf("heat", flags.heat, HEATS),
    ownerId: intFlag("owner", flags.owner, 1, Number.MAX_SAFE_INTEGER),
    inactiveDays: intFlag("inactive-days", flags["inactive-days"], 0, 3650),
    sort: oneOf("sort", flags.sort, SORTS),
    order: oneOf("order", flags.order, ["asc", "desc"] as const),
    limit: intFlag("limit", flags.limit, 1, 200),
    offset: intFlag("offset", flags.offset, 0, Number.MAX_SAFE_INTEGER),
  };
  const store = openStore();
  try {
    const page = store.leads.search(requireTenant(store, flags.tenant).id, query);
    if (flags.json) {
      printJson(io, page.leads.map(leadView));
      return 0;
    }
    for (const l of page.leads) {
      io.stdout(`#${l.id}\t${l.name}\t${l.company ?? "—"}\t${statusLabel(l.status)}\t${l.tags.join(",")}\n`);
    }
    io.stdout(`${page.leads.length} affichés sur ${page.totalExact ? "" : "plus de "}${page.total}\n`);
    return 0;
  } finally {
    store.close();
  }
}
