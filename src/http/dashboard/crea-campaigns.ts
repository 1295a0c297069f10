// « Planifier l'envoi » and the room's campaigns: GET /api/crea/audience counts, before anything is
// confirmed, who in a segment (the CRM's filters: status, tag, heat, inactiveDays) would receive the
// campaign and who is left out (no e-mail, no opt-in, opted out), its cost, and the moment asked for
// (date and time in the tenant's timezone; tomorrow 9 h by default) as the ISO instant the planning
// tool takes; GET /api/crea/campaigns lists the tenant's campaigns with their status in words and
// their recipients' counts. Planning and cancelling are tools (schedule_campaign, cancel_campaign)
// through POST /api/actions, like every write.
import { DateTime } from "luxon";
import { z } from "zod";
import { queryOf, signedIn } from "../../../channels/web/handler.js";
import { campaignUnits, costOf, frenchMoment } from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import type { Campaign, CampaignSegment, RecipientCounts } from "../../store/campaigns.js";
import type { Store } from "../../store/index.js";
import { HEATS } from "../../store/lead-input.js";

const STATUS_WORDS: Readonly<Record<string, string>> = {
  scheduled: "planifiée",
  sending: "en cours",
  sent: "envoyée",
  cancelled: "annulée",
  failed: "échec",
};

const many = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(60)).max(20))
  .optional();

const audienceQuery = z.object({
  status: many,
  tag: many,
  heat: z.enum(HEATS, { error: "chaleur attendue : chaud, tiede ou froid" }).optional(),
  inactiveDays: z.coerce.number().int().min(0).max(3650).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "date attendue au format AAAA-MM-JJ" })
    .optional(),
  time: z
    .string()
    .regex(/^\d{2}:\d{2}$/, { error: "heure attendue au format HH:MM" })
    .optional(),
});

/** The segment the planning tool takes: only the filters given. */
function segmentOf(q: z.output<typeof audienceQuery>): CampaignSegment {
  return {
    ...(q.status?.length ? { status: q.status } : {}),
    ...(q.tag?.length ? { tag: q.tag } : {}),
    ...(q.heat ? { heat: q.heat } : {}),
    ...(q.inactiveDays !== undefined ? { inactiveDays: q.inactiveDays } : {}),
  };
}

/** The moment asked for in the tenant's timezone, or tomorrow at 9 h; why it cannot be used, if so. */
function momentOf(now: Date, zone: string, date?: string, time?: string) {
  const tomorrow = DateTime.fromJSDate(now, { zone })
    .plus({ days: 1 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const local =
    date || time
      ? DateTime.fromISO(`${date ?? tomorrow.toISODate()}T${time ?? "09:00"}`, { zone })
      : tomorrow;
  if (!local.isValid) return { problem: "Date ou heure invalide." };
  const at = local.toJSDate();
  return {
    date: local.toISODate() as string,
    time: local.toFormat("HH:mm"),
    at: local.toISO({ suppressMilliseconds: true }) as string,
    atLabel: frenchMoment(at, zone),
    problem: at <= now ? "Ce moment est déjà passé : choisissez une date et une heure à venir." : null,
  };
}

const countsView = (c: RecipientCounts) => ({
  total: c.total,
  queued: c.queued + c.sending,
  sent: c.sent,
  opened: c.opened,
  clicked: c.clicked,
  bounced: c.bounced,
  failed: c.failed,
});

const campaignView = (c: Campaign & { counts: RecipientCounts }, timezone: string) => ({
  id: c.id,
  name: c.name,
  subject: c.subject,
  status: c.status,
  statusLabel: STATUS_WORDS[c.status] ?? c.status,
  scheduledAt: c.scheduledAt.toISOString(),
  scheduledLabel: frenchMoment(c.scheduledAt, timezone),
  startedAt: c.startedAt?.toISOString() ?? null,
  finishedAt: c.finishedAt?.toISOString() ?? null,
  // Counted when planned until it starts; then its recipients, fixed.
  recipients: c.startedAt ? c.counts.total : c.recipients,
  excluded: c.excluded,
  cost: c.cost,
  error: c.error,
  counts: countsView(c.counts),
});

export function creaCampaignRoutes(store: Store): Route[] {
  return [
    {
      method: "GET",
      path: "/api/crea/audience",
      handle: signedIn(store, (req, me) => {
        const q = queryOf(req, audienceQuery);
        const segment = segmentOf(q);
        const audience = store.campaigns.audience(me.tenant.id, segment);
        return json(200, {
          segment,
          ...audience,
          // What schedule_campaign's card will ask: nothing when nobody can receive it (it is refused).
          cost: audience.recipients
            ? campaignUnits(audience.recipients) * costOf("email_campaign", me.tenant.costOverrides)
            : 0,
          timezone: me.tenant.timezone,
          moment: momentOf(store.clock(), me.tenant.timezone, q.date, q.time),
        });
      }),
    },
    {
      method: "GET",
      path: "/api/crea/campaigns",
      handle: signedIn(store, (_req, me) =>
        json(200, {
          campaigns: store.campaigns.list(me.tenant.id).map((c) => campaignView(c, me.tenant.timezone)),
        }),
      ),
    },
  ];
}
