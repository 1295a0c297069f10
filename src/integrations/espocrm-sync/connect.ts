// Linking a tenant to its EspoCRM: the API key (or HMAC secret) is checked once — a 401 is never
// tried again, EspoCRM locks an address out after ten failures — then the admin user when given, the
// fields M.A.X. needs are found (their `c` prefix read from the metadata) or, with the admin user,
// created: the tags array, the vertical's pipeline status, the vertical's fields and the custom
// fields applied so far. The webhooks are registered to the tenant's receiver (the previous ones
// removed first), each with the secret key its deliveries are verified with.

import type { EspoFieldMap, EspoLink } from "../../store/espocrm.js";
import type { Store, Tenant } from "../../store/index.js";
import {
  type EspoClient,
  type EspoFieldDefs,
  type EspoNewField,
  type EspoUser,
  type EspoWebhookEvent,
  isEspoError,
  storedFieldName,
} from "../espocrm/index.js";
import { clientFor } from "./context.js";
import { espoFieldFor, neededFields } from "./mapping.js";

export const WEBHOOK_PATH = "/espocrm/webhook";
const WEBHOOK_EVENTS: readonly EspoWebhookEvent[] = [
  "Lead.create",
  "Lead.update",
  "Lead.fieldUpdate.status",
  "Lead.delete",
];

export interface ConnectInput {
  url: string;
  apiKey: string;
  hmacSecret?: string;
  adminUser?: string;
  adminPassword?: string;
  fromAddress?: string;
  /** Where EspoCRM reaches M.A.X. (MAX_PUBLIC_URL). */
  publicUrl: string;
}

export interface ConnectReport {
  link: EspoLink;
  apiUser: EspoUser;
  admin: EspoUser | null;
  /** Fields created now (their stored names), and those missing for want of an admin user. */
  created: string[];
  missing: string[];
  webhooks: number;
  /** Why webhooks could not be registered (polling still syncs), or null. */
  webhookProblem: string | null;
}

const webhookUrl = (publicUrl: string, slug: string) =>
  `${publicUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}?tenant=${encodeURIComponent(slug)}`;

type Wanted = { key: string; field: EspoNewField };

/** Where each wanted field is in EspoCRM's metadata, if anywhere. */
function locate(fields: Record<string, EspoFieldDefs>, wanted: readonly Wanted[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const w of wanted) {
    const stored = storedFieldName(fields, w.field.name);
    if (stored) found.set(w.key, stored);
  }
  return found;
}

function fieldMapOf(found: Map<string, string>): EspoFieldMap {
  const map: EspoFieldMap = { fields: {}, custom: {} };
  for (const [key, stored] of found) {
    if (key === "tags") map.tags = stored;
    else if (key === "status") map.status = stored;
    else if (key.startsWith("f:")) map.fields[key.slice(2)] = stored;
    else if (key.startsWith("c:")) map.custom[key.slice(2)] = stored;
  }
  return map;
}

async function ensureFields(client: EspoClient, wanted: readonly Wanted[], admin: boolean) {
  const found = locate(await client.leadFields(), wanted);
  const absent = wanted.filter((w) => !found.has(w.key));
  if (!admin || absent.length === 0) {
    return { found, created: [], missing: absent.map((w) => w.field.label) };
  }
  for (const w of absent) {
    try {
      await client.createField(w.field);
    } catch (error) {
      if (!isEspoError(error, "conflict")) throw error;
    }
  }
  const after = locate(await client.leadFields(), wanted);
  return {
    found: after,
    created: absent.flatMap((w) => after.get(w.key) ?? []),
    missing: absent.filter((w) => !after.has(w.key)).map((w) => w.field.label),
  };
}

async function registerWebhooks(client: EspoClient, previous: EspoLink["webhooks"], url: string) {
  for (const hook of previous) {
    try {
      await client.deleteWebhook(hook.id);
    } catch (error) {
      if (!isEspoError(error, "not_found") && !isEspoError(error, "forbidden")) throw error;
    }
  }
  const hooks: EspoLink["webhooks"] = [];
  try {
    for (const event of WEBHOOK_EVENTS) {
      const hook = await client.registerWebhook({ event, url, skipOwn: true });
      hooks.push({ id: hook.id, event: hook.event, secretKey: hook.secretKey });
    }
    return { hooks, problem: null };
  } catch (error) {
    if (!isEspoError(error, "forbidden")) throw error;
    return {
      hooks,
      problem: `EspoCRM refuse l'enregistrement des webhooks (${error.reason || "accès refusé"}) : donnez la permission « Webhooks » à l'utilisateur API ; d'ici là, la relève périodique synchronise seule.`,
    };
  }
}

/** Checks the credentials, finds or creates the fields, registers the webhooks and stores the link. */
export async function connectEspo(
  store: Store,
  tenant: Tenant,
  input: ConnectInput,
  timeoutMs: number,
): Promise<ConnectReport> {
  const client = clientFor(
    {
      url: input.url,
      apiKey: input.apiKey,
      hmacSecret: input.hmacSecret ?? null,
      adminUser: input.adminUser ?? null,
      adminPassword: input.adminPassword ?? null,
    },
    timeoutMs,
  );
  const apiUser = await client.whoAmI();
  const admin = input.adminUser ? await client.adminWhoAmI() : null;
  if (admin && !admin.isAdmin) {
    throw new Error(`l'utilisateur ${admin.userName} n'est pas administrateur d'EspoCRM`);
  }
  const wanted: Wanted[] = [
    ...neededFields(tenant.vertical),
    ...store.customFields.specs(tenant.id).map((spec) => ({
      key: `c:${spec.name}`,
      field: espoFieldFor(spec, store.customFields.get(tenant.id, spec.name)?.label ?? spec.name),
    })),
  ];
  const fields = await ensureFields(client, wanted, admin !== null);
  const previous = store.espocrm.get(tenant.id);
  const hooks = await registerWebhooks(
    client,
    previous?.webhooks ?? [],
    webhookUrl(input.publicUrl, tenant.slug),
  );
  const link = store.espocrm.connect(
    { tenantId: tenant.id, actor: "cli" },
    {
      url: input.url,
      apiKey: input.apiKey,
      hmacSecret: input.hmacSecret ?? null,
      adminUser: input.adminUser ?? null,
      adminPassword: input.adminPassword ?? null,
      fromAddress: input.fromAddress ?? null,
      apiUserId: apiUser.id,
      fieldMap: fieldMapOf(fields.found),
      webhooks: hooks.hooks,
    },
  );
  return {
    link,
    apiUser,
    admin,
    created: fields.created,
    missing: fields.missing,
    webhooks: hooks.hooks.length,
    webhookProblem: hooks.problem,
  };
}
