// `max connect espocrm --tenant SLUG --url URL --api-key KEY [--hmac-secret S] [--admin-user U
// --admin-password P] [--from ADRESSE] [--json]`: links the tenant to its EspoCRM, then imports its
// leads (see sync-espocrm.ts). The key is tried once: a refusal is said plainly and never retried,
// since EspoCRM locks an address out after ten failures in a minute. Every secret is stored like
// the mailbox's passwords and printed as `***`.
import { z } from "zod";
import { EspoError } from "../integrations/espocrm/index.js";
import { connectEspo, schedulePoll } from "../integrations/espocrm-sync/index.js";
import { maskUrl } from "../store/email-accounts.js";
import { maskedLink } from "../store/espocrm.js";
import { type CommandContext, parseFlags, printJson, UsageError } from "./io.js";
import { printSync, runEspoSync } from "./sync-espocrm.js";
import { requireTenant } from "./tenant-flag.js";

const urlSchema = z.url({ protocol: /^https?$/ });
const fromSchema = z.string().trim().toLowerCase().pipe(z.email());

/** What went wrong talking to EspoCRM, for the person at the terminal. */
function explain(error: EspoError, admin: boolean): string {
  switch (error.code) {
    case "unauthorized":
      return `EspoCRM refuse ces identifiants (401) : vérifiez ${admin ? "--api-key, --hmac-secret, --admin-user et --admin-password" : "--api-key et --hmac-secret"}. Aucun nouvel essai n'a été fait : après 10 échecs en une minute, EspoCRM bloque l'adresse.`;
    case "locked_out":
      return "EspoCRM bloque cette adresse après trop d'échecs de connexion : attendez une minute, vérifiez les identifiants, puis relancez.";
    case "forbidden":
      return `EspoCRM refuse l'accès (${error.reason || "403"}) : l'utilisateur API doit pouvoir lire et modifier les leads (rôle), l'administrateur doit l'être vraiment.`;
    case "not_found":
      return "Pas d'API EspoCRM à cette adresse (404) : --url attend l'adresse du site, p. ex. https://crm.exemple.fr.";
    case "transient":
      return `EspoCRM ne répond pas (${error.reason ?? "indisponible"}) : vérifiez --url et réessayez dans un instant.`;
    default:
      return `réponse inattendue d'EspoCRM : ${error.message}`;
  }
}

export async function connectEspocrm(context: CommandContext, args: string[]): Promise<number> {
  const { io, config, openStore } = context;
  const flags = parseFlags(args, {
    tenant: { type: "string" },
    url: { type: "string" },
    "api-key": { type: "string" },
    "hmac-secret": { type: "string" },
    "admin-user": { type: "string" },
    "admin-password": { type: "string" },
    from: { type: "string" },
  });
  if (!flags.url) throw new UsageError("--url est requis, p. ex. --url https://crm.exemple.fr");
  if (!urlSchema.safeParse(flags.url).success) {
    throw new UsageError(`--url attend une adresse http:// ou https:// (reçu « ${maskUrl(flags.url)} »)`);
  }
  const apiKey = flags["api-key"]?.trim();
  if (!apiKey)
    throw new UsageError("--api-key est requis : la clé de l'utilisateur API créé pour M.A.X. dans EspoCRM");
  const adminUser = flags["admin-user"]?.trim();
  const adminPassword = flags["admin-password"];
  if (Boolean(adminUser) !== Boolean(adminPassword)) {
    throw new UsageError("--admin-user et --admin-password vont ensemble (un administrateur d'EspoCRM)");
  }
  const from = flags.from === undefined ? undefined : fromSchema.safeParse(flags.from);
  if (from && !from.success)
    throw new UsageError(`--from attend une adresse e-mail (reçu « ${flags.from} »)`);
  const store = openStore();
  try {
    const tenant = requireTenant(store, flags.tenant);
    let report: Awaited<ReturnType<typeof connectEspo>>;
    try {
      report = await connectEspo(
        store,
        tenant,
        {
          url: flags.url,
          apiKey,
          ...(flags["hmac-secret"] ? { hmacSecret: flags["hmac-secret"] } : {}),
          ...(adminUser && adminPassword ? { adminUser, adminPassword } : {}),
          ...(from?.success ? { fromAddress: from.data } : {}),
          publicUrl: config.http.publicUrl,
        },
        config.espocrm.timeoutMs,
      );
    } catch (error) {
      if (error instanceof EspoError) {
        io.stderr(`max: ${explain(error, Boolean(adminUser))}\n`);
        return error.code === "transient" ? 1 : 2;
      }
      if (error instanceof Error && /administrateur/.test(error.message)) throw new UsageError(error.message);
      throw error;
    }
    schedulePoll(store, tenant.id, config.espocrm.pollMs);
    const shown = maskedLink(report.link);
    if (!flags.json) {
      const lines = [
        `EspoCRM relié à ${tenant.slug} : ${shown.url}, utilisateur API ${report.apiUser.userName}${report.admin ? `, administrateur ${report.admin.userName}` : ""} (clés masquées : ${shown.apiKey}).`,
        report.created.length
          ? `Champs créés dans EspoCRM : ${report.created.join(", ")}.`
          : "Aucun champ à créer dans EspoCRM.",
        ...(report.missing.length
          ? [
              `Champs absents, non synchronisés faute d'administrateur (--admin-user, --admin-password) : ${report.missing.join(", ")}.`,
            ]
          : []),
        report.webhookProblem ??
          `${report.webhooks} webhooks enregistrés vers ${config.http.publicUrl}/espocrm/webhook ; le serveur relit aussi les leads modifiés chaque ${Math.round(config.espocrm.pollMs / 1000)} s.`,
      ];
      io.stdout(`${lines.join("\n")}\n`);
    }
    const outcome = await runEspoSync(context, store, tenant, { json: Boolean(flags.json) });
    if (flags.json) {
      printJson(io, {
        tenant: tenant.slug,
        integration: "espocrm",
        link: shown,
        apiUser: report.apiUser.userName,
        admin: report.admin?.userName ?? null,
        createdFields: report.created,
        missingFields: report.missing,
        webhooks: report.webhooks,
        webhookProblem: report.webhookProblem,
        sync: outcome,
      });
    } else printSync(context, outcome);
    return 0;
  } finally {
    store.close();
  }
}
