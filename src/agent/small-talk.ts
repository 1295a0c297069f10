// Short, warm answers to « bonjour », « merci », « qui es-tu ? », « aide », and the welcome of a new
// web visitor: the tenant, its mode and balance, and example requests that fit its pipeline, with a
// real lead's name (a coach never reads `devis_envoye`).
import {
  frenchCount,
  MODE_LABELS,
  type Mode,
  pipelineFor,
  statusLabel,
  type Vertical,
} from "../domain/index.js";
import type { Store, Tenant } from "../store/index.js";

export type Topic = "greeting" | "thanks" | "identity" | "help";

/** Example requests for the tenant's pipeline, with the name of one of its leads. */
export function examplesFor(store: Store, tenant: Tenant): string[] {
  const lead = store.leads.search(tenant.id, { limit: 1 }).leads[0];
  const name = lead?.name ?? "Dupont";
  const pipeline = pipelineFor(tenant.vertical as Vertical);
  const middle = statusLabel(pipeline[Math.min(3, pipeline.length - 2)] ?? pipeline[0] ?? "").toLowerCase();
  const sequence =
    tenant.vertical === "coaching"
      ? "la séquence post-appel"
      : tenant.vertical === "ecommerce"
        ? "la séquence panier abandonné"
        : "la séquence relance devis";
  return [
    "montre-moi mes leads chauds",
    `passe ${name} en ${middle}`,
    "quels leads dois-je relancer aujourd'hui ?",
    `inscris ${name} dans ${sequence}`,
    `ajoute le tag vip à ${name}`,
    "combien de jetons me reste-t-il ?",
  ];
}

const quote = (examples: readonly string[]) => examples.map((e) => `« ${e} »`).join(", ");

function state(store: Store, tenant: Tenant): string {
  const mode = MODE_LABELS[tenant.defaultMode as Mode];
  return `mode ${mode}, solde ${frenchCount(store.ledger.balance(tenant.id))} jetons`;
}

/** What a new visitor reads first. */
export function welcome(store: Store, tenant: Tenant): { text: string; examples: string[] } {
  const examples = examplesFor(store, tenant).slice(0, 3);
  return {
    text: `Bonjour ! Je suis M.A.X., l'assistant CRM de ${tenant.name} (${state(store, tenant)}). Essayez par exemple :`,
    examples,
  };
}

export function smallTalk(store: Store, tenant: Tenant, topic: Topic, language: "fr" | "en"): string {
  const examples = examplesFor(store, tenant);
  if (language === "en") {
    switch (topic) {
      case "greeting":
        return `Hello! I'm M.A.X., ${tenant.name}'s CRM assistant (${state(store, tenant)}). Try: ${quote(examples.slice(0, 3))}.`;
      case "thanks":
        return "You're welcome! Anything else?";
      case "identity":
        return `I'm M.A.X., ${tenant.name}'s CRM assistant: I find and analyse your leads, update statuses and tags, draft newsletters and run follow-ups (${state(store, tenant)}).`;
      default:
        return `Tell me what you need in your own words, for example: ${quote(examples)}. I always say what I did and what it cost.`;
    }
  }
  switch (topic) {
    case "greeting":
      return `Bonjour ! Je suis M.A.X., l'assistant CRM de ${tenant.name} (${state(store, tenant)}). Essayez : ${quote(examples.slice(0, 3))}.`;
    case "thanks":
      return "Avec plaisir ! Autre chose ?";
    case "identity":
      return `Je suis M.A.X., l'assistant CRM de ${tenant.name} : je retrouve et analyse vos leads, mets à jour statuts et tags, prépare newsletters et relances (${state(store, tenant)}).`;
    default:
      return `Dites-moi ce qu'il vous faut avec vos mots, par exemple : ${quote(examples)}. Je dis toujours ce que j'ai fait et ce que ça a coûté.`;
  }
}
