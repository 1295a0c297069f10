// The receiver of a tenant's EspoCRM webhooks: `POST /espocrm/webhook?tenant=SLUG`. A delivery is a
// batch (a JSON array, up to 50 items) signed per webhook over its raw bytes; the signature names the
// webhook, whose secret key the tenant's link holds. A forged, unsigned or foreign delivery gets a 401
// and changes nothing, the same 401 for an unknown tenant (a prober learns no names). A verified batch
// becomes one job keyed by the hash of its body, so a replayed delivery is acknowledged and ignored;
// the job reads the named leads again and applies them at once (the worker is woken), whatever order
// or age the batch had. Answered fast: EspoCRM's queue job waits on each delivery.
import { createHash } from "node:crypto";
import { espoWebhookIdOf, verifyEspoWebhook } from "../integrations/espocrm/index.js";
import { WEBHOOK_PATH } from "../integrations/espocrm-sync/index.js";
import type { Logger } from "../log.js";
import { json, type Route } from "../outbox/route.js";
import { JsonBodyError, parseJson } from "../outbox/safe-json.js";
import { ESPO_ACTOR, ESPO_JOBS } from "../store/espocrm.js";
import type { Store } from "../store/index.js";

const refused = () => json(401, { error: "signature invalide" });

/** The lead ids a batch names, or null when it is not a list of records with an id. */
function idsOf(body: unknown): string[] | null {
  if (!Array.isArray(body)) return null;
  const ids: string[] = [];
  for (const item of body) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || !id) return null;
    ids.push(id);
  }
  return ids;
}

export function espocrmWebhookRoute(store: Store, log: Logger, kick: () => void): Route {
  return {
    method: "POST",
    path: WEBHOOK_PATH,
    handle(req) {
      const slug = req.url.searchParams.get("tenant") ?? "";
      const tenant = slug ? store.tenants.getBySlug(slug) : undefined;
      const link = tenant ? store.espocrm.get(tenant.id) : undefined;
      const claimed = espoWebhookIdOf(req.headers);
      const hook = link?.webhooks.find((w) => w.id === claimed);
      const verified = hook
        ? verifyEspoWebhook(req.rawBody, req.headers, { webhookId: hook.id, secretKey: hook.secretKey })
        : null;
      if (!tenant || !hook || !verified?.ok) {
        const reason = !tenant
          ? "unknown tenant"
          : !hook
            ? "unknown webhook"
            : verified?.ok === false
              ? verified.reason
              : "?";
        log.warn({ tenant: slug.slice(0, 100), reason }, "EspoCRM webhook refused");
        return refused();
      }
      let body: unknown;
      try {
        body = parseJson(req.rawBody.toString("utf8"));
      } catch (error) {
        if (error instanceof JsonBodyError) return json(400, { error: error.message });
        throw error;
      }
      const ids = idsOf(body);
      if (!ids) return json(400, { error: "attendu : une liste d'enregistrements avec leur id" });
      const deleted = hook.event === "Lead.delete";
      const queued = store.jobs.enqueueOnce(
        { tenantId: tenant.id, actor: ESPO_ACTOR },
        {
          kind: ESPO_JOBS.webhook,
          idempotencyKey: `espocrm:hook:${createHash("sha256").update(req.rawBody).digest("hex")}`,
          dueAt: store.clock(),
          payload: deleted ? { ids: [], deleted: ids } : { ids, deleted: [] },
        },
      );
      if (queued) kick();
      return json(200, { ok: true, ...(queued ? {} : { duplicate: true }) });
    },
  };
}
