// A lead's page: the lead, its consent per channel with dates, its timeline (messages, status changes,
// notes and other activities, appointments, sequence steps) merged newest first, and its sequences.
//
// Each source is read through an index by lead where one exists, newest first and no more than the
// timeline shows. Status changes come from the `status_change` activity that leads.setStatus writes
// in the same transaction as its audit entry (`lead.status`), with the same before and after: the
// audit log has no index by lead, so reading it would walk the tenant's whole history on every page.
// Activities that only mirror a message or an appointment (they carry its id) are left out: the
// message or appointment itself is on the timeline, with where it stands now.
import { sql } from "drizzle-orm";
import {
  appointmentStatusLabel,
  type ConsentState,
  channelLabel,
  consentLabel,
  consentState,
  enrollmentStatusLabel,
  heatLabel,
  htmlToText,
  messageStatusLabel,
  statusLabel,
  stepOutcomeLabel,
  timelineLabel,
} from "../domain/index.js";
import type { StoreContext } from "./context.js";
import { CONSENT_CHANNELS, type ConsentChannel } from "./lead-input.js";
import type { Lead } from "./leads.js";

/** Entries on a lead's page, newest first. */
export const TIMELINE_LIMIT = 100;
/** Characters of a message's text shown on the timeline. */
export const EXCERPT_LENGTH = 200;

export interface LeadConsent {
  channel: ConsentChannel;
  /** opt_in: agreed and not opted out since; opt_out: opted out; none: never agreed. */
  state: ConsentState;
  /** « accepté », « désinscrit », « pas de consentement ». */
  label: string;
  optInAt: Date | null;
  optOutAt: Date | null;
}

interface Entry {
  /** The row's id in its own table (messages, activities, appointments, scenario_steps). */
  id: number;
  /** When it happened; the timeline is sorted on it, newest first. */
  at: Date;
  /** What it is in a few French words: « e-mail remis », « changement de statut », « note ». */
  label: string;
}

export interface MessageEntry extends Entry {
  type: "message";
  channel: string;
  channelLabel: string;
  direction: "in" | "out";
  subject: string | null;
  /** The start of its text (HTML read as text), at most EXCERPT_LENGTH characters. */
  excerpt: string;
  /** Where it stands now: draft, queued, sending, scheduled, sent, delivered, failed, received. */
  status: string;
  statusLabel: string;
  /** Why it failed, for a failed one. */
  error: string | null;
}

export interface StatusChangeEntry extends Entry {
  type: "status_change";
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  /** Who changed it (`user:3`, `agent`, `scenario:…`). */
  actor: string;
}

export interface ActivityEntry extends Entry {
  type: "activity";
  /** note, call, meeting, email_out… (an activity no message stands for: the demo's history). */
  kind: string;
  body: string;
  actor: string;
}

export interface AppointmentEntry extends Entry {
  type: "appointment";
  startsAt: Date;
  durationMin: number;
  status: string;
  statusLabel: string;
  location: string | null;
}

export interface ScenarioStepEntry extends Entry {
  type: "scenario_step";
  enrollmentId: number;
  /** The sequence's code (its name is the scenarios' definitions). */
  scenario: string;
  step: number;
  stepKey: string;
  outcome: string;
  outcomeLabel: string;
  channel: string | null;
  /** The message the step sent, also on the timeline. */
  messageId: number | null;
  detail: string | null;
}

export type TimelineEntry =
  | MessageEntry
  | StatusChangeEntry
  | ActivityEntry
  | AppointmentEntry
  | ScenarioStepEntry;

export interface LeadEnrollment {
  id: number;
  scenario: string;
  status: string;
  statusLabel: string;
  /** Index of the next step to run. */
  currentStep: number;
  nextRunAt: Date | null;
  /** Why it stopped. */
  reason: string | null;
  createdAt: Date;
}

export interface LeadDetail {
  lead: Lead;
  statusLabel: string;
  heatLabel: string | null;
  consents: LeadConsent[];
  timeline: TimelineEntry[];
  /** Older entries exist beyond the TIMELINE_LIMIT shown. */
  timelineHasMore: boolean;
  /** The lead's sequences, newest first. */
  enrollments: LeadEnrollment[];
}

