// The one-click unsubscribe endpoint of our List-Unsubscribe header. POST (RFC 8058: the mail client
// posts "List-Unsubscribe=One-Click" to the URL, token in the query) opts the lead out of e-mail at
// once. GET is what a person clicking the link sees: a page with a button that posts, because mail
// scanners fetch links and must not unsubscribe anyone. An unknown token changes nothing.

import { escapeHtml } from "../../src/domain/index.js";
import { formOf, type HttpRequest, type Route, text } from "../../src/outbox/route.js";
import type { Store } from "../../src/store/index.js";
import { UNSUBSCRIBE_PATH } from "./send.js";

const page = (title: string, body: string) =>
  text(
    200,
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em"><h1 style="font-size:1.4em">${title}</h1>${body}</body></html>`,
    "text/html; charset=utf-8",
  );

const unknownLink = () =>
  page("Lien invalide", "<p>Ce lien de désinscription n'est pas valide ou a expiré.</p>");

function tokenOf(req: HttpRequest): string {
  return req.url.searchParams.get("token") ?? formOf(req).get("token") ?? "";
}

export function unsubscribeRoutes(store: Store): Route[] {
  return [
    {
      method: "GET",
      path: UNSUBSCRIBE_PATH,
      handle(req) {
        const token = tokenOf(req);
        const who = store.unsubscribeTokens.resolve(token);
        if (!who) return unknownLink();
        const tenant = store.tenants.get(who.tenantId);
        return page(
          "Se désinscrire",
          `<p>Vous ne recevrez plus d'e-mails de ${escapeHtml(tenant?.name ?? "notre part")}.</p>` +
            `<form method="post" action="${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}">` +
            '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
            '<button type="submit">Confirmer la désinscription</button></form>',
        );
      },
    },
    {
      method: "POST",
      path: UNSUBSCRIBE_PATH,
      handle(req) {
        const token = tokenOf(req);
        const who = store.unsubscribeTokens.resolve(token);
        if (!who) return unknownLink();
        const scope = { tenantId: who.tenantId, actor: `lead:${who.leadId}` };
        const lead = store.leads.get(who.tenantId, who.leadId);
        if (lead && !lead.consent.email.optOutAt)
          store.leads.setConsent(scope, who.leadId, "email", "opt_out");
        store.unsubscribeTokens.markUsed(who.tenantId, token);
        return page("Désinscription confirmée", "<p>C'est noté : vous ne recevrez plus nos e-mails.</p>");
      },
    },
  ];
}
