// The one-click unsubscribe endpoint of our List-Unsubscribe header. POST (RFC 8058: the mail client
// posts "List-Unsubscribe=One-Click" to the URL, token in the query) opts the lead out of e-mail at
// once. GET is what a person clicking the link sees: a page with a button that posts, because mail
// scanners fetch links and must not unsubscribe anyone. A link serves once: a second use changes
// nothing (the lead may have opted in again since, which an old link must not undo) and says the
// link was used (410). An unknown token changes nothing (404). The pages are locked down (CSP).
import { escapeHtml } from "../../src/domain/index.js";
import { formOf, type HttpRequest, type Route } from "../../src/outbox/route.js";
import type { Store } from "../../src/store/index.js";
import { UNSUBSCRIBE_PATH } from "./send.js";
import { unsubscribePage as page } from "./unsubscribe-page.js";

const unknownLink = () =>
  page(404, "Lien invalide", "<p>Ce lien de désinscription n'est pas valide ou a expiré.</p>");
const usedLink = () =>
  page(
    410,
    "Lien déjà utilisé",
    "<p>Ce lien de désinscription a déjà été utilisé : il ne sert qu'une fois.</p>",
  );

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
        if (who.usedAt) return usedLink();
        const tenant = store.tenants.get(who.tenantId);
        return page(
          200,
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
        // Marking the link used and opting out are one step: of two posts at once, one does both.
        const done = store.transaction(() => {
          if (!store.unsubscribeTokens.markUsed(who.tenantId, token)) return false;
          const lead = store.leads.get(who.tenantId, who.leadId);
          if (lead && !lead.consent.email.optOutAt)
            store.leads.setConsent(scope, who.leadId, "email", "opt_out");
          return true;
        });
        if (!done) return usedLink();
        return page(
          200,
          "Désinscription confirmée",
          "<p>C'est noté : vous ne recevrez plus nos e-mails.</p>",
        );
      },
    },
  ];
}
