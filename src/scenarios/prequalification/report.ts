// What the coach is told after an answer or after the silence: headline, suggested next step and the
// suggested reply to the prospect, from our own wording and the classification's enums only.
import type { SendChannel } from "../../domain/index.js";
import type { Lead } from "../../store/index.js";
import type { Report } from "./notify.js";

const NEXT_STEPS = {
  forte: "proposer un appel découverte cette semaine.",
  moyenne: "relancer avec une question plus précise avant de proposer un appel.",
  faible: "une relance douce dans quelques jours, ou une clôture bienveillante.",
} as const;

const REPLIES = {
  forte: (name: string) =>
    `Merci ${name} pour tes réponses, c'est très clair. Je te propose qu'on en parle de vive voix lors d'un appel découverte de 30 minutes : quelles sont tes disponibilités cette semaine ?`,
  moyenne: (name: string) =>
    `Merci ${name} pour ton retour ! Pour mieux comprendre ta situation : qu'est-ce qui te semblerait le plus important à débloquer en premier ?`,
  faible: (name: string) =>
    `Bonjour ${name}, je me permets de revenir vers toi au sujet de mes trois petites questions. Si ce n'est pas le bon moment, aucun souci : dis-le-moi simplement.`,
} as const;

export type Motivation = keyof typeof NEXT_STEPS;

export function reportFor(
  lead: Lead,
  channel: SendChannel,
  motivation: string,
  summary: string,
  answered: boolean,
): Report {
  const level: Motivation = motivation in NEXT_STEPS ? (motivation as Motivation) : "moyenne";
  const name = lead.firstName || lead.name;
  return {
    headline: answered
      ? `${lead.name} a répondu à la pré-qualification : motivation ${level}.`
      : `${lead.name} n'a pas répondu à la pré-qualification : motivation faible.`,
    summary,
    nextStep: NEXT_STEPS[level],
    reply: { text: REPLIES[level](name), subject: "Suite à tes réponses" },
    channel,
  };
}
