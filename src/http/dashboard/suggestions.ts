// What M.A.X. suggests in the Espace M.A.X., computed from the tenant's data: relances waiting for
// their validation, cards waiting for a decision, leads of a stage whose follow-up sequence has not
// started although they have been silent for days, tomorrow's appointments without their reminders,
// hot leads with nothing planned, and the leads to follow up. Each comes with what one click does —
// tool calls that go through the gate (a card in Assisté), the waiting cards, or a request to M.A.X. —
// and only when there is something to do (a count above zero). The definitions are the product's
// own: « à relancer » is the chat's (open leads silent for FOLLOW_UP_AFTER_DAYS), the drafts are what
// validate_followups validates, a sequence fits a stage by its `requiresStatus`.
import { DateTime } from "luxon";
import { scenarioDrafts } from "../../../tools/validate-followups.js";
import type { GateContext } from "../../agent/gate.js";
import { SEQUENCE_PREFIX } from "../../agent/nlu/understand.js";
import { FOLLOW_UP_AFTER_DAYS } from "../../agent/nlu/vocabulary.js";
import { frenchCount, openStatuses, statusLabel, type Vertical } from "../../domain/index.js";
import { SCENARIOS, SEQUENCE_IDS } from "../../scenarios/definitions.js";
import { MAX_SEGMENT_ENROLLMENTS } from "../../scenarios/enroll.js";
import type { Lead } from "../../store/index.js";
import { cardOf } from "./actions.js";

export interface ToolCall {
  tool: string;
  args: Record<string, unknown>;
}

export interface Suggestion {
  /** Stable while the suggestion stands: « drafts », « sequence:coach-post-appel:appel_realise »… */
  id: string;
  count: number;
  /** What was noticed: « 12 leads non relancés depuis 5 jours ». */
  text: string;
  /** What the click does, as a question: « Relancer ? ». */
  act: string;
  /** Tool calls run in order through the gate: each write opens its card in Assisté. */
  run?: ToolCall[];
  /** Cards already waiting: the click opens them one after the other. */
  cards?: ReturnType<typeof cardOf>[];
  /** A request sent to M.A.X. in the chat, where its answer pages with « suite ». */
  ask?: string;
}

/** « 1 lead », « 12 leads » */
const count = (n: number, one: string, many: string) => `${frenchCount(n)} ${n > 1 ? many : one}`;
/** Hot leads analysed by one click, at most. */
export const ANALYSES_PER_CLICK = 20;
/** Leads looked at to find the hot ones with nothing planned. */
const HOT_CANDIDATES = 200;
const DAY_MS = 86_400_000;

/** The leads a call's arguments name: one `leadId` or a list of them (a bulk action). */
const leadsOf = (args: unknown): number[] => {
  const target = (args as { leadId?: unknown } | null | undefined)?.leadId;
  const ids = Array.isArray(target) ? target : [target];
  return ids.filter((id): id is number => typeof id === "number");
};

const fits = (vertical: Vertical, scenario: string) => {
  const prefix = SEQUENCE_PREFIX[vertical];
  return prefix !== undefined && scenario.startsWith(prefix);
};

