// The Budget IA page's figures, every one read from the store: balance, allowance and forecast (the
// ledger's summary), this period's spending split by kind, twelve weeks of usage, refunds, what the
// month would have cost in Conseil, and advice drawn from the tenant's own results.
import { DateTime } from "luxon";
import type { ToolSet } from "../../agent/tool.js";
import {
  ADVICE_WINDOW_DAYS,
  type Advice,
  type AdviceChannel,
  budgetAlertText,
  budgetLevel,
  channelAdvice,
  costPerReplyAdvice,
  dayWords,
  decide,
  isManager,
  jetons,
  PACK_SIZE,
  type PeriodUsage,
  paceAdvice,
  periodWords,
  recentWeeks,
  SPEND_KIND_HINTS,
  SPEND_KIND_LABELS,
  SPEND_KINDS,
  type SpendKind,
  spendActionLabel,
  spendKindOf,
} from "../../domain/index.js";
import type { SpendingRow } from "../../store/budget.js";
import type { Store, Tenant, User } from "../../store/index.js";

export const CHART_WEEKS = 12;
const DAY_MS = 86_400_000;
const CHANNELS: AdviceChannel[] = ["email", "whatsapp"];
const CHANNEL_COST_KEYS: Record<AdviceChannel, string> = {
  email: "email_message",
  whatsapp: "whatsapp_message",
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part * 100) / whole) : 0);
const shortDay = (at: Date, timezone: string) =>
  DateTime.fromJSDate(at, { zone: timezone }).setLocale("fr").toFormat("d LLL yyyy");

/** The banner's alert: the highest threshold this period's usage has reached, in words. */
export function alertOf(usage: PeriodUsage) {
  const threshold = budgetLevel(usage);
  return threshold === null
    ? null
    : { threshold, period: usage.period, text: budgetAlertText(usage, threshold) };
}

/** Why a refund was made, in words: the gate's « échec de <outil> » names a tool, never shown. */
export function refundReason(note: string | null): string {
  if (!note) return "Remboursement";
  if (/^échec de [a-z_]+$/.test(note)) return "L'action a échoué";
  return capital(note);
}

function kindsOf(tenant: Tenant, byAction: SpendingRow[], used: number) {
  // The plan's lock is the gate's own verdict on an AI call, with its reason.
  const aiCalls = decide({
    mode: "auto",
    effect: "send",
    costKey: "ai_call",
    plan: tenant.plan,
    extensions: tenant.extensions,
  });
  const kinds: SpendKind[] = [...SPEND_KINDS, "autres"];
  return kinds
    .map((kind) => {
      const rows = byAction.filter((r) => spendKindOf(r.action) === kind);
      const spent = rows.reduce((sum, r) => sum + r.used, 0);
      const locked = kind === "appels_ia" && aiCalls.verdict === "refuse";
      return {
        kind,
        label: SPEND_KIND_LABELS[kind],
        hint: SPEND_KIND_HINTS[kind],
        used: spent,
        share: percent(spent, used),
        actions: rows.map((r) => ({ label: spendActionLabel(r.action), used: r.used, count: r.count })),
        locked,
        ...(locked ? { lockedReason: aiCalls.reason } : {}),
      };
    })
    .filter((k) => k.kind !== "autres" || k.used !== 0);
}

/**
 * In Conseil, reads run and side effects only become suggestions: what the month would have cost is
 * what it spent on the tools that read (an analysis), the rest is not paid — and not done either.
 */
function conseilOf(tools: ToolSet, byAction: SpendingRow[], used: number) {
  const readKeys = new Set<string>(
    tools.all.flatMap((t) =>
      t.effect === "read" && !t.free && typeof t.costKey === "string" && t.costKey !== "read"
        ? [t.costKey]
        : [],
    ),
  );
  const kept = byAction.filter((r) => r.action !== null && readKeys.has(r.action));
  const conseil = kept.reduce((sum, r) => sum + r.used, 0);
  const notDone = byAction.filter((r) => !kept.includes(r)).reduce((sum, r) => sum + r.count, 0);
  const paidReads = [...readKeys].map((k) => spendActionLabel(k).toLowerCase()).join(", ");
  return {
    actual: used,
    conseil,
    saved: used - conseil,
    notDone,
    rule: `En mode Conseil, M.A.X. lit et suggère sans agir : seules les lectures payantes (${paidReads}) sont débitées ; messages, changements, créations et automatisations restent des suggestions gratuites, que personne n'exécute.`,
    text: conseilSentence(used, conseil, notDone),
  };
}

