// The Espace Créa's templates: GET /api/crea/templates lists the five file templates of
// prompts/newsletters/, the tenant's own and the drafts M.A.X. prepared in chat; GET
// /api/crea/template?kind=&id= opens one in the editor; POST /api/crea/templates saves an own template
// (new, or updated with its id), POST /api/crea/templates/delete removes one, POST /api/crea/drafts
// updates a draft. A body with an unknown merge field is refused (400) before anything is saved.
import { z } from "zod";
import { bodyOf, failure, queryOf, signedIn } from "../../../channels/web/handler.js";
import { fillDraftSlots, loadTemplate, TEMPLATE_IDS } from "../../../tools/newsletter-templates.js";
import {
  CHANNEL_LABELS,
  describeSegment,
  IMAGE_PLACEHOLDER,
  MERGE_FIELD_NAMES,
  mergeFieldRefusal,
  type SendChannel,
} from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import type { CreaDraftSummary } from "../../store/crea-drafts.js";
import type { CreaTemplateSummary } from "../../store/crea-templates.js";
import type { Store } from "../../store/index.js";

const openQuery = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("file"), id: z.enum(TEMPLATE_IDS, { error: "modèle inconnu" }) }),
  z.object({ kind: z.enum(["own", "draft"]), id: z.coerce.number().int().positive() }),
]);
const html = z.string({ error: "le HTML est attendu" });
const subject = z.string({ error: "l'objet est attendu" });
const templateBody = z.object({
  id: z.number().int().positive().optional(),
  name: z.string({ error: "le nom du modèle est attendu" }),
  subject,
  html,
  basedOn: z.string().max(80).nullish(),
});
const deleteBody = z.object({ id: z.number({ error: "le numéro du modèle est attendu" }).int().positive() });
const draftBody = z.object({
  id: z.number({ error: "le numéro du brouillon est attendu" }).int().positive(),
  subject,
  html,
});

/** The page's 400 for a body the sender could not fill: the unknown fields and the ones that exist. */
export const mergeFieldFailure = (body: string) => {
  const refusal = mergeFieldRefusal(body);
  return refusal ? failure(400, "invalid_request", refusal) : null;
};

const channelOf = (channel: string) => ({
  channel,
  channelLabel: CHANNEL_LABELS[channel as SendChannel] ?? channel,
});

const ownView = (t: CreaTemplateSummary) => ({
  id: t.id,
  name: t.name,
  subject: t.subject,
  basedOn: t.basedOn,
  updatedAt: t.updatedAt.toISOString(),
});

const fileTitle = (id: string | null) =>
  id && (TEMPLATE_IDS as readonly string[]).includes(id)
    ? loadTemplate(id as (typeof TEMPLATE_IDS)[number]).title
    : null;

const draftView = (d: CreaDraftSummary) => ({
  id: d.id,
  subject: d.subject ?? "",
  template: d.template,
  templateTitle: fileTitle(d.template),
  ...channelOf(d.channel),
  segment: describeSegment(d.segment ?? {}),
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

export function creaLibraryRoutes(store: Store): Route[] {
  const scopeOf = (me: { tenant: { id: number }; user: { id: number } }) => ({
    tenantId: me.tenant.id,
    actor: `user:${me.user.id}`,
  });
  return [
    {
      method: "GET",
      path: "/api/crea/templates",
      handle: signedIn(store, (_req, me) =>
        json(200, {
          files: TEMPLATE_IDS.map((id) => {
            const t = loadTemplate(id);
            return { id, title: t.title, subject: t.subject, ...channelOf(t.channel) };
          }),
          own: store.creaTemplates.list(me.tenant.id).map(ownView),
          drafts: store.creaDrafts.list(me.tenant.id).map(draftView),
        }),
      ),
    },
    {
      method: "GET",
      path: "/api/crea/template",
      handle: signedIn(store, (req, me) => {
        const q = queryOf(req, openQuery);
        const editing = { mergeFields: MERGE_FIELD_NAMES, imagePlaceholder: IMAGE_PLACEHOLDER };
        if (q.kind === "file") {
          const t = loadTemplate(q.id);
          // The intro is the chat's to write; the signature is the business's name, as in a draft.
          const body = fillDraftSlots(t.html, { signature: me.tenant.name });
          return json(200, {
            ...editing,
            kind: q.kind,
            id: q.id,
            title: t.title,
            subject: t.subject,
            html: body,
            ...channelOf(t.channel),
          });
        }
        if (q.kind === "own") {
          const t = store.creaTemplates.get(me.tenant.id, q.id);
          if (!t)
            return failure(
              404,
              "not_found",
              `Aucun modèle n°${q.id} dans ce compte : il a peut-être été supprimé.`,
            );
          return json(200, {
            ...editing,
            kind: q.kind,
            id: t.id,
            title: t.name,
            name: t.name,
            subject: t.subject,
            html: t.bodyHtml,
            basedOn: t.basedOn,
            ...channelOf("email"),
          });
        }
        const d = store.creaDrafts.get(me.tenant.id, q.id);
        if (!d)
          return failure(404, "not_found", `Aucun brouillon n°${q.id} : il a peut-être déjà été planifié.`);
        return json(200, {
          ...editing,
          kind: q.kind,
          id: d.id,
          title: fileTitle(d.template) ?? `Brouillon n°${d.id}`,
          subject: d.subject ?? "",
          html: d.bodyHtml ?? "",
          segment: d.segment ?? {},
          segmentWords: describeSegment(d.segment ?? {}),
          ...channelOf(d.channel),
        });
      }),
    },
    {
      method: "POST",
      path: "/api/crea/templates",
      handle: signedIn(store, (req, me) => {
        const { id, name, subject: title, html: body, basedOn } = bodyOf(req, templateBody);
        const refused = mergeFieldFailure(body);
        if (refused) return refused;
        const input = { name, subject: title, html: body, basedOn };
        const saved =
          id === undefined
            ? store.creaTemplates.create(scopeOf(me), input, me.user.id)
            : store.creaTemplates.update(scopeOf(me), id, input);
        return json(id === undefined ? 201 : 200, { template: ownView(saved) });
      }),
    },
    {
      method: "POST",
      path: "/api/crea/templates/delete",
      handle: signedIn(store, (req, me) => {
        const { id } = bodyOf(req, deleteBody);
        return json(200, { deleted: ownView(store.creaTemplates.remove(scopeOf(me), id)) });
      }),
    },
    {
      method: "POST",
      path: "/api/crea/drafts",
      handle: signedIn(store, (req, me) => {
        const { id, subject: title, html: body } = bodyOf(req, draftBody);
        const refused = mergeFieldFailure(body);
        if (refused) return refused;
        const draft = store.creaDrafts.update(scopeOf(me), id, { subject: title, html: body });
        return json(200, { draft: draftView(draft) });
      }),
    },
  ];
}
