// schedule_campaign: « Planifier l'envoi » of the Espace Créa. Plans ONE e-mail campaign to a segment
// at a date: the body is sanitised and its CSS inlined now (domain/email-html.ts), its links kept for
// the click redirect, and who would receive it counted (an address, an opt-in, no opt-out) with who
// is left out. Nothing is sent here: the sender's loop starts it when due, fixes its recipients then
// and sends at the mailbox's pace. Refused before anything is paid when the tenant has no mailbox,
// nobody is reachable, a merge field is unknown, the image placeholder is still there, or the moment
// is past. Paid per started hundred recipients; cancel_campaign refunds it while it has not started.
import { z } from "zod";
import { defineTool, type ToolContext } from "../src/agent/tool.js";
import { prepareEmailHtml } from "../src/domain/email-html.js";
import {
  campaignUnits,
  describeSegment,
  frenchCount,
  frenchMoment,
  htmlToText,
  IMAGE_PLACEHOLDER,
  mergeFieldRefusal,
} from "../src/domain/index.js";
import { segmentSchema } from "./draft-newsletter.js";

/** A moment this much in the past still means « now » (the time to confirm a card). */
const PAST_GRACE_MS = 5 * 60_000;
/** A campaign body, bytes of HTML (the editor's own limit is lower). */
const MAX_HTML = 500_000;

const plural = (n: number, one: string, many = `${one}s`) => `${frenchCount(n)} ${n > 1 ? many : one}`;

/** « 3 exclus : sans opt-in, désinscrits ou sans e-mail ». */
export const excludedWords = (n: number) =>
  n > 1
    ? `${frenchCount(n)} exclus : sans opt-in, désinscrits ou sans e-mail`
    : "1 exclu : sans opt-in, désinscrit ou sans e-mail";

const schema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  subject: z.string().trim().min(1).max(200),
  html: z.string().min(1).max(MAX_HTML),
  segment: segmentSchema,
  at: z.iso.datetime({ offset: true }),
  /** The draft of Messages HTML it comes from (draft_newsletter, the Créa editor). */
  draftId: z.number().int().positive().optional(),
  // Counted by prepare when the card is made (and again when it is confirmed): what it is paid for.
  recipients: z.number().int().min(0).optional(),
  excluded: z.number().int().min(0).optional(),
});
type Args = z.output<typeof schema>;

/** When it leaves: the moment asked for, or now if that was a moment ago. */
const sendingAt = (args: Args, now: Date) => new Date(Math.max(Date.parse(args.at), now.getTime()));

function refusal(args: Args, ctx: ToolContext): string | null {
  const missing = ctx.settings?.channels.missing(ctx.tenant, "email");
  if (missing) return missing;
  const unknownFields = mergeFieldRefusal(`${args.subject}\n${args.html}`);
  if (unknownFields) return unknownFields;
  if (args.html.includes(IMAGE_PLACEHOLDER) || args.subject.includes(IMAGE_PLACEHOLDER))
    return `Remplacez « ${IMAGE_PLACEHOLDER} » par une image avant de planifier l'envoi.`;
  if (Date.parse(args.at) < ctx.store.clock().getTime() - PAST_GRACE_MS)
    return `Le moment choisi (${frenchMoment(new Date(args.at), ctx.tenant.timezone)}) est déjà passé : choisissez une date et une heure à venir.`;
  if (args.draftId !== undefined) {
    const draft = ctx.store.messages.get(ctx.tenant.id, args.draftId);
    if (draft?.status !== "draft" || draft.channel !== "email")
      return `Aucun brouillon e-mail n°${args.draftId} dans ce compte.`;
  }
  if (!htmlToText(prepareEmailHtml(args.html).html))
    return "Le contenu de l'e-mail est vide une fois nettoyé (scripts et éléments interdits retirés).";
  return null;
}

export const scheduleCampaign = defineTool({
  name: "schedule_campaign",
  description: "Planifie l'envoi d'une campagne e-mail à un segment, à une date donnée.",
  schema,
  effect: "send",
  costKey: "email_campaign",
  dashboardOnly: true,
  units: (args) => campaignUnits(args.recipients ?? 0),
  prepare(args, ctx) {
    const why = refusal(args, ctx);
    if (why) return { unavailable: why };
    const audience = ctx.store.campaigns.audience(ctx.tenant.id, args.segment);
    const who = describeSegment(args.segment);
    if (audience.matched === 0) return { unavailable: `Aucun lead ne correspond au segment (${who}).` };
    if (audience.recipients === 0)
      return {
        unavailable: `Aucun destinataire joignable par e-mail dans le segment (${who}) : ${plural(audience.matched, "lead trouvé", "leads trouvés")}, tous ${audience.matched > 1 ? "sans e-mail, sans opt-in ou désinscrits" : "sans e-mail, sans opt-in ou désinscrit"}.`,
      };
    return { args: { ...args, recipients: audience.recipients, excluded: audience.excluded } };
  },
  preview(args, ctx) {
    const recipients = args.recipients ?? 0;
    const excluded = args.excluded ? ` (${excludedWords(args.excluded)})` : "";
    const when = frenchMoment(sendingAt(args, ctx.store.clock()), ctx.tenant.timezone);
    return `Planifier la campagne « ${args.name ?? args.subject} » (objet « ${args.subject} ») pour ${plural(recipients, "destinataire")}${excluded}, envoi le ${when}`;
  },
  changedSince({ data }, ctx) {
    const id = (data as { campaignId?: number } | null)?.campaignId;
    const campaign = id ? ctx.store.campaigns.get(ctx.tenant.id, id) : undefined;
    return campaign?.status === "scheduled" ? null : "la campagne a déjà commencé, est terminée ou annulée.";
  },
  run(args, ctx) {
    const { store, scope, tenant } = ctx;
    const prepared = prepareEmailHtml(args.html);
    const draft = args.draftId === undefined ? undefined : store.messages.get(tenant.id, args.draftId);
    const at = sendingAt(args, store.clock());
    const campaign = store.campaigns.create(scope, {
      name: args.name ?? args.subject,
      subject: args.subject,
      bodyHtml: prepared.html,
      bodyText: htmlToText(prepared.html),
      links: prepared.links,
      segment: args.segment,
      scheduledAt: at,
      recipients: args.recipients ?? 0,
      excluded: args.excluded ?? 0,
      debitId: ctx.debitId ?? null,
      draftMessageId: draft?.id ?? null,
      template: draft?.template ?? null,
      createdBy: ctx.user?.id ?? null,
    });
    const excluded = campaign.excluded ? `, ${excludedWords(campaign.excluded)}` : "";
    return {
      ok: true,
      summary: `Campagne n°${campaign.id} « ${campaign.name} » planifiée pour le ${frenchMoment(at, tenant.timezone)} : ${plural(campaign.recipients, "destinataire")}${excluded}. Rien n'est encore parti : l'envoi commencera à l'heure prévue.`,
      data: {
        campaignId: campaign.id,
        scheduledAt: at.toISOString(),
        recipients: campaign.recipients,
        excluded: campaign.excluded,
        links: campaign.links.length,
      },
      undo: { tool: "cancel_campaign", args: { campaignId: campaign.id } },
    };
  },
});
