// `max leads add`: a coach (or an import script) adds a lead from the shell. A coaching lead starts
// its pre-qualification (COACH-01) at once, through the gate in the tenant's mode: Auto sends the
// questions, Assisté prepares them for the coach's confirmation, Conseil only suggests.
import { outcomeLine } from "../agent/outcome-text.js";
import { createRuntime } from "../runtime.js";
import { onCoachingLeadCreated } from "../scenarios/prequalification/index.js";
import { CONSENT_CHANNELS } from "../store/lead-input.js";
import { type CommandContext, intFlag, parseFlags, printJson, UsageError } from "./io.js";
import { leadView } from "./lead-view.js";
import { requireTenant } from "./tenant-flag.js";

function consentOf(list: string | undefined): Partial<Record<(typeof CONSENT_CHANNELS)[number], boolean>> {
  const channels = (list ?? "").split(",").filter(Boolean);
  const unknown = channels.find((c) => !(CONSENT_CHANNELS as readonly string[]).includes(c));
  if (unknown) throw new UsageError(`--consent attend ${CONSENT_CHANNELS.join(", ")} (reçu « ${unknown} »)`);
  return Object.fromEntries(channels.map((c) => [c, true]));
}

export async function leadsAddCommand({ io, args, openStore, config }: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    tenant: { type: "string" },
    "first-name": { type: "string" },
    "last-name": { type: "string" },
    company: { type: "string" },
    email: { type: "string" },
    phone: { type: "string" },
    source: { type: "string" },
    owner: { type: "string" },
    consent: { type: "string" },
  });
  if (!flags["first-name"] && !flags["last-name"] && !flags.company) {
    throw new UsageError("indiquez au moins --first-name, --last-name ou --company");
  }
  const input = {
    firstName: flags["first-name"],
    lastName: flags["last-name"],
    company: flags.company,
    email: flags.email,
    phone: flags.phone,
    source: flags.source ?? "cli",
    ownerId: intFlag("owner", flags.owner, 1, Number.MAX_SAFE_INTEGER),
    consent: consentOf(flags.consent),
  };
  const store = openStore();
  try {
    const tenant = requireTenant(store, flags.tenant);
    const lead = store.leads.create({ tenantId: tenant.id, actor: "cli" }, input);
    const outcome = await onCoachingLeadCreated(createRuntime(config, store), lead);
    const line = outcome ? outcomeLine(outcome) : null;
    if (flags.json) printJson(io, { lead: leadView(lead), prequalification: outcome?.kind ?? null });
    else io.stdout(`Lead #${lead.id} ${lead.name} créé.${line ? `\n${line}` : ""}\n`);
    return 0;
  } finally {
    store.close();
  }
}