type MessageRow = {
  id: number;
  channel: string;
  direction: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  status: string;
  error: string | null;
  at: number;
};
type ActivityRow = { id: number; kind: string; body: string; meta: string; actor: string; at: number };
type AppointmentRow = {
  id: number;
  starts_at: number;
  duration_min: number;
  status: string;
  location: string | null;
};
type StepRow = {
  id: number;
  enrollment_id: number;
  scenario: string;
  step_index: number;
  step_key: string;
  outcome: string;
  channel: string | null;
  message_id: number | null;
  detail: string | null;
  at: number;
};
type EnrollmentRow = {
  id: number;
  scenario: string;
  status: string;
  current_step: number;
  next_run_at: number | null;
  reason: string | null;
  created_at: number;
};

export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function parseMeta(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const TYPE_ORDER: Record<TimelineEntry["type"], number> = {
  status_change: 0,
  message: 1,
  scenario_step: 2,
  appointment: 3,
  activity: 4,
};

export function leadDetail(
  ctx: StoreContext,
  deps: { getLead: (tenantId: number, id: number) => Lead | undefined },
) {
  const { db } = ctx;

  const messagesOf = (tenantId: number, leadId: number, take: number): MessageEntry[] =>
    db
      .all<MessageRow>(
        sql`select id, channel, direction, subject, body_text, body_html, status, error,
            coalesce(sent_at, created_at) as at
          from messages where tenant_id = ${tenantId} and lead_id = ${leadId}
          order by at desc, id desc limit ${take}`,
      )
      .map((m) => ({
        type: "message",
        id: m.id,
        at: new Date(m.at),
        label: `${channelLabel(m.channel)} ${m.direction === "in" ? "reçu" : messageStatusLabel(m.status)}`,
        channel: m.channel,
        channelLabel: channelLabel(m.channel),
        direction: m.direction === "in" ? "in" : "out",
        subject: m.subject,
        excerpt: excerpt(m.body_text || (m.body_html ? htmlToText(m.body_html) : "")),
        status: m.status,
        statusLabel: messageStatusLabel(m.status),
        error: m.error,
      }));

  const activitiesOf = (
    tenantId: number,
    leadId: number,
    take: number,
  ): Array<StatusChangeEntry | ActivityEntry> =>
    db
      .all<ActivityRow>(
        sql`select a.id, a.kind, a.body, a.meta, a.actor, a.occurred_at as at from activities a
          where a.tenant_id = ${tenantId} and a.lead_id = ${leadId}
            and not exists (select 1 from messages m where m.tenant_id = a.tenant_id and m.lead_id = a.lead_id
              and m.id = json_extract(a.meta, '$.messageId'))
            and not exists (select 1 from appointments p where p.tenant_id = a.tenant_id and p.lead_id = a.lead_id
              and p.id = json_extract(a.meta, '$.appointmentId'))
          order by a.occurred_at desc, a.id desc limit ${take}`,
      )
      .map((a): StatusChangeEntry | ActivityEntry => {
        const meta = parseMeta(a.meta);
        if (a.kind === "status_change" && typeof meta.from === "string" && typeof meta.to === "string") {
          return {
            type: "status_change",
            id: a.id,
            at: new Date(a.at),
            label: `Statut : ${statusLabel(meta.from)} → ${statusLabel(meta.to)}`,
            from: meta.from,
            to: meta.to,
            fromLabel: statusLabel(meta.from),
            toLabel: statusLabel(meta.to),
            actor: a.actor,
          };
        }
        return {
          type: "activity",
          id: a.id,
          at: new Date(a.at),
          label: timelineLabel(a.kind, meta.status),
          kind: a.kind,
          body: a.body,
          actor: a.actor,
        };
      });

  // No index by lead: the tenant's appointments are read (a few per lead at most).
  const appointmentsOf = (tenantId: number, leadId: number, take: number): AppointmentEntry[] =>
    db
      .all<AppointmentRow>(
        sql`select id, starts_at, duration_min, status, location from appointments
          where tenant_id = ${tenantId} and lead_id = ${leadId} order by starts_at desc, id desc limit ${take}`,
      )
      .map((p) => ({
        type: "appointment",
        id: p.id,
        at: new Date(p.starts_at),
        label: `Rendez-vous ${appointmentStatusLabel(p.status)}`,
        startsAt: new Date(p.starts_at),
        durationMin: p.duration_min,
        status: p.status,
        statusLabel: appointmentStatusLabel(p.status),
        location: p.location,
      }));

  const stepsOf = (tenantId: number, leadId: number, take: number): ScenarioStepEntry[] =>
    db
      .all<StepRow>(
        sql`select s.id, s.enrollment_id, e.scenario, s.step_index, s.step_key, s.outcome, s.channel,
            s.message_id, s.detail, s.updated_at as at
          from scenario_enrollments e
          join scenario_steps s on s.tenant_id = e.tenant_id and s.enrollment_id = e.id
          where e.tenant_id = ${tenantId} and e.lead_id = ${leadId}
          order by s.updated_at desc, s.id desc limit ${take}`,
      )
      .map((s) => ({
        type: "scenario_step",
        id: s.id,
        at: new Date(s.at),
        label: `Séquence, étape ${s.step_index + 1} : ${stepOutcomeLabel(s.outcome)}`,
        enrollmentId: s.enrollment_id,
        scenario: s.scenario,
        step: s.step_index,
        stepKey: s.step_key,
        outcome: s.outcome,
        outcomeLabel: stepOutcomeLabel(s.outcome),
        channel: s.channel,
        messageId: s.message_id,
        detail: s.detail,
      }));

  const enrollmentsOf = (tenantId: number, leadId: number): LeadEnrollment[] =>
    db
      .all<EnrollmentRow>(
        sql`select id, scenario, status, current_step, next_run_at, reason, created_at
          from scenario_enrollments where tenant_id = ${tenantId} and lead_id = ${leadId}
          order by id desc limit 50`,
      )
      .map((e) => ({
        id: e.id,
        scenario: e.scenario,
        status: e.status,
        statusLabel: enrollmentStatusLabel(e.status),
        currentStep: e.current_step,
        nextRunAt: e.next_run_at === null ? null : new Date(e.next_run_at),
        reason: e.reason,
        createdAt: new Date(e.created_at),
      }));

  return {
    /** The lead's page; undefined when the tenant has no such lead. */
    get(tenantId: number, leadId: number, options: { limit?: number } = {}): LeadDetail | undefined {
      const lead = deps.getLead(tenantId, leadId);
      if (!lead) return undefined;
      const limit = Math.min(Math.max(1, Math.floor(options.limit ?? TIMELINE_LIMIT)), TIMELINE_LIMIT);
      // One more than shown from each source tells whether older entries are left out.
      const take = limit + 1;
      const merged: TimelineEntry[] = [
        ...messagesOf(tenantId, leadId, take),
        ...activitiesOf(tenantId, leadId, take),
        ...appointmentsOf(tenantId, leadId, take),
        ...stepsOf(tenantId, leadId, take),
      ].sort(
        (a, b) => b.at.getTime() - a.at.getTime() || TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || b.id - a.id,
      );
      return {
        lead,
        statusLabel: statusLabel(lead.status),
        heatLabel: lead.heat ? heatLabel(lead.heat) : null,
        consents: CONSENT_CHANNELS.map((channel) => {
          const { optInAt, optOutAt } = lead.consent[channel];
          const state = consentState(optInAt, optOutAt);
          return { channel, state, label: consentLabel(state), optInAt, optOutAt };
        }),
        timeline: merged.slice(0, limit),
        timelineHasMore: merged.length > limit,
        enrollments: enrollmentsOf(tenantId, leadId),
      };
    },
  };
}

export type LeadDetailReader = ReturnType<typeof leadDetail>;
