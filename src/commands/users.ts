// `max users --tenant SLUG`: the tenant's staff and their channel identities.
// `max users link --tenant SLUG --email E (--slack TEAM:USER | --whatsapp +33… | --botframework ID)`:
// ties a staff user to who they are on a channel, so their messages reach the agent.
// `max users web-login --tenant SLUG --email E`: a one-time link that opens the web chat as that user.
import { mintLoginToken } from "../../channels/web/session.js";
import { normalizePhone } from "../store/lead-input.js";
import type { IdentityChannel } from "../store/users.js";
import { type CommandContext, parseCommand, printJson, UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

const LINKABLE = {
  slack: { check: /^T\w+:U\w+$/, example: "TEAM:USER, p. ex. T0DEMO:U0DEMO" },
  whatsapp: { check: /^\+\d{8,15}$/, example: "un numéro international, p. ex. +33600000001" },
  botframework: { check: /^\S{1,200}$/, example: "l'identifiant Bot Framework de l'utilisateur" },
} as const satisfies Partial<Record<IdentityChannel, { check: RegExp; example: string }>>;

export function usersCommand({ io, args, config, openStore }: CommandContext): number {
  const { values, positionals } = parseCommand(args, {
    tenant: { type: "string" },
    email: { type: "string" },
    slack: { type: "string" },
    whatsapp: { type: "string" },
    botframework: { type: "string" },
  });
  const action = positionals[0] ?? "list";
  if (action !== "list" && action !== "link" && action !== "web-login")
    throw new UsageError(`max users [list|link|web-login], reçu « ${action} »`);
  const store = openStore();
  try {
    const tenant = requireTenant(store, values.tenant);
    const userByEmail = () => {
      const user = store.users.list(tenant.id).find((u) => u.email === values.email?.trim().toLowerCase());
      if (!user)
        throw new UsageError(`--email : aucun utilisateur « ${values.email ?? ""} » chez ${tenant.slug}`);
      return user;
    };
    if (action === "web-login") {
      const { token, expiresAt } = mintLoginToken(store, tenant, userByEmail());
      const url = `${config.http.publicUrl}/#login=${token}`;
      if (values.json) printJson(io, { url, expiresAt: expiresAt.toISOString() });
      else io.stdout(`Lien de connexion au chat web (usage unique, valable 24 h) :\n${url}\n`);
      return 0;
    }
    if (action === "link") {
      const user = userByEmail();
      const channels = (Object.keys(LINKABLE) as (keyof typeof LINKABLE)[]).filter((c) => values[c]);
      if (channels.length === 0) throw new UsageError("précisez --slack, --whatsapp ou --botframework");
      for (const channel of channels) {
        const raw = String(values[channel]).trim();
        const externalId = channel === "whatsapp" ? normalizePhone(raw) : raw;
        if (!LINKABLE[channel].check.test(externalId)) {
          throw new UsageError(`--${channel} attend ${LINKABLE[channel].example} (reçu « ${raw} »)`);
        }
        store.users.addIdentity({ tenantId: tenant.id, actor: "cli" }, user.id, channel, externalId);
      }
    }
    const users = store.users.list(tenant.id).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      identities: store.users.identities(tenant.id, u.id).map((i) => `${i.channel}:${i.externalId}`),
    }));
    if (values.json) printJson(io, users);
    else
      for (const u of users)
        io.stdout(`#${u.id}\t${u.name}\t${u.email ?? "—"}\t${u.role}\t${u.identities.join(", ")}\n`);
    return 0;
  } finally {
    store.close();
  }
}
