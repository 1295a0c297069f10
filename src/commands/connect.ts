// `max connect INTEGRATION`: links a tenant to an outside service (n8n, a Slack team, a WhatsApp
// number, a Bot Framework bot). Each integration parses its own flags, so adding one is adding an
// entry to CONNECTORS. n8n: stores the tenant's webhook base and prints the signing key derived for
// the tenant, which the operator pastes into n8n; the key is stored nowhere, since it is recomputed
// from MAX_N8N_SECRET whenever it is needed.
import { deriveTenantKey } from "../integrations/n8n-signature.js";
import type { LinkChannel } from "../store/index.js";
import { normalizePhone } from "../store/lead-input.js";
import { webhookUrlSchema } from "../store/tenants.js";
import { connectEmail } from "./connect-email.js";
import { type CommandContext, parseFlags, printJson, UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

type Connector = (ctx: CommandContext, args: string[]) => number | Promise<number>;

function connectN8n({ io, config, openStore }: CommandContext, args: string[]): number {
  const flags = parseFlags(args, { tenant: { type: "string" }, url: { type: "string" } });
  if (!flags.url) throw new UsageError("--url URL est requis, p. ex. --url https://n8n.exemple.fr/webhook");
  const url = webhookUrlSchema.safeParse(flags.url);
  if (!url.success) {
    throw new UsageError(`--url attend ${url.error.issues[0]?.message ?? "une URL"} (reçu « ${flags.url} »)`);
  }
  const secret = config.n8n.secret;
  if (!secret) {
    throw new UsageError(
      "MAX_N8N_SECRET n'est pas défini : ajoutez-le (16 caractères ou plus) à l'environnement du serveur, puis relancez max connect n8n",
    );
  }
  const store = openStore();
  try {
    const tenant = requireTenant(store, flags.tenant);
    const { n8nWebhookUrl } = store.tenants.update(
      { tenantId: tenant.id, actor: "cli" },
      { n8nWebhookUrl: url.data },
    );
    const signingKey = deriveTenantKey(secret, tenant.slug);
    if (flags.json) {
      printJson(io, { tenant: tenant.slug, integration: "n8n", webhookUrl: n8nWebhookUrl, signingKey });
      return 0;
    }
    io.stdout(
      [
        `n8n connecté pour ${tenant.slug} : chaque scénario sera posté sur ${n8nWebhookUrl}/<scénario>.`,
        "Clé de signature à coller dans n8n (elle n'est enregistrée nulle part) :",
        signingKey,
        'Dans n8n, vérifiez X-Max-Signature = "sha256=" + HMAC-SHA256(clé, X-Max-Timestamp + "." + corps brut) avec un horodatage à 5 minutes près, et dédoublonnez sur X-Max-Run-Id.',
        "La clé dérive de MAX_N8N_SECRET : gardez la même valeur sur le serveur, sinon elle change.",
        "",
      ].join("\n"),
    );
    return 0;
  } finally {
    store.close();
  }
}

/**
 * Links a Slack team, a WhatsApp business number or a Bot Framework bot (its id, or the Microsoft
 * 365 tenant id of a shared bot) to the tenant: how webhooks find their tenant.
 */
function connectLink(channel: LinkChannel, flag: "team" | "number" | "bot", example: string): Connector {
  return ({ io, openStore }, args) => {
    const flags = parseFlags(args, { tenant: { type: "string" }, [flag]: { type: "string" } });
    const raw = String(flags[flag] ?? "").trim();
    const externalId = channel === "whatsapp" ? normalizePhone(raw) : raw;
    if (!externalId || (channel === "whatsapp" && !/^\+\d{8,15}$/.test(externalId))) {
      throw new UsageError(`--${flag} attend ${example} (reçu « ${raw} »)`);
    }
    const store = openStore();
    try {
      const tenant = requireTenant(store, flags.tenant);
      store.tenantLinks.link({ tenantId: tenant.id, actor: "cli" }, channel, externalId);
      if (flags.json) printJson(io, { tenant: tenant.slug, integration: channel, [flag]: externalId });
      else io.stdout(`${channel} ${externalId} relié à ${tenant.slug}.\n`);
      return 0;
    } finally {
      store.close();
    }
  };
}

const CONNECTORS = new Map<string, Connector>([
  ["n8n", connectN8n],
  ["email", connectEmail],
  // Loaded when used: the sync's modules are not every connector's.
  ["espocrm", async (ctx, args) => (await import("./connect-espocrm.js")).connectEspocrm(ctx, args)],
  ["slack", connectLink("slack", "team", "un identifiant d'équipe Slack, p. ex. T0DEMO")],
  ["whatsapp", connectLink("whatsapp", "number", "un numéro au format international, p. ex. +33100000000")],
  [
    "botframework",
    connectLink("botframework", "bot", "l'identifiant du bot ou du tenant Microsoft 365, p. ex. max-bot"),
  ],
]);

export function connectCommand(ctx: CommandContext): number | Promise<number> {
  const [integration = "", ...args] = ctx.args;
  const connect = CONNECTORS.get(integration);
  if (!connect) {
    const known = [...CONNECTORS.keys()].join(", ");
    throw new UsageError(`précisez l'intégration à connecter (${known}), reçu « ${integration} »`);
  }
  return connect(ctx, args);
}
