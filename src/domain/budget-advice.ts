// The Budget IA room's advice, computed from the tenant's own results only: which channel gets more
// replies to its relances, what a reply costs on each, and whether the pace of spending lasts until
// the allowance is renewed. Thin data gives no advice, and says so with the counts it has.
import { DateTime } from "luxon";
import { jetons } from "./costs.js";
import { dayWords } from "./periods.js";

/** How far back the channels' results are read. */
export const ADVICE_WINDOW_DAYS = 90;
/** Leads relancés on a channel before its reply rate means anything. */
export const MIN_CONTACTED = 10;
/** How much better a channel must do before one is advised over the other. */
const CLEAR_GAP = 1.5;

export type AdviceChannel = "email" | "whatsapp";
const CHANNEL_WORDS: Record<AdviceChannel, string> = { email: "e-mail", whatsapp: "WhatsApp" };
const THE_CHANNEL: Record<AdviceChannel, string> = { email: "l'e-mail", whatsapp: "WhatsApp" };

export interface ChannelResult {
  channel: AdviceChannel;
  /** Leads sent at least one message on the channel in the window. */
  contacted: number;
  /** Of those, the leads who wrote back on the same channel afterwards. */
  replied: number;
  /** Tokens spent on that channel's messages in the window (net of refunds). */
  spent: number;
}

export interface Advice {
  text: string;
  /** The figures it rests on. */
  basis: string;
}

export interface PaceInput {
  period: string;
  used: number;
  dailyRate: number;
  /** ISO day the balance runs out at this pace, or null. */
  exhaustion: string | null;
  /** The kind that cost most this period, if anything was spent. */
  top: { label: string; used: number } | null;
}

const decimal = (n: number) => new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(n);
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part * 100) / whole) : 0);
const rate = (r: ChannelResult) => (r.contacted > 0 ? r.replied / r.contacted : 0);
const times = (ratio: number) => (ratio >= 10 ? String(Math.round(ratio)) : decimal(ratio));

function resultWords(r: ChannelResult): string {
  const replies = `${r.replied} réponse${r.replied > 1 ? "s" : ""}`;
  return `${CHANNEL_WORDS[r.channel]} : ${replies} sur ${r.contacted} lead${r.contacted > 1 ? "s" : ""} relancé${r.contacted > 1 ? "s" : ""} (${percent(r.replied, r.contacted)} %)`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Which channel to favour, from reply rates; or why the data cannot say yet. */
export function channelAdvice(results: ChannelResult[]): { advice: Advice | null; thin: string | null } {
  const measured = results.filter((r) => r.contacted >= MIN_CONTACTED);
  if (measured.length < 2) {
    const counts = results.map((r) => `${CHANNEL_WORDS[r.channel]} : ${r.contacted}`).join(", ");
    return {
      advice: null,
      thin: `Pas encore assez de relances pour comparer vos canaux : il faut au moins ${MIN_CONTACTED} leads relancés par canal sur ${ADVICE_WINDOW_DAYS} jours (${counts}).`,
    };
  }
  const [best, worst] = [...measured].sort((a, b) => rate(b) - rate(a)) as [ChannelResult, ChannelResult];
  const basis = `${capital(measured.map(resultWords).join(" ; "))}, sur les ${ADVICE_WINDOW_DAYS} derniers jours.`;
  if (best.replied === 0) {
    return {
      advice: null,
      thin: `Aucune réponse à vos relances sur ${ADVICE_WINDOW_DAYS} jours, sur aucun canal : rien ne permet encore d'en privilégier un.`,
    };
  }
  const better = CHANNEL_WORDS[best.channel];
  const other = CHANNEL_WORDS[worst.channel];
  if (worst.replied === 0) {
    return {
      advice: {
        text: `Vos relances ${better} obtiennent des réponses, celles par ${other} aucune : privilégiez ${THE_CHANNEL[best.channel]}.`,
        basis,
      },
      thin: null,
    };
  }
  const ratio = rate(best) / rate(worst);
  const text =
    ratio >= CLEAR_GAP
      ? `Vos relances ${better} obtiennent ${times(ratio)} fois plus de réponses que ${other} : privilégiez ${THE_CHANNEL[best.channel]}.`
      : `Vos relances ${better} et ${other} obtiennent des taux de réponse proches : aucun canal à privilégier.`;
  return { advice: { text, basis }, thin: null };
}

/** What a reply costs on each channel, when one clearly costs more for what it brings. */
export function costPerReplyAdvice(results: ChannelResult[]): Advice | null {
  const paid = results.filter((r) => r.contacted >= MIN_CONTACTED && r.spent > 0);
  if (paid.length < 2) return null;
  const cost = (r: ChannelResult) => (r.replied > 0 ? r.spent / r.replied : Number.POSITIVE_INFINITY);
  const [cheap, dear] = [...paid].sort((a, b) => cost(a) - cost(b)) as [ChannelResult, ChannelResult];
  if (!Number.isFinite(cost(cheap)) || cost(dear) < cost(cheap) * CLEAR_GAP) return null;
  const basis = `Jetons des messages envoyés divisés par les réponses obtenues, sur ${ADVICE_WINDOW_DAYS} jours : ${paid
    .map(
      (r) =>
        `${CHANNEL_WORDS[r.channel]} ${jetons(r.spent)} pour ${r.replied} réponse${r.replied > 1 ? "s" : ""}`,
    )
    .join(", ")}.`;
  const text = Number.isFinite(cost(dear))
    ? `Une réponse par ${CHANNEL_WORDS[dear.channel]} vous coûte ${decimal(cost(dear))} jetons, contre ${decimal(cost(cheap))} par ${CHANNEL_WORDS[cheap.channel]} : c'est la dépense de messages la moins rentable.`
    : `${capital(jetons(dear.spent))} dépensés en messages ${CHANNEL_WORDS[dear.channel]} sans aucune réponse, quand une réponse par ${CHANNEL_WORDS[cheap.channel]} coûte ${decimal(cost(cheap))} jetons.`;
  return { text, basis };
}

/** « 1er janvier »: the day the next period's allowance is credited. */
function renewalWords(period: string): string {
  const next = DateTime.fromFormat(period, "yyyy-MM", { locale: "fr" }).plus({ months: 1 });
  return `1er ${next.toFormat("LLLL")}`;
}

/** Whether this pace of spending lasts until the allowance is renewed, and where the tokens go. */
export function paceAdvice(input: PaceInput): Advice | null {
  const { period, used, dailyRate, exhaustion, top } = input;
  if (!top || used <= 0) return null;
  const share = `${top.label} : ${jetons(top.used)} sur ${used} (${percent(top.used, used)} %)`;
  const pace = `${decimal(dailyRate)} jeton${dailyRate >= 2 ? "s" : ""} par jour sur les 14 derniers jours`;
  const renewal = DateTime.fromFormat(period, "yyyy-MM").plus({ months: 1 }).toISODate() ?? "";
  if (exhaustion && exhaustion < renewal) {
    return {
      text: `À ce rythme, votre solde sera épuisé le ${dayWords(exhaustion)}, avant le renouvellement du ${renewalWords(period)} : ajoutez un pack ou réduisez le poste « ${top.label} », le plus coûteux ce mois-ci.`,
      basis: `${capital(pace)} ; ${share}.`,
    };
  }
  return {
    text: `À ce rythme, votre solde tient jusqu'au renouvellement du ${renewalWords(period)}. Votre premier poste ce mois-ci : « ${top.label} ».`,
    basis: `${capital(pace)} ; ${share}.`,
  };
}
