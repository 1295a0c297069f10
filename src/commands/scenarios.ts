// `max scenarios list|enroll|export`: the follow-up scenarios from the shell. list: the scenarios
// (and, with --tenant, its enrollments); enroll NAME: a lead or a segment (or, for `digest`, queues
// each staff user's next digest); export NAME: the n8n workflow JSON that runs it on n8n.
import { writeFileSync } from "node:fs";
import { createRuntime } from "../runtime.js";
import { SCENARIO_IDS, SCENARIOS, scenarioOf } from "../scenarios/definitions.js";
import { scheduleDigest } from "../scenarios/digest.js";
import { enrollLead, enrollSegment } from "../scenarios/enroll.js";
import { exportWorkflow } from "../scenarios/n8n-workflow.js";
import { startPrequalification } from "../scenarios/prequalification/start.js";
import type { Store, Tenant } from "../store/index.js";
import { type CommandContext, intFlag, parseCommand, printJson, UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

const FLAGS = {
  tenant: { type: "string" },
  lead: { type: "string" },
  status: { type: "string" },
  tag: { type: "string" },
  at: { type: "string" },
  out: { type: "string" },
} as const;
type Flags = ReturnType<typeof parseCommand<typeof FLAGS>>["values"];

function scenarioName(name: string | undefined): string {
  if (!name || !(SCENARIO_IDS as readonly string[]).includes(name)) {
    throw new UsageError(`précisez un scénario parmi ${SCENARIO_IDS.join(", ")} (reçu « ${name ?? ""} »)`);
  }
  return name;
}

function withStore<T>(ctx: CommandContext, flags: Flags, fn: (store: Store, tenant: Tenant) => T): T {
  const store = ctx.openStore();
  try {
    return fn(store, requireTenant(store, flags.tenant));
  } finally {
    store.close();
  }
}

function list(ctx: CommandContext, flags: Flags): number {
  const scenarios = SCENARIO_IDS.map((id) => ({
    id,
    label: scenarioOf(id)?.label ?? (id === "digest" ? "Digest quotidien" : "Pré-qualification (e-mail)"),
    steps: scenarioOf(id)?.steps.map((s) => s.key) ?? [],
  }));
  const enrollments = flags.tenant
    ? withStore(ctx, flags, (store, tenant) => store.scenarios.list(tenant.id, { limit: 200 }))
    : undefined;
  if (flags.json) {
    printJson(ctx.io, enrollments ? { scenarios, enrollments } : { scenarios });
    return 0;
  }
  for (const s of scenarios) ctx.io.stdout(`${s.id}\t${s.label}\t${s.steps.join(" → ")}\n`);
  for (const e of enrollments ?? [])
    ctx.io.stdout(
      `#${e.id}\tlead ${e.leadId}\t${e.scenario}\t${e.status}${e.reason ? ` (${e.reason})` : ""}\n`,
    );
  return 0;
}

function enroll(ctx: CommandContext, flags: Flags, name: string): number {
  const leadId = intFlag("lead", flags.lead, 1, Number.MAX_SAFE_INTEGER);
  const at = flags.at === undefined ? undefined : new Date(flags.at);
  if (at && Number.isNaN(at.getTime()))
    throw new UsageError(`--at attend une date ISO, p. ex. 2026-11-20T14:00:00+01:00 (reçu « ${flags.at} »)`);
  if (
    name !== "digest" &&
    (leadId === undefined) === (flags.status === undefined && flags.tag === undefined)
  ) {
    throw new UsageError("indiquez soit --lead ID, soit un segment (--status S, --tag T)");
  }
  const result = withStore(ctx, flags, (store, tenant) => {
    const scope = { tenantId: tenant.id, actor: "cli" };
    if (name === "digest") {
      for (const user of store.users.list(tenant.id)) scheduleDigest(store, tenant, user, store.clock());
      return { digests: store.users.list(tenant.id).length };
    }
    if (name === "coach-prequalification") {
      if (leadId === undefined)
        throw new UsageError("la pré-qualification se lance pour un lead : --lead ID");
      const { settings } = createRuntime(ctx.config, store);
      const started = startPrequalification(store, scope, tenant, leadId, { channels: settings.channels });
      if (!started.ok) throw new UsageError(started.error);
      return { prequalification: started.prequalification };
    }
    if (leadId !== undefined)
      return { enrolled: [enrollLead(store, scope, { leadId, scenario: name, at })], skipped: [] };
    return enrollSegment(store, scope, name, { status: flags.status, tag: flags.tag }, null);
  });
  if (flags.json) printJson(ctx.io, result);
  else if ("digests" in result)
    ctx.io.stdout(`Digest quotidien programmé pour ${result.digests} utilisateur(s).\n`);
  else if ("prequalification" in result)
    ctx.io.stdout(
      `Pré-qualification lancée pour le lead ${result.prequalification.leadId} (${result.prequalification.channel}), sans réponse : ${result.prequalification.dueAt.toISOString()}\n`,
    );
  else {
    for (const e of result.enrolled)
      ctx.io.stdout(`#${e.id}\tlead ${e.leadId}\tprochaine étape ${e.nextRunAt?.toISOString() ?? "—"}\n`);
    for (const s of result.skipped) ctx.io.stdout(`écarté\t${s.name}\t${s.reason}\n`);
  }
  return 0;
}

function exportCommand(ctx: CommandContext, flags: Flags, name: string): number {
  const def = SCENARIOS[name as keyof typeof SCENARIOS];
  if (!def) throw new UsageError(`« ${name} » ne s'exporte pas vers n8n (pas une séquence d'étapes)`);
  const workflow = withStore(ctx, flags, (_store, tenant) =>
    exportWorkflow(def, {
      publicUrl: ctx.config.http.publicUrl,
      tenantSlug: tenant.slug,
      timezone: tenant.timezone,
    }),
  );
  const text = `${JSON.stringify(workflow, null, 2)}\n`;
  if (flags.out) {
    writeFileSync(flags.out, text);
    ctx.io.stdout(
      flags.json ? `${JSON.stringify({ file: flags.out })}\n` : `Workflow n8n écrit dans ${flags.out}.\n`,
    );
  } else ctx.io.stdout(text);
  return 0;
}

export function scenariosCommand(ctx: CommandContext): number {
  const { values: flags, positionals } = parseCommand(ctx.args, FLAGS);
  const [action, name, ...extra] = positionals;
  if (extra.length) throw new UsageError(`argument inattendu « ${extra[0]} »`);
  if (action === "list") return list(ctx, flags);
  if (action === "enroll") return enroll(ctx, flags, scenarioName(name));
  if (action === "export") return exportCommand(ctx, flags, scenarioName(name));
  throw new UsageError(`précisez list, enroll NOM ou export NOM (reçu « ${action ?? ""} »)`);
}
