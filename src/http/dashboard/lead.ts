// Routes of a lead's page: GET /api/lead?id= (contact, owner, status in words, vertical and custom
// fields with their labels, consents per channel with dates, the timeline newest first, enrollments,
// the score explained line by line, and the costs the page shows before an action) and
// GET /api/lead/next-action?id= (the next best action and the tool call that prepares it, with its
// cost). Another tenant's lead is as unknown as a missing one: 404.
import { z } from "zod";
import { failure, queryOf, signedIn } from "../../../channels/web/handler.js";
import {
  costOf,
  fieldLabel,
  fieldsFor,
  fieldValueLabel,
  pipelineFor,
  statusLabel,
} from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import { scenarioOf } from "../../scenarios/definitions.js";
import type { Store } from "../../store/index.js";
import type { LeadDetail, TimelineEntry } from "../../store/lead-detail.js";
import { type DashboardDeps, gateContextFor } from "./context.js";
import { nextActionView } from "./lead-next-action.js";

const leadQuery = z.object({ id: z.coerce.number().int().positive() });

const NUMBER = new Intl.NumberFormat("fr-FR");

/** A field's value as the page shows it: words for codes, « oui »/« non », French numbers. */
export function valueWords(value: unknown, type: string): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (typeof value === "number") return NUMBER.format(value);
  if (Array.isArray(value)) return value.map((v) => valueWords(v, type)).join(", ");
  const text = String(value);
  return type === "enum" ? fieldValueLabel(text) : text;
}

const notFound = (id: number) =>
  failure(404, "not_found", `Aucun lead n°${id} dans ce compte : il a peut-être été supprimé.`);

const CONSENT_LABELS: Readonly<Record<string, string>> = {
  email: "E-mail",
  whatsapp: "WhatsApp",
  sms: "SMS",
};

const CONSENT_STATES = { opt_in: "accepted", opt_out: "refused", none: "none" } as const;

/** Each channel's consent and the date it was given or withdrawn. */
const consentsOf = (detail: LeadDetail) =>
  detail.consents.map((c) => {
    const at = c.state === "opt_out" ? c.optOutAt : c.state === "opt_in" ? c.optInAt : null;
    return {
      channel: c.channel,
      label: CONSENT_LABELS[c.channel] ?? c.channel,
      state: CONSENT_STATES[c.state],
      at: at?.toISOString() ?? null,
    };
  });

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Tone = "ok" | "error" | "pending" | null;
const MESSAGE_TONES: Readonly<Record<string, Tone>> = {
  sent: "ok",
  delivered: "ok",
  failed: "error",
  queued: "pending",
  sending: "pending",
  scheduled: "pending",
  draft: "pending",
};
const STEP_TONES: Readonly<Record<string, Tone>> = {
  sent: "ok",
  delivered: "ok",
  done: "ok",
  dispatched: "ok",
  failed: "error",
  due: "pending",
  drafted: "pending",
  suggested: "pending",
};
const APPOINTMENT_TONES: Readonly<Record<string, Tone>> = {
  done: "ok",
  planned: "pending",
  no_show: "error",
  cancelled: null,
};
const ACTIVITY_TITLES: Readonly<Record<string, string>> = {
  note: "Note",
  call: "Appel",
  meeting: "Rendez-vous",
  appointment: "Rendez-vous",
  email_in: "E-mail reçu",
  whatsapp_in: "WhatsApp reçu",
  status_change: "Changement de statut",
};

/** An activity's title: its kind in words, « envoyé » for a message of the history without a state. */
function activityTitle(kind: string, label: string): string {
  const title = ACTIVITY_TITLES[kind];
  if (title) return title;
  if (kind.endsWith("_out") && !label.includes(" ")) return `${capitalised(label)} envoyé`;
  return capitalised(label);
}

/** Who did it, in words: a user by name, M.A.X., a scenario. */
function actorWords(actor: string, users: Map<number, string>): string | null {
  const user = /^user:(\d+)$/.exec(actor);
  if (user) return users.get(Number(user[1])) ?? null;
  if (actor === "agent" || actor.startsWith("agent")) return "M.A.X.";
  if (actor.startsWith("scenario")) return "un scénario";
  return null;
}