function conseilSentence(used: number, conseil: number, notDone: number): string {
  if (used === 0) return "Rien n'a été dépensé ce mois-ci : le mode Conseil n'aurait rien changé.";
  if (notDone <= 0)
    return `Ce mois-ci, le mode Conseil aurait coûté autant (${jetons(used)}) : vous n'avez payé que des lectures.`;
  const actions =
    notDone > 1
      ? `${notDone} actions payées n'auraient pas été faites`
      : "1 action payée n'aurait pas été faite";
  return `Ce mois-ci, le mode Conseil aurait coûté ${jetons(conseil)} au lieu de ${jetons(used)} — mais ${actions}.`;
}

function adviceOf(store: Store, tenant: Tenant, pace: Parameters<typeof paceAdvice>[0]) {
  const since = new Date(store.clock().getTime() - ADVICE_WINDOW_DAYS * DAY_MS);
  const replies = store.budget.channelReplies(tenant.id, since);
  const spent = store.ledger.usageByAction(tenant.id, since);
  const results = CHANNELS.map((channel) => {
    const r = replies.find((x) => x.channel === channel);
    return {
      channel,
      contacted: r?.contacted ?? 0,
      replied: r?.replied ?? 0,
      spent: spent.find((x) => x.action === CHANNEL_COST_KEYS[channel])?.used ?? 0,
    };
  });
  const channels = channelAdvice(results);
  const items = [channels.advice, costPerReplyAdvice(results), paceAdvice(pace)].filter(
    (a): a is Advice => a !== null,
  );
  return { items, notes: channels.thin ? [channels.thin] : [], channels: results };
}

function forecastWords(s: { forecastExhaustion: string | null; dailyRate: number }): string {
  if (s.dailyRate <= 0) return "Aucune dépense sur les 14 derniers jours : pas d'épuisement prévu.";
  const pace = `Au rythme des 14 derniers jours (${s.dailyRate.toLocaleString("fr-FR")} jeton${s.dailyRate >= 2 ? "s" : ""} par jour)`;
  return s.forecastExhaustion
    ? `${pace}, votre solde sera épuisé le ${dayWords(s.forecastExhaustion)}.`
    : `${pace}, votre solde tient plus d'un an.`;
}

export function budgetView(store: Store, tools: ToolSet, tenant: Tenant, user: User) {
  const s = store.ledger.summary(tenant.id);
  const { usage, byAction } = store.budget.spending(tenant.id);
  const kinds = kindsOf(tenant, byAction, usage.used);
  const weeks = recentWeeks(store.clock(), tenant.timezone, CHART_WEEKS);
  const weekly = new Map(
    store.ledger.usageByWeek(tenant.id, weeks[0]?.start ?? store.clock()).map((w) => [w.week, w.used]),
  );
  const refunds = store.budget.refunds(tenant.id, weeks[0]?.start ?? store.clock());
  const top = kinds.filter((k) => k.used > 0).sort((a, b) => b.used - a.used)[0];
  return {
    plan: s.plan,
    planLabel: capital(s.plan),
    period: s.period,
    periodLabel: periodWords(s.period),
    balance: s.balance,
    allowance: s.allowance,
    allowanceLeft: s.allowanceLeft,
    packs: s.balance - s.allowanceLeft,
    usedThisPeriod: s.usedThisPeriod,
    usedPercent: percent(s.usedThisPeriod, s.allowance),
    dailyRate: s.dailyRate,
    forecast: { date: s.forecastExhaustion, text: forecastWords(s) },
    alert: alertOf(usage),
    kinds,
    weeks: weeks.map((w) => ({ key: w.key, short: w.short, label: w.label, used: weekly.get(w.key) ?? 0 })),
    refunds: {
      count: refunds.count,
      total: refunds.total,
      since: shortDay(weeks[0]?.start ?? store.clock(), tenant.timezone),
      rows: refunds.rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        day: shortDay(r.at, tenant.timezone),
        what: r.debitAt
          ? `${spendActionLabel(r.action)} du ${shortDay(r.debitAt, tenant.timezone)}`
          : spendActionLabel(r.action),
        amount: r.amount,
        why: refundReason(r.note),
      })),
    },
    conseil: conseilOf(tools, byAction, usage.used),
    advice: adviceOf(store, tenant, {
      period: s.period,
      used: usage.used,
      dailyRate: s.dailyRate,
      exhaustion: s.forecastExhaustion,
      top: top ? { label: top.label, used: top.used } : null,
    }),
    pack: {
      size: PACK_SIZE,
      canAdd: isManager(user),
      ...(isManager(user) ? {} : { note: "Seul un propriétaire ou un administrateur peut ajouter un pack." }),
    },
  };
}
