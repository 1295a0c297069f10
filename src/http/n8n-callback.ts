// M.A.X.'s callback for tenants whose steps n8n sends: n8n reports each step's outcome, signed with
// the tenant's key (HMAC over timestamp + raw body, compared in constant time, 5-minute window).
// A forged, stale or unsigned report gets a 401 and changes nothing; a repeated one changes nothing.
// A "sent" report for a step failed at the 24 h deadline records the send; its refund stands.
import { z } from "zod";
import { deriveTenantKey, verifySignature } from "../integrations/n8n-signature.js";
import { json, type Route } from "../outbox/route.js";
import { JsonBodyError, parseJson } from "../outbox/safe-json.js";
import { failStep, UNCONFIRMED } from "../scenarios/follow-up.js";
import { CALLBACK_PATH, TENANT_HEADER } from "../scenarios/n8n-workflow.js";
import type { Store } from "../store/index.js";

const reportSchema = z.object({
  stepId: z.number().int().positive(),
  outcome: z.enum(["sent", "failed"]),
  detail: z.string().max(500).optional(),
});

export function scenarioCallbackRoute(store: Store, secret: string | undefined): Route {
  return {
    method: "POST",
    path: CALLBACK_PATH,
    handle(req) {
      const slug = req.headers[TENANT_HEADER.toLowerCase()];
      const tenant = typeof slug === "string" ? store.tenants.getBySlug(slug) : undefined;
      const raw = req.rawBody.toString("utf8");
      // Unknown tenant and bad signature answer alike, so the endpoint reveals no tenant names.
      if (!secret || !tenant) return json(401, { error: "signature invalide" });
      const verified = verifySignature(deriveTenantKey(secret, tenant.slug), raw, req.headers, store.clock);
      if (!verified.ok) return json(401, { error: "signature invalide", reason: verified.reason });
      let body: unknown;
      try {
        body = parseJson(raw);
      } catch (error) {
        if (error instanceof JsonBodyError) return json(400, { error: error.message });
        throw error;
      }
      const report = reportSchema.safeParse(body);
      if (!report.success) return json(400, { error: "attendu : { stepId, outcome: sent|failed, detail? }" });
      const scope = { tenantId: tenant.id, actor: "n8n" };
      const step = store.scenarios.getStep(tenant.id, report.data.stepId);
      if (!step) return json(404, { error: "étape inconnue" });
      const late = step.outcome === "failed" && step.detail === UNCONFIRMED;
      if (late && report.data.outcome === "sent") {
        store.scenarios.updateStep(scope, step.id, ["failed"], {
          outcome: "delivered",
          detail: "envoyé par n8n après le délai de 24 h (jetons déjà remboursés)",
        });
        return json(200, { ok: true, late: true });
      }
      if (step.outcome !== "dispatched") return json(200, { ok: true, already: step.outcome });
      if (report.data.outcome === "sent") {
        store.scenarios.updateStep(scope, step.id, ["dispatched"], {
          outcome: "delivered",
          detail: report.data.detail ?? "envoyé par n8n",
        });
      } else {
        failStep(store, scope, step, ["dispatched"], `n8n : ${report.data.detail ?? "échec"}`);
      }
      return json(200, { ok: true });
    },
  };
}
