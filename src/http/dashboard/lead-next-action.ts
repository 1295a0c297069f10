// The next best action (domain/next-best-action.ts) as a tool call the lead page prepares in one click:
// a message for a follow-up, COACH-01's questions, a « nurturing » tag for a lead to let rest. The
// message goes by the first channel that can reach the lead now (outbox/reach.ts); when none can, the
// action is written on the lead's timeline as a note to do by hand, and the page says why.

import type { GateContext } from "../../agent/gate.js";
import { costKeyOf, type MaxTool } from "../../agent/tool.js";
import { costOf, type NextAction, nextBestAction, SEND_CHANNELS } from "../../domain/index.js";
import { firstReachable } from "../../outbox/reach.js";
import type { Lead } from "../../store/index.js";

const DAY_MS = 86_400_000;

export interface NextActionCall {
  tool: string;
  args: Record<string, unknown>;
  /** What the card will do, as its preview says it. */
  label: string;
  cost: number;
}

export interface NextActionView extends NextAction {
  call: NextActionCall | null;
  /** Why the suggested message cannot leave now (no channel, no consent), when it cannot. */
  blocked: string | null;
}

type Draft = (firstName: string) => string;

/** The message each follow-up action sends, by the action's first words (next-best-action.ts). */
const MESSAGES: readonly [prefix: string, draft: Draft][] = [
  [
    "relance douce",
    (n) =>
      `Bonjour ${n}, je reviens vers vous au sujet de notre proposition : avez-vous eu le temps de la regarder ?`,
  ],
  [
    "relance directe",
    (n) =>
      `Bonjour ${n}, où en est votre réflexion sur notre devis ? Avez-vous une idée de votre décision et de vos délais ?`,
  ],
  [
    "proposer un appel rapide",
    (n) =>
      `Bonjour ${n}, seriez-vous disponible pour un appel rapide de 10 minutes cette semaine afin de faire le point sur notre devis ?`,
  ],
  [
    "proposer un appel découverte",
    (n) =>
      `Bonjour ${n}, je vous propose un appel découverte de 20 minutes pour faire le point sur vos objectifs. Quels créneaux vous conviendraient ?`,
  ],
  [
    "confirmer le rendez-vous",
    (n) =>
      `Bonjour ${n}, je vous confirme notre rendez-vous. Si vous avez un empêchement, dites-le-moi et nous trouverons un autre créneau.`,
  ],
  [
    "message personnalisé de suivi",
    (n) => `Bonjour ${n}, merci pour notre échange. Avez-vous des questions suite à notre appel ?`,
  ],
  [
    "rappel orienté résultats",
    (n) =>
      `Bonjour ${n}, je reviens vers vous au sujet de mon offre et des résultats dont nous avons parlé. Souhaitez-vous en discuter ?`,
  ],
  [
    "appeler aujourd'hui",
    (n) => `Bonjour ${n}, puis-je vous appeler aujourd'hui ? Dites-moi quel moment vous arrange.`,
  ],
  [
    "demander un avis",
    (n) =>
      `Bonjour ${n}, merci pour votre confiance ! Accepteriez-vous de nous laisser un avis, ou de nous recommander à une personne de votre entourage ?`,
  ],
  [
    "premier contact",
    (n) => `Bonjour ${n}, je fais suite à votre demande : quand seriez-vous disponible pour en parler ?`,
  ],
  [
    "relancer",
    (n) =>
      `Bonjour ${n}, je me permets de revenir vers vous : êtes-vous toujours intéressé par notre échange ?`,
  ],
];

const NURTURING = ["clôturer ou passer en nurturing", "aucune relance ; nurturing"];
const NURTURING_TAG = "nurturing";

/** The lead's next best action as the analysis (analyze_lead) computes it, now. */
export function nextActionOf(lead: Lead, now: Date): NextAction {
  const daysSinceActivity = lead.lastActivityAt
    ? Math.floor((now.getTime() - lead.lastActivityAt.getTime()) / DAY_MS)
    : null;
  return nextBestAction({ status: lead.status, heat: lead.heat, daysSinceActivity, fields: lead.fields });
}

function callOf(ctx: GateContext, tool: MaxTool, args: Record<string, unknown>): NextActionCall {
  // As the gate prices it (gate.ts toolCost).
  const cost = tool.free
    ? 0
    : costOf(costKeyOf(tool, args), ctx.tenant.costOverrides, tool.effect !== "read") *
      (tool.units?.(args) ?? 1);
  return { tool: tool.name, args, label: tool.preview(args, ctx), cost };
}

/** The call that prepares the action, or null when there is nothing to prepare. */
export function nextActionView(ctx: GateContext, lead: Lead): NextActionView {
  const next = nextActionOf(lead, ctx.store.clock());
  const tool = (name: string) => ctx.tools.find(name);
  const view = (call: NextActionCall | null, blocked: string | null = null): NextActionView => ({
    ...next,
    call,
    blocked,
  });

  if (NURTURING.some((p) => next.action.startsWith(p))) {
    const apply = tool("apply_tags");
    if (!apply || lead.tags.includes(NURTURING_TAG)) return view(null);
    return view(callOf(ctx, apply, { leadId: lead.id, add: [NURTURING_TAG] }));
  }
  if (next.action.startsWith("envoyer les 3 questions")) {
    const start = tool("start_prequalification");
    return view(start ? callOf(ctx, start, { leadId: lead.id }) : null);
  }
  const draft = MESSAGES.find(([prefix]) => next.action.startsWith(prefix))?.[1];
  if (!draft) return view(null);

  const send = tool("send_message");
  const channels = ctx.settings?.channels;
  const reach = channels
    ? firstReachable({ store: ctx.store, tenant: ctx.tenant, channels }, lead, SEND_CHANNELS)
    : { blocked: "la configuration des canaux est indisponible." };
  if (send && typeof reach === "string") {
    const text = draft(lead.firstName || lead.name);
    return view(
      callOf(ctx, send, {
        leadId: lead.id,
        channel: reach,
        text,
        ...(reach === "email" ? { subject: `${ctx.tenant.name} : suite à notre échange` } : {}),
      }),
    );
  }
  // No channel reaches the lead now: the action becomes a note to do by hand.
  const note = tool("add_note");
  const blocked = typeof reach === "string" ? null : reach.blocked;
  if (!note) return view(null, blocked);
  const text = `À faire : ${next.action} (${next.reason}).`;
  return view(callOf(ctx, note, { leadId: lead.id, text }), blocked);
}
