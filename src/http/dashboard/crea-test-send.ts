// « M'envoyer un test »: POST /api/crea/test-send queues ONE e-mail of the body being edited to the
// signed-in user's own address (their e-mail identity, else the address of their account) through the
// outbox, like any e-mail of the tenant's mailbox: prepared for mail clients, merged with the chosen
// lead's data (else the fallbacks a lead without data gets), its uploaded pictures made absolute, its
// subject prefixed « [Test] ». Free: a test to oneself reaches no lead and costs no token. The answer
// says « mis en file », never « envoyé »: the outbox sends it a moment later.
import { z } from "zod";
import { bodyOf, failure, signedIn } from "../../../channels/web/handler.js";
import { absoluteMedia } from "../../domain/email-html.js";
import { htmlToText } from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import { CREA_HTML_MAX } from "../../store/crea-templates.js";
import type { DashboardDeps } from "./context.js";
import { mergeFieldFailure } from "./crea-library.js";
import { recipientCopy } from "./crea-preview.js";

const testBody = z.object({
  subject: z.string({ error: "l'objet est attendu" }).trim().min(1, { error: "l'objet est vide" }).max(200),
  html: z.string({ error: "le HTML est attendu" }).min(1, { error: "le HTML est vide" }).max(CREA_HTML_MAX),
  leadId: z.number().int().positive().nullish(),
});

/** Nobody's data: what a lead without name or company reads (« Bonjour Madame, Monsieur »). */
const NOBODY = { firstName: "", lastName: "", company: null, fields: {} };

export function creaTestSendRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "POST",
      path: "/api/crea/test-send",
      handle: signedIn(store, (req, me) => {
        const { subject, html, leadId } = bodyOf(req, testBody);
        const refused = mergeFieldFailure(html);
        if (refused) return refused;
        const mailbox = deps.settings?.channels.missing(me.tenant, "email");
        if (mailbox) return failure(409, "unavailable", `Test impossible : ${mailbox}`);
        const identity = store.users.identities(me.tenant.id, me.user.id).find((i) => i.channel === "email");
        const to = identity?.externalId ?? me.user.email;
        if (!to) {
          return failure(
            409,
            "unavailable",
            "Test impossible : aucune adresse e-mail n'est liée à votre compte. Demandez à un administrateur de la renseigner.",
          );
        }
        const lead = leadId ? store.leads.get(me.tenant.id, leadId) : undefined;
        if (leadId && !lead) return failure(404, "not_found", `Aucun lead n°${leadId} dans ce compte.`);
        const body = absoluteMedia(recipientCopy(html, lead ?? NOBODY), deps.publicUrl ?? "");
        const message = store.messages.create(
          { tenantId: me.tenant.id, actor: `user:${me.user.id}` },
          {
            channel: "email",
            direction: "out",
            status: "queued",
            recipient: to,
            subject: `[Test] ${subject}`,
            bodyHtml: body,
            bodyText: htmlToText(body),
            meta: { creaTest: true, requestedBy: { userId: me.user.id } },
          },
        );
        return json(202, {
          messageId: message.id,
          to,
          cost: 0,
          message: `E-mail de test mis en file pour ${to} : il part dans un instant. Gratuit, aucun jeton débité.`,
        });
      }),
    },
  ];
}
