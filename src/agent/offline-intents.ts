// The offline brain's understanding: French and English commands mapped to the same tools the
// model uses. Pure: text in, intent out; lead names are resolved later against the store.
import { fold } from "../domain/index.js";

export type Intent =
  | { kind: "tool"; tool: string; args: Record<string, unknown>; lead?: string }
  | { kind: "confirm"; id?: number }
  | { kind: "cancel"; id?: number }
  /** « mode ? »: the current mode, answered from the tenant, no tool. */
  | { kind: "mode" }
  | { kind: "help" };

const HEATS: Record<string, string> = {
  chaud: "chaud",
  chauds: "chaud",
  hot: "chaud",
  tiede: "tiede",
  tiedes: "tiede",
  tiède: "tiede",
  tièdes: "tiede",
  warm: "tiede",
  froid: "froid",
  froids: "froid",
  cold: "froid",
};

const MODE_WORDS: Record<string, string> = {
  conseil: "conseil",
  advice: "conseil",
  advisory: "conseil",
  assiste: "assiste",
  assisted: "assiste",
  auto: "auto",
};

// Trade words people use, folded; an unknown word is passed on as is and the gate lists the trades.
const TRADES: Record<string, string> = {
  logistique: "logistique",
  logistics: "logistique",
  transport: "logistique",
  ecommerce: "ecommerce",
  "e-commerce": "ecommerce",
  "boutique en ligne": "ecommerce",
  "online shop": "ecommerce",
  beaute: "beaute",
  beauty: "beaute",
  esthetique: "beaute",
  "institut de beaute": "beaute",
  coaching: "coaching",
  coach: "coaching",
  b2b: "b2b",
  agence: "b2b",
  agences: "b2b",
  services: "b2b",
};

