// M.A.X.'s callback for tenants whose steps n8n sends: n8n reports each step's outcome, signed with
// the tenant's key (HMAC over timestamp + raw body, compared in constant time, 5-minute window).
// A forged, stale or unsigned report gets a 401 and changes nothing; a repeated one changes nothing.
// An unknown tenant gets the very same 401 (status, body, headers), so a prober learns no tenant names:
// why a report was refused is logged here, never told to the sender.
// A "sent" report for a step failed at the 24 h deadline records the send; its refund stands.
import { z } from "zod";
import { deriveTenantKey, verifySignature } from "../integrations/n8n-signature.js";
import type { Logger } from "../log.js";
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

/** The one refusal of a report we cannot trust, whatever the reason. */
const refused = () => json(401, { error: "signature invalide" });

export function scenarioCallbackRoute(store: Store, secret: string | undefined, log: Logger): Route {
  return {
    method: "POST",
    path: CALLBACK_PATH,
    handle(req) {
      const header = req.headers[TENANT_HEADER.toLowerCase()];
      const slug = typeof header === "string" ? header : "";
      const tenant = slug ? store.tenants.getBySlug(slug) : undefined;
      const raw = req.rawBody.toString("utf8");
      if (!secret) {
        log.warn("n8n callback refused: MAX_N8N_SECRET is not set");
        return refused();
      }
      // Checked even for an unknown tenant, so both refusals cost the same work.
      const verified = verifySignature(deriveTenantKey(secret, slug), raw, req.headers, store.clock);
      const reason = !tenant ? "unknown tenant" : !verified.ok ? verified.reason : null;
      if (!tenant || reason) {
        log.warn({ tenant: slug.slice(0, 100), reason }, "n8n callback refused");
        return refused();
      }
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
