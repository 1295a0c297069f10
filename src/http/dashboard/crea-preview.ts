// The Créa editor's preview: POST /api/crea/preview renders the HTML being edited as a recipient gets
// it (sanitised and CSS inlined by prepareEmailHtml, then merged with a real lead's data when one is
// chosen), flags its unknown merge fields, and answers the address of that copy; GET /crea/preview?key=
// serves it to the page's sandboxed frame. A frame of its own, not a srcdoc: a srcdoc document
// inherits the app's CSP, which (rightly) refuses the inline styles every e-mail is made of; this one
// has its own policy — inline styles and pictures, never a script, sandboxed even if opened alone.
// The key is random and short-lived, so nobody else can read a copy merged with a lead's data.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bodyOf, failure, signedIn } from "../../../channels/web/handler.js";
import { prepareEmailHtml } from "../../domain/email-html.js";
import {
  MERGE_FIELD_NAMES,
  mergeFieldRefusal,
  renderMergeFields,
  unknownMergeFields,
} from "../../domain/index.js";
import { type HttpResponse, json, type Route } from "../../outbox/route.js";
import { CREA_HTML_MAX } from "../../store/crea-templates.js";
import type { Store } from "../../store/index.js";

export const PREVIEW_PATH = "/crea/preview";
const PREVIEW_TTL_MS = 15 * 60_000;
/** Enough for a few editors typing at once; the oldest copy goes first. */
const MAX_PREVIEWS = 200;

const FRAME_CSP = [
  "default-src 'none'",
  "img-src 'self' https: http:",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "sandbox",
].join("; ");

const previewBody = z.object({
  html: z.string({ error: "le HTML est attendu" }).max(CREA_HTML_MAX, { error: "HTML trop long" }),
  leadId: z.number().int().positive().nullish(),
});

/** A recipient's copy of a body: prepared for mail clients, then its merge fields filled. */
export function recipientCopy(html: string, lead?: Parameters<typeof renderMergeFields>[1]): string {
  const prepared = prepareEmailHtml(html).html;
  return lead ? renderMergeFields(prepared, lead) : prepared;
}

export function creaPreviewRoutes(store: Store): Route[] {
  const copies = new Map<string, { html: string; expires: number }>();
  const keep = (html: string) => {
    const now = Date.now();
    for (const [key, copy] of copies)
      if (copy.expires < now || copies.size >= MAX_PREVIEWS) copies.delete(key);
    const key = randomBytes(18).toString("base64url");
    copies.set(key, { html, expires: now + PREVIEW_TTL_MS });
    return key;
  };
  return [
    {
      method: "POST",
      path: "/api/crea/preview",
      handle: signedIn(store, (req, me) => {
        const { html, leadId } = bodyOf(req, previewBody);
        const lead = leadId ? store.leads.get(me.tenant.id, leadId) : undefined;
        if (leadId && !lead) {
          return failure(
            404,
            "not_found",
            `Aucun lead n°${leadId} dans ce compte : il a peut-être été supprimé.`,
          );
        }
        const key = keep(recipientCopy(html, lead));
        return json(200, {
          url: `${PREVIEW_PATH}?key=${key}`,
          unknownFields: unknownMergeFields(html),
          mergeFields: MERGE_FIELD_NAMES,
          refusal: mergeFieldRefusal(html),
          lead: lead ? { id: lead.id, name: lead.name, company: lead.company } : null,
        });
      }),
    },
    {
      method: "GET",
      path: PREVIEW_PATH,
      handle: (req): HttpResponse => {
        const copy = copies.get(req.url.searchParams.get("key") ?? "");
        if (!copy || copy.expires < Date.now()) {
          return {
            status: 404,
            headers: { "content-type": "text/plain; charset=utf-8", "content-security-policy": FRAME_CSP },
            body: "Aperçu expiré : modifiez le modèle pour le recharger.",
          };
        }
        return {
          status: 200,
          headers: {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": FRAME_CSP,
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "cache-control": "no-store",
          },
          body: copy.html,
        };
      },
    },
  ];
}