/** A rule marked `true` matches the text as typed: its last part is a message to send, punctuation included. */
type Rule = [RegExp, (m: RegExpMatchArray) => Intent, true?];
const RULES: Rule[] = [
  [
    /^(?:oui|yes|ok|confirme|confirmer|confirm)\s*(?:n°|#)?\s*(\d+)?$/i,
    (m) => ({ kind: "confirm", id: num(m[1]) }),
  ],
  [/^(?:non|no|annule|annuler|cancel)\s*(?:n°|#)?\s*(\d+)?$/i, (m) => ({ kind: "cancel", id: num(m[1]) })],
  [
    /^(?:quel(?:le)?\s+(?:est\s+(?:le\s+)?)?mode\b.*|(?:le\s+)?mode(?:\s+actuel)?\s*\??|(?:which|current|what)\s+mode\b.*)$/i,
    () => ({ kind: "mode" }),
  ],
  [
    /^(?:(?:passe |bascule |mets )?(?:en )?mode|switch to|set mode(?: to)?)\s+(conseil|assist[ée]|auto|advice|advisory|assisted)(?:\s+mode)?$/i,
    (m) => tool("set_mode", { mode: MODE_WORDS[fold(m[1] ?? "")] }),
  ],
  [
    /^(?:annule(?:r)?|d[ée]fais|undo)\s+(?:la |ma |the |my )?(?:derni[èe]re|last)\s+(?:action|modification|change)$|^undo$/i,
    () => tool("undo_last_action", {}),
  ],
  [/^(?:solde|budget|jetons|tokens|balance|credits?)\b/i, () => tool("get_budget", {})],
  [
    /^(?:(?:les |mes )?leads?|prospects?)\s+(chauds?|tiedes?|tièdes?|froids?)$|^(hot|warm|cold)\s+leads?$/i,
    (m) => tool("search_leads", { heat: HEATS[fold(m[1] ?? m[2] ?? "")] }),
  ],
  [
    /^(?:leads?|prospects?)\s+(?:inactifs?|sans activite|sans activité)\s+depuis\s+(\d+)\s*j(?:ours)?$|^(?:leads?\s+)?inactive\s+(?:for\s+)?(\d+)\s*days?$/i,
    (m) => tool("search_leads", { inactiveDays: Number(m[1] ?? m[2]) }),
  ],
  [
    /^(?:analyse|analyser|analyze|analyse le lead|analyze lead)\s+(.+)$/i,
    (m) => ({ ...tool("analyze_lead", {}), lead: m[1] }),
  ],
  [/^(?:cherche|recherche|trouve|search|find|look up)\s+(.+)$/i, (m) => tool("search_leads", { text: m[1] })],
  [
    /^(?:passe|mets|met|bascule|move|set|put)\s+(.+?)\s+(?:en|à|a|au|to|in|as)\s+(?:statut\s+|status\s+)?([\p{L}_]+(?:[ '-][\p{L}_]+){0,3})$/iu,
    // A status may be several words (« appel réalisé »): update_status reads the label back.
    (m) => ({ ...tool("update_status", { status: m[2]?.toLowerCase() }), lead: m[1] }),
  ],
  [
    /^(?:ajoute|mets|add)\s+(?:le |the )?tag\s+(.+?)\s+(?:à|a|au|sur|to|on)\s+(.+)$/i,
    (m) => ({ ...tool("apply_tags", { add: [m[1]] }), lead: m[2] }),
  ],
  [/^tag\s+(.+?)\s+(?:avec|with)\s+(.+)$/i, (m) => ({ ...tool("apply_tags", { add: [m[2]] }), lead: m[1] })],
  [
    /^(?:retire|enleve|enlève|supprime|remove)\s+(?:le |the )?tag\s+(.+?)\s+(?:de|du|from|on)\s+(.+)$/i,
    (m) => ({ ...tool("apply_tags", { remove: [m[1]] }), lead: m[2] }),
  ],
  [
    /^(?:ajoute une note (?:à|a|sur)|note (?:sur|pour|on|for)|add a note (?:to|on))\s+(.+?)\s*:\s*(.+)$/i,
    (m) => ({ ...tool("add_note", { text: m[2] }), lead: m[1] }),
  ],
  [
    /^(?:m\.?a\.?x\.?,?\s+)?(?:propose|proposer|suggere|suggère)\s+(?:des |les )?(?:champs|la fiche(?: metier| métier)?)\s+(?:pour |du |de )?(?:la |le |l['’]|les )?(.+)$/i,
    proposeFields,
  ],
  [/^max fields rebuild\s+(?:pour |for )?(?:la |le |l['’]|les )?(.+)$/i, proposeFields],
  [/^(?:propose|suggest)\s+(?:the )?fields\s+for\s+(?:the )?(.+)$/i, proposeFields],
  [
    /^(?:applique|appliquer|apply)\s+(?:la |the )?(?:proposition|proposal)\s*(?:n°|#)?\s*(\d+)$/i,
    (m) => tool("apply_fields", { proposalId: Number(m[1]) }),
  ],
  [
    /^(?:lance|lancer|d[ée]marre|d[ée]marrer|start|run)\s+(?:la |the )?(?:pr[ée][- ]?qualification|prequal(?:ification)?)\s+(?:de |du |d['’]|pour |for |of )?(.+)$|^(?:pr[ée][- ]?qualifie|prequalify)\s+(.+)$/iu,
    (m) => ({ ...tool("start_prequalification", {}), lead: m[1] ?? m[2] }),
  ],
  [
    /^(?:lance|lancer|d[ée]clenche|d[ée]clencher|run|trigger|start)\s+(?:(?:le|the)\s+)?(?:(?:sc[ée]nario|workflow|n8n)\s+){1,2}([a-z0-9]+(?:-[a-z0-9]+)*)\s+(?:pour|sur|for|on)\s+(.+)$/iu,
    (m) => scenarioFor(m[1] ?? "", m[2] ?? ""),
  ],
  // Scenarios: "relance Dupont avec la séquence devis", "follow up Dupont with the quote sequence".
  [
    /^(?:relance|relancer|inscris|inscrire)\s+(.+?)\s+(?:avec|dans|au|à)\s+(?:la\s+|le\s+)?(?:s[ée]quence|sc[ée]nario)\s+(.+)$/iu,
    (m) => enrollIntent(m[2] ?? "", m[1] ?? ""),
  ],
  [
    /^(?:follow[ -]up(?: with)?|enroll)\s+(.+?)\s+(?:with|in|into|using)\s+(?:the\s+)?(.+?)\s+(?:sequence|scenario)$/i,
    (m) => enrollIntent(m[2] ?? "", m[1] ?? ""),
  ],
  [
    /^(?:mets?\s+en\s+pause|pause)\s+(?:l['’]inscription|enrollment)\s*(?:n°|#)?\s*(\d+)$/i,
    (m) => tool("pause_scenario", { enrollmentId: Number(m[1]) }),
  ],
  [
    /^(?:reprends|reprendre|resume)\s+(?:l['’]inscription|enrollment)\s*(?:n°|#)?\s*(\d+)$/i,
    (m) => tool("resume_scenario", { enrollmentId: Number(m[1]) }),
  ],
  [
    /^(?:(?:les\s+)?(?:sc[ée]narios|s[ée]quences|inscriptions)(?:\s+en\s+cours)?|(?:list\s+)?enrollments)$/iu,
    () => tool("list_enrollments", {}),
  ],
  [
    /^(?:valide|valider)\s+(?:les|toutes les)\s+relances$|^validate\s+(?:the\s+|all\s+)?follow-?ups$/i,
    () => tool("validate_followups", {}),
  ],
  // English first: the French rule also takes an unaccented "prepare".
  [
    /^(?:draft|prepare|create|write)\s+(?:an?\s+)?(.+?)\s+(?:newsletter|message|email)(?:\s+for\s+(.+))?$/i,
    (m) => draftIntent(m[1], m[2]),
  ],
  [
    /^(?:prepare|prépare|cree|crée|redige|rédige)\s+(?:une?\s+)?(?:(?:newsletter|message|brouillon|campagne)\s+)?(.+?)(?:\s+pour\s+(.+))?$/i,
    (m) => draftIntent(m[1], m[2]),
  ],
  [
    /^(?:envoie|envoyer|send)\s+(?:une?\s+|an?\s+)?(whatsapp|e-?mail|mail|message whatsapp)\s+(?:à|a|au|to)\s+(.+?)\s*:\s*([\s\S]+)$/i,
    (m) => ({
      ...tool("send_message", { channel: /whatsapp/i.test(m[1] ?? "") ? "whatsapp" : "email", text: m[3] }),
      lead: m[2],
    }),
    true,
  ],
];

/** Segments by tag or status, as people name them after "pour" / "for". */
const SEGMENT_PHRASES: Array<[RegExp, (m: RegExpMatchArray) => Record<string, unknown>]> = [
  [
    /^(?:les |mes |the |all )?(?:leads?|prospects?)\s+(?:tagu[ée]s?|avec le tag|tagged|with tag)\s+(\S+)$/iu,
    (m) => ({ tag: m[1] }),
  ],
  [
    /^(?:les |mes |the |all )?(?:leads?|prospects?)\s+(?:en|au statut|in|with status)\s+([\p{L}_]+)$/iu,
    (m) => ({ status: m[1]?.toLowerCase() }),
  ],
];

/**
 * The target of a scenario: a segment when it reads as one ("les leads chauds" is the search the
 * brain already understands), otherwise the name of a lead.
 */
function scenarioFor(scenario: string, target: string): Intent {
  return targetOf("schedule_n8n_scenario", { scenario: scenario.toLowerCase() }, target);
}

/** A tool aimed at a segment when the target reads as one, otherwise at the lead it names. */
function targetOf(name: string, args: Record<string, unknown>, target: string): Intent {
  const search = parseIntent(target);
  if (search.kind === "tool" && search.tool === "search_leads" && "heat" in search.args) {
    return tool(name, { ...args, segment: search.args });
  }
  for (const [pattern, make] of SEGMENT_PHRASES) {
    const m = target.match(pattern);
    if (m) return tool(name, { ...args, segment: make(m) });
  }
  return { kind: "tool", tool: name, args, lead: target };
}

// Sequence names as people say them, folded; an exact scenario id works too.
const SEQUENCES: Record<string, string> = {
  devis: "b2b-relance-devis",
  "relance devis": "b2b-relance-devis",
  "de relance devis": "b2b-relance-devis",
  quote: "b2b-relance-devis",
  "quote follow-up": "b2b-relance-devis",
  "no-show": "coach-no-show",
  "anti no-show": "coach-no-show",
  "post-appel": "coach-post-appel",
  "apres appel": "coach-post-appel",
  "after call": "coach-post-appel",
  prospection: "prospection",
  prospecting: "prospection",
  panier: "ecommerce-panier",
  "panier abandonne": "ecommerce-panier",
  cart: "ecommerce-panier",
  avis: "ecommerce-feedback",
  feedback: "ecommerce-feedback",
  "cross-sell": "ecommerce-cross-sell",
  "devis transport": "logistique-relance-devis",
  livraison: "logistique-livraison",
  delivery: "logistique-livraison",
};

function enrollIntent(sequence: string, lead: string): Intent {
  const word = fold(sequence).replace(/[«»"]/g, "").trim();
  const scenario = SEQUENCES[word] ?? word.replace(/\s+/g, "-");
  return targetOf("enroll_in_scenario", { scenario }, lead);
}

// Template names as people say them, folded; the ids are the files of prompts/newsletters.
const TEMPLATES: Record<string, string> = {
  "annonce produit": "annonce-produit",
  "product announcement": "annonce-produit",
  "routine beaute": "routine-beaute",
  "beauty routine": "routine-beaute",
  remerciement: "remerciement-whatsapp",
  "remerciement whatsapp": "remerciement-whatsapp",
  "whatsapp remerciement": "remerciement-whatsapp",
  "whatsapp de remerciement": "remerciement-whatsapp",
  "thank you": "remerciement-whatsapp",
  "whatsapp thank you": "remerciement-whatsapp",
  "relance devis": "relance-devis-j3",
  "relance devis j+3": "relance-devis-j3",
  "quote follow-up": "relance-devis-j3",
  "confirmation rdv": "confirmation-rdv",
  "confirmation de rendez-vous": "confirmation-rdv",
  "appointment confirmation": "confirmation-rdv",
};

/** Who a newsletter is for, as people say it; undefined when it is not understood. */
function segmentOf(audience: string): Record<string, unknown> | undefined {
  const a = audience.trim();
  const heat = a.match(
    /^(?:les |mes )?(?:leads?|prospects?|clients?)\s+(chauds?|tiedes?|tièdes?|froids?)$|^(hot|warm|cold)\s+leads?$/i,
  );
  if (heat) return { heat: HEATS[fold(heat[1] ?? heat[2] ?? "")] };
  const tag = a.match(
    /^(?:les )?(?:(?:leads?|prospects?|clients?)\s+)?(?:tagu[ée]s?|avec le tag|tagged)\s+(.+)$/i,
  );
  if (tag) return { tag: tag[1] };
  const inactive = a.match(
    /^(?:les )?(?:leads?|prospects?|clients?)\s+inactifs?\s+depuis\s+(\d+)\s*j(?:ours)?$|^leads?\s+inactive\s+for\s+(\d+)\s*days?$/i,
  );
  if (inactive) return { inactiveDays: Number(inactive[1] ?? inactive[2]) };
  const status = a.match(/^(?:les )?(?:leads?|prospects?|clients?)\s+(?:en|in)\s+([\p{L}_]+)$/iu);
  if (status) return { status: status[1]?.toLowerCase() };
  if (/^(?:tous les (?:leads|prospects|clients)|tout le monde|all leads|everyone)$/i.test(a)) return {};
  return undefined;
}

function draftIntent(name: string | undefined, audience: string | undefined): Intent {
  const template =
    TEMPLATES[
      fold(name ?? "")
        .replace(/[«»"]/g, "")
        .trim()
    ];
  const segment = audience === undefined ? {} : segmentOf(audience);
  if (!template || !segment) return { kind: "help" };
  return tool("draft_newsletter", Object.keys(segment).length ? { template, segment } : { template });
}

function num(v: string | undefined): number | undefined {
  return v ? Number(v) : undefined;
}

function proposeFields(m: RegExpMatchArray): Intent {
  const word = fold(m[1] ?? "").trim();
  return tool("propose_fields", { trade: TRADES[word] ?? word });
}

function tool(name: string, args: Record<string, unknown>): Intent {
  return { kind: "tool", tool: name, args };
}

export function parseIntent(text: string): Intent {
  const typed = text.trim();
  const clean = typed.replace(/[.!?]+$/, "");
  for (const [pattern, make, asTyped] of RULES) {
    const m = (asTyped ? typed : clean).match(pattern);
    if (m) return make(m);
  }
  return { kind: "help" };
}

export const HELP_FR = [
  "Je suis en mode hors ligne (sans modèle de langage). Je comprends par exemple :",
  "« leads chauds », « cherche Dupont », « leads inactifs depuis 7 jours »,",
  "« passe Dupont en devis envoyé », « ajoute le tag vip à Dupont », « retire le tag vip de Dupont »,",
  "« note sur Dupont : rappeler lundi », « prépare une newsletter annonce produit pour les leads chauds »,",
  "« envoie un whatsapp à Dupont : à demain ! », « lance le scénario relance-devis pour Dupont »,",
  "« relance Dupont avec la séquence devis », « scénarios en cours », « valide les relances », « lance la pré-qualification de Dupont »,",
  "« propose des champs pour la logistique », « annule la dernière action », « mode assisté »,",
  "« solde », « confirme 12 », « annule 12 ».",
].join("\n");