export function suggestionsFor(ctx: GateContext): Suggestion[] {
  const { store, tenant } = ctx;
  const vertical = tenant.vertical as Vertical;
  const now = store.clock();
  const suggestions: Suggestion[] = [];

  // Relances M.A.X. drafted (scenario steps in Assisté): validate_followups sends them all.
  const drafts = scenarioDrafts(ctx);
  if (drafts.length > 0) {
    suggestions.push({
      id: "drafts",
      count: drafts.length,
      text: `${count(drafts.length, "relance préparée attend", "relances préparées attendent")} votre validation`,
      act: drafts.length > 1 ? "Les valider ?" : "La valider ?",
      run: [{ tool: "validate_followups", args: {} }],
    });
  }

  // Other cards waiting for a decision (here, in Slack, WhatsApp or the terminal).
  const draftIds = new Set(drafts.map((d) => d.id));
  const pending = store.pendingActions
    .listPending(tenant.id)
    .filter((a) => !draftIds.has(a.id) && a.expiresAt.getTime() > now.getTime());
  if (pending.length > 0) {
    suggestions.push({
      id: "pending",
      count: pending.length,
      text: `${count(pending.length, "action en attente", "actions en attente")} de confirmation`,
      act: pending.length > 1 ? "Les voir ?" : "La voir ?",
      cards: pending.slice(0, 20).map(cardOf),
    });
  }

  // A stage with its own follow-up sequence (a quote sent, a discovery call made): the leads silent
  // for FOLLOW_UP_AFTER_DAYS that do not follow it yet are enrolled as one segment.
  for (const id of SEQUENCE_IDS) {
    const def = SCENARIOS[id];
    if (!def.requiresStatus || def.anchor !== "enrollment" || !fits(vertical, id)) continue;
    for (const status of def.requiresStatus) {
      const segment = { status, inactiveDays: FOLLOW_UP_AFTER_DAYS };
      const page = store.leads.search(tenant.id, { ...segment, limit: MAX_SEGMENT_ENROLLMENTS });
      // A segment too big for one enrollment is no one-click action.
      if (page.total > MAX_SEGMENT_ENROLLMENTS) continue;
      const waiting = page.leads.filter((l) => !store.scenarios.running(tenant.id, l.id, id));
      if (waiting.length === 0) continue;
      suggestions.push({
        id: `sequence:${id}:${status}`,
        count: waiting.length,
        text: `${count(waiting.length, "lead", "leads")} en « ${statusLabel(status)} » non ${waiting.length > 1 ? "relancés" : "relancé"} depuis ${FOLLOW_UP_AFTER_DAYS} jours`,
        act: `Relancer avec « ${def.label} » ?`,
        run: [{ tool: "enroll_in_scenario", args: { scenario: id, segment } }],
      });
    }
  }

  // Tomorrow's appointments whose anti no-show reminders are not running.
  const noShow = SCENARIOS["coach-no-show"];
  if (fits(vertical, noShow.id)) {
    const tomorrow = DateTime.fromJSDate(now, { zone: tenant.timezone }).plus({ days: 1 }).startOf("day");
    const [from, to] = [tomorrow.toMillis(), tomorrow.plus({ days: 1 }).toMillis()];
    const leads = new Set(
      store.appointments
        .upcoming(tenant.id, new Date(from), 500)
        .filter((a) => a.startsAt.getTime() < to)
        .filter((a) => !store.scenarios.running(tenant.id, a.leadId, noShow.id))
        .map((a) => a.leadId),
    );
    if (leads.size > 0) {
      suggestions.push({
        id: "tomorrow",
        count: leads.size,
        text: `${count(leads.size, "rendez-vous", "rendez-vous")} demain sans rappel prévu`,
        act: leads.size > 1 ? "Envoyer les rappels ?" : "Envoyer un rappel ?",
        run: [...leads].map((leadId) => ({
          tool: "enroll_in_scenario",
          args: { scenario: noShow.id, leadId },
        })),
      });
    }
  }

  // Hot leads still in play with nothing planned (no sequence running, no appointment, no card) and
  // not analysed in the last day: one analysis of them all (a card with its total cost) tells the next
  // action of each; asked again the same day, it would only cost the same tokens.
  const open = openStatuses(vertical);
  const hot = store.leads.search(tenant.id, { heat: "chaud", status: open, limit: HOT_CANDIDATES }).leads;
  if (hot.length > 0) {
    const withAppointment = new Set(store.appointments.upcoming(tenant.id, now, 1000).map((a) => a.leadId));
    const withCard = new Set(store.pendingActions.listPending(tenant.id).flatMap((a) => leadsOf(a.args)));
    // One query each (reporting.ts), not one per lead nor a walk through the whole audit log.
    const following = store.reporting.followingSequences(
      tenant.id,
      hot.map((l) => l.id),
    );
    const analysed = new Set(
      store.reporting
        .toolArgsSince(tenant.id, "analyze_lead", new Date(now.getTime() - DAY_MS))
        .flatMap((args) => leadsOf(args)),
    );
    const idle = hot.filter(
      (l) => !withAppointment.has(l.id) && !withCard.has(l.id) && !analysed.has(l.id) && !following.has(l.id),
    );
    if (idle.length > 0) {
      // The longest silent first: they need it most.
      const silent = (l: Lead) => now.getTime() - (l.lastActivityAt ?? l.createdAt).getTime();
      const chosen = [...idle].sort((a, b) => silent(b) - silent(a)).slice(0, ANALYSES_PER_CLICK);
      suggestions.push({
        id: "hot",
        count: idle.length,
        text: `${count(idle.length, "lead chaud", "leads chauds")} sans action prévue`,
        act:
          chosen.length === 1
            ? "L'analyser ?"
            : chosen.length < idle.length
              ? `Analyser les ${chosen.length} plus urgents ?`
              : "Les analyser ?",
        run: [{ tool: "analyze_lead", args: { leadId: chosen.map((l) => l.id) } }],
      });
    }
  }

  // « À relancer », as the chat reads it: the leads still in play with no news for a few days.
  const stale = store.leads.search(tenant.id, {
    status: open,
    inactiveDays: FOLLOW_UP_AFTER_DAYS,
    limit: 1,
  });
  if (stale.total > 0) {
    suggestions.push({
      id: "stale",
      count: stale.total,
      text: `${stale.totalExact ? "" : "Plus de "}${count(stale.total, "lead", "leads")} non ${stale.total > 1 ? "relancés" : "relancé"} depuis ${FOLLOW_UP_AFTER_DAYS} jours`,
      act: "Voir lesquels ?",
      ask: "quels leads dois-je relancer aujourd'hui ?",
    });
  }
  return suggestions;
}