/** One timeline entry as the page draws it: a title, the state in words and its tone, a text. */
function entryView(entry: TimelineEntry, users: Map<number, string>) {
  const base = { key: `${entry.type}-${entry.id}`, at: entry.at.toISOString() };
  switch (entry.type) {
    case "message": {
      const channel = capitalised(entry.channelLabel);
      const subject = entry.subject && entry.channel === "email" ? ` « ${entry.subject} »` : "";
      const failed = entry.status === "failed" && entry.error ? `Échec : ${entry.error}` : null;
      return {
        ...base,
        kind: "message" as const,
        title: entry.direction === "in" ? `${channel} reçu${subject}` : `${channel} envoyé au lead${subject}`,
        state: entry.direction === "in" ? null : entry.statusLabel,
        tone: entry.direction === "in" ? null : (MESSAGE_TONES[entry.status] ?? null),
        body: [entry.excerpt, failed].filter(Boolean).join("\n") || null,
      };
    }
    case "status_change": {
      const by = actorWords(entry.actor, users);
      return {
        ...base,
        kind: "status" as const,
        title: `${entry.fromLabel} → ${entry.toLabel}`,
        state: null,
        tone: null,
        body: by ? `par ${by}` : null,
      };
    }
    case "appointment":
      return {
        ...base,
        kind: "appointment" as const,
        title: "Rendez-vous",
        state: entry.statusLabel,
        tone: APPOINTMENT_TONES[entry.status] ?? null,
        body: [`${entry.durationMin} min`, entry.location].filter(Boolean).join(" · "),
      };
    case "scenario_step": {
      const scenario = scenarioOf(entry.scenario)?.label ?? entry.scenario;
      return {
        ...base,
        kind: "step" as const,
        title: `« ${scenario} », étape ${entry.step + 1}`,
        state: entry.outcomeLabel,
        tone: STEP_TONES[entry.outcome] ?? null,
        body: entry.detail,
      };
    }
    case "activity":
      return {
        ...base,
        kind: entry.kind === "note" ? ("note" as const) : ("activity" as const),
        title: activityTitle(entry.kind, entry.label),
        state: null,
        tone: null,
        body: entry.body || null,
      };
  }
}

function leadView(store: Store, tenantId: number, detail: LeadDetail) {
  const { lead } = detail;
  const tenant = store.tenants.require(tenantId);
  const users = new Map(store.users.list(tenantId).map((u) => [u.id, u.name]));
  const owner = lead.ownerId ? users.get(lead.ownerId) : undefined;
  const customDefinitions = store.customFields.list(tenantId);
  const score = store.leads.scoreOf(tenantId, lead.id) ?? null;
  return {
    timezone: tenant.timezone,
    lead: {
      id: lead.id,
      name: lead.name,
      company: lead.company,
      email: lead.email,
      phone: lead.phone,
      city: lead.city,
      source: lead.source,
      owner: lead.ownerId && owner ? { id: lead.ownerId, name: owner } : null,
      status: lead.status,
      statusLabel: detail.statusLabel,
      heat: lead.heat,
      heatLabel: detail.heatLabel,
      tags: lead.tags,
      notes: lead.notes,
      lastActivityAt: lead.lastActivityAt?.toISOString() ?? null,
      createdAt: lead.createdAt.toISOString(),
    },
    score: score ? { score: score.score, lines: score.lines } : null,
    fields: fieldsFor(tenant.vertical).map((f) => ({
      name: f.name,
      label: fieldLabel(f.name),
      value: valueWords(lead.fields[f.name], f.type),
    })),
    customFields: customDefinitions.map((d) => ({
      name: d.name,
      label: d.label,
      value: valueWords(lead.customFields[d.name], d.type),
    })),
    consents: consentsOf(detail),
    timeline: detail.timeline.map((entry) => entryView(entry, users)),
    timelineHasMore: detail.timelineHasMore,
    enrollments: detail.enrollments.map((e) => ({
      id: e.id,
      scenario: e.scenario,
      label: scenarioOf(e.scenario)?.label ?? e.scenario,
      status: e.status,
      statusLabel: e.statusLabel,
      nextRunAt: e.status === "active" ? (e.nextRunAt?.toISOString() ?? null) : null,
      reason: e.reason,
    })),
    pipeline: pipelineFor(tenant.vertical).map((status) => ({ status, label: statusLabel(status) })),
    costs: {
      analysis: costOf("lead_analysis", tenant.costOverrides, false),
      change: costOf("crm_change", tenant.costOverrides),
    },
  };
}

export function leadRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      path: "/api/lead",
      handle: signedIn(store, (req, me) => {
        const { id } = queryOf(req, leadQuery);
        const detail = store.leadDetail.get(me.tenant.id, id);
        if (!detail) return notFound(id);
        return json(200, leadView(store, me.tenant.id, detail));
      }),
    },
    {
      method: "GET",
      path: "/api/lead/next-action",
      handle: signedIn(store, (req, me) => {
        const { id } = queryOf(req, leadQuery);
        const lead = store.leads.get(me.tenant.id, id);
        if (!lead) return notFound(id);
        return json(200, nextActionView(gateContextFor(deps, me), lead));
      }),
    },
  ];
}
