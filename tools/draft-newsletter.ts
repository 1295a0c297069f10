// draft_newsletter: the seeds' Espace Créa. Fills a template of prompts/newsletters/ with the user's
// intro and the business's name, counts who in the target segment may receive it, and stores ONE
// draft in Messages HTML with its segment. It never sends: merge fields stay in place until the
// sending step fills them per recipient, and the user still has images to swap and a send to plan.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import {
  CHANNEL_LABELS,
  describeSegment,
  htmlToText,
  IMAGE_PLACEHOLDER,
  renderMergeFields,
  type SendChannel,
  unreachableReason,
} from "../src/domain/index.js";
import type { Lead, LeadQuery, Store } from "../src/store/index.js";
import { leadQuerySchema } from "../src/store/lead-search.js";
import { fillDraftSlots, loadTemplate, TEMPLATE_IDS, type TemplateId } from "./newsletter-templates.js";

// The store's own filters, so a segment means exactly what a search means. Strict: an unknown filter
// silently dropped would widen the audience. A campaign (schedule_campaign) targets the same way.
export const segmentSchema = z.strictObject(
  leadQuerySchema.pick({
    text: true,
    status: true,
    tag: true,
    heat: true,
    ownerId: true,
    inactiveDays: true,
    fields: true,
    customFields: true,
  }).shape,
);
type Segment = z.output<typeof segmentSchema>;

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? "s" : ""}`;

const PAGE = 200;

/** Walks the whole segment (search pages are capped) and keeps who may receive on this channel. */
function countRecipients(store: Store, tenantId: number, segment: LeadQuery, channel: SendChannel) {
  let matched = 0;
  let reachable = 0;
  let first: Lead | undefined;
  for (let offset = 0; ; offset += PAGE) {
    const page = store.leads.search(tenantId, { ...segment, sort: "name", limit: PAGE, offset });
    matched += page.leads.length;
    for (const lead of page.leads) {
      if (unreachableReason(lead, channel)) continue;
      reachable += 1;
      first ??= lead;
    }
    if (page.leads.length < PAGE) return { matched, reachable, first };
  }
}

/** Why a draft would reach nobody: an empty segment, or nobody in it reachable on the channel. */
function nobodyToDraftFor(id: TemplateId, segment: Segment, matched: number, first: Lead | undefined) {
  const who = describeSegment(segment);
  if (matched === 0) return `Aucun lead ne correspond au segment (${who}) : aucun brouillon préparé.`;
  if (first) return null;
  const s = matched > 1 ? "s" : "";
  const label = CHANNEL_LABELS[loadTemplate(id).channel];
  return `Aucun destinataire joignable par ${label} dans le segment (${who}) : ${plural(matched, "lead")} trouvé${s}, mais sans coordonnée, sans opt-in ou désinscrit${s}.`;
}

export const draftNewsletter = defineTool({
  name: "draft_newsletter",
  description:
    "Brouillon HTML de newsletter depuis un modèle pour un segment (vide : tous) ; compte les joignables, n'envoie rien.",
  schema: z.object({
    template: z.enum(TEMPLATE_IDS),
    subject: z.string().trim().min(1).max(200).optional(),
    intro: z.string().trim().min(1).max(1500).optional(),
    segment: segmentSchema.optional(),
  }),
  effect: "write",
  costKey: "newsletter_draft",
  preview: ({ template, segment = {} }) => {
    const { title, channel } = loadTemplate(template);
    return `Préparer le brouillon ${title} (${CHANNEL_LABELS[channel]}) pour ${describeSegment(segment)} — rien ne sera envoyé`;
  },
  run({ template: id, subject, intro, segment = {} }, { store, tenant, scope }) {
    const template = loadTemplate(id);
    const label = CHANNEL_LABELS[template.channel];
    const who = describeSegment(segment);
    const { matched, reachable, first } = countRecipients(store, tenant.id, segment, template.channel);
    const why = nobodyToDraftFor(id, segment, matched, first);
    if (why || !first) return { ok: false, error: why ?? "" };
    const html = fillDraftSlots(template.html, { intro, signature: tenant.name });
    const draft = store.messages.create(scope, {
      channel: template.channel,
      direction: "out",
      status: "draft",
      template: id,
      subject: subject ?? template.subject,
      bodyHtml: html,
      // Plain text carries no picture: the placeholder would otherwise reach the recipients.
      bodyText: htmlToText(html.replaceAll(IMAGE_PLACEHOLDER, "")),
      segment,
    });
    const excluded = matched - reachable;
    const excludedNote = excluded
      ? ` (${plural(excluded, "lead")} du segment exclu${excluded > 1 ? "s" : ""} : coordonnée manquante, pas d'opt-in ou désinscription)`
      : "";
    return {
      ok: true,
      summary: `Brouillon n°${draft.id} enregistré — ${template.title} (${label}) pour ${plural(reachable, "destinataire")}, segment : ${who}${excludedNote}. Rien n'a été envoyé : relisez-le et remplacez ${IMAGE_PLACEHOLDER} avant de planifier l'envoi.`,
      data: {
        messageId: draft.id,
        template: id,
        channel: template.channel,
        recipients: reachable,
        excluded,
        preview: { leadId: first.id, name: first.name, html: renderMergeFields(html, first) },
      },
    };
  },
});
