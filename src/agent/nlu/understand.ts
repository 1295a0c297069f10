// The offline brain's understanding of one message: the trained classifier picks the intent, the
// entities are read against the tenant's vocabulary and data, and the result is a plan — a tool call
// with its arguments filled, a question back (which lead? which status?), small talk, or, when the
// classifier is not sure, the two or three most likely actions to choose from.
import { FIELD_TRADES, pipelineFor, statusLabel, type Vertical } from "../../domain/index.js";
import type { Lead, Store, Tenant } from "../../store/index.js";
import type { Classifier } from "./classifier.js";
import { type Entities, extractEntities } from "./entities.js";
import { FUNCTION_WORDS } from "./function-words.js";
import { findLeadMention, type LeadMention } from "./lead-mention.js";
import { type TenantWords, tenantWords } from "./tenant-words.js";
import { FOLLOW_UP_AFTER_DAYS, SEQUENCE_WORDS, TEMPLATE_WORDS } from "./vocabulary.js";

export interface ToolPlan {
  kind: "tool";
  tool: string;
  args: Record<string, unknown>;
}

export type Talk = "greeting" | "thanks" | "identity" | "help";

export type Plan =
  | ToolPlan
  | { kind: "mode" }
  | { kind: "talk"; topic: Talk; language: "fr" | "en" }
  /** A question back; its choices, when it has some, are answered by number or by clicking. */
  | { kind: "ask"; text: string; choices?: ToolPlan[] }
  /** Not sure: the most likely actions, filled with what was understood. */
  | { kind: "unclear"; choices: ToolPlan[] };

/**
 * Below this score the classifier's guess is offered as a choice, never run. Five-fold
 * cross-validation on the corpus is flat from 0.30 to 0.50 and falls from 0.55: the middle is kept.
 */
export const CONFIDENCE_THRESHOLD = 0.45;
const MAX_CHOICES = 3;
/** A guess this unlikely is not worth offering. */
const MIN_CHOICE_SCORE = 0.1;

export interface UnderstandContext {
  classifier: Classifier;
  /** The score under which a guess is only offered; CONFIDENCE_THRESHOLD unless told. */
  threshold?: number;
  store: Store;
  tenant: Tenant;
  now: Date;
}

const TALK = new Set<string>(["greeting", "thanks", "identity", "help"]);
const FOLLOW_UP_WORDS = new Set([
  "relancer",
  "relance",
  "relances",
  "rappeler",
  "recontacter",
  "follow",
  "chase",
]);

/** A command word: every word of it was seen in training (« montre-moi »). */
const knows = (ctx: UnderstandContext, key: string) => key.split(" ").every((w) => ctx.classifier.knows(w));

const tool = (name: string, args: Record<string, unknown>): ToolPlan => ({ kind: "tool", tool: name, args });
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );

export async function understand(ctx: UnderstandContext, text: string): Promise<Plan> {
  const c = await ctx.classifier.classify(text);
  const words = tenantWords(
    ctx.store.leads.names,
    ctx.tenant.id,
    (text) => ctx.store.leads.search(ctx.tenant.id, { text, limit: 1 }).total,
  );
  const reading = (intent: string) => read(ctx, words, text, intent);
  const threshold = ctx.threshold ?? CONFIDENCE_THRESHOLD;
  // Out of scope (« fais-moi une blague »): no action to offer, only examples.
  if (c.intent === "none" && c.score >= threshold) return { kind: "unclear", choices: [] };
  if (c.intent === "None" || c.intent === "none" || c.score < threshold) {
    const choices = c.ranked
      .filter((r) => r.score >= MIN_CHOICE_SCORE && !TALK.has(r.intent) && r.intent !== "none")
      .slice(0, MAX_CHOICES)
      .flatMap((r) => {
        const plan = planFor(r.intent, reading(r.intent));
        return plan.kind === "tool"
          ? [plan]
          : plan.kind === "ask" && plan.choices?.[0]
            ? [plan.choices[0]]
            : [];
      });
    return { kind: "unclear", choices };
  }
  if (TALK.has(c.intent)) return { kind: "talk", topic: c.intent as Talk, language: c.language };
  return planFor(c.intent, reading(c.intent));
}

interface Reading {
  ctx: UnderstandContext;
  words: TenantWords;
  e: Entities;
  /** The lead the message names, resolved once and only when an intent needs it. */
  lead(): LeadMention;
}

const SCENARIO_INTENTS = new Set(["start_scenario", "pause_scenario", "resume_scenario", "list_enrollments"]);

function read(ctx: UnderstandContext, words: TenantWords, text: string, intent: string): Reading {
  const { tenant } = ctx;
  const e = extractEntities(
    text,
    {
      vertical: tenant.vertical as Vertical,
      now: ctx.now,
      timezone: tenant.timezone,
      isTag: words.isTag,
      isName: (word) => word.length > 1 && !FUNCTION_WORDS.has(word) && words.isName(word),
      hasN8n: Boolean(tenant.n8nWebhookUrl),
    },
    {
      template: intent === "draft_newsletter",
      scenario: SCENARIO_INTENTS.has(intent),
      trade: intent === "propose_fields" || intent === "apply_fields",
    },
  );
  let mention: LeadMention | undefined;
  return {
    ctx,
    words,
    e,
    lead: () => {
      mention ??= findLeadMention({ words, knows: (word) => knows(ctx, word) }, e.tokens, e.free);
      return mention;
    },
  };
}

/** A segment from the filters said, or undefined when none was. */
function segmentOf(e: Entities): Record<string, unknown> | undefined {
  const segment = defined({ heat: e.heat, status: e.status, tag: e.tags[0], inactiveDays: e.inactiveDays });
  return Object.keys(segment).length ? segment : undefined;
}

/** Words of the message that are neither entities, grammar nor command words: a search text. */
function searchText(r: Reading, otherFilters: boolean): string | undefined {
  const { e, ctx } = r;
  const words = e.free.flatMap((i) => {
    const t = e.tokens[i];
    if (!t || FUNCTION_WORDS.has(t.key) || t.key.length < 2) return [];
    if (r.words.isName(t.key)) return [t.raw];
    if (knows(ctx, t.key)) return [];
    // With other filters, a stray word (« aujourdhui ») that no lead holds is a typo, not a search;
    // alone, it is searched, so « cherche Zorglub » finds nobody rather than everybody.
    return otherFilters && !r.words.isContent(t.raw) ? [] : [t.raw];
  });
  return words.length ? words.join(" ") : undefined;
}

const leadLine = (l: Lead) => `${l.name}${l.company ? ` (${l.company})` : ""} — ${statusLabel(l.status)}`;

/** The plan once a lead is known; the same for a named lead and for each candidate of a question. */
type WithLead = (lead: Lead) => ToolPlan | { kind: "ask"; text: string };

function needLead(r: Reading, what: string, make: WithLead): Plan {
  const m = r.lead();
  switch (m.kind) {
    case "found":
      return make(m.lead);
    case "ambiguous": {
      const choices = m.leads.map(make).filter((p): p is ToolPlan => p.kind === "tool");
      const more = m.total > m.leads.length ? ` (et d'autres : précisez le nom complet)` : "";
      return {
        kind: "ask",
        text: `Plusieurs leads correspondent à « ${m.mention} »${more}. Lequel ?\n${m.leads.map((l, i) => `${i + 1}. ${leadLine(l)}`).join("\n")}`,
        choices,
      };
    }
    case "missing": {
      if (m.closest.length === 0) return { kind: "ask", text: `Je ne trouve aucun lead « ${m.mention} ».` };
      const choices = m.closest.map(make).filter((p): p is ToolPlan => p.kind === "tool");
      return {
        kind: "ask",
        text: `Je ne trouve pas « ${m.mention} ». Les noms les plus proches :\n${m.closest.map((l, i) => `${i + 1}. ${leadLine(l)}`).join("\n")}`,
        choices,
      };
    }
    default:
      return { kind: "ask", text: `Pour quel lead ${what} ? Donnez son nom.` };
  }
}

/** The text after the lead's name when no « : » marks it: « note sur Karim il rappelle lundi ». */
function textAfterName(r: Reading): string | undefined {
  const m = r.lead();
  if (m.kind !== "found" || r.e.message) return r.e.message;
  const last = Math.max(...m.indexes);
  const after = r.e.tokens[last + 1];
  if (!after) return undefined;
  const rest = r.e.tokens
    .slice(last + 1)
    .map((t) => t.raw)
    .join(" ");
  const text = rest
    .replace(/^(?:que|qu|pour lui dire que|pour dire que|to say that|to say|that|de|d)\s+/i, "")
    .trim();
  return text.split(/\s+/).length >= 2 ? text : undefined;
}

function planFor(intent: string, r: Reading): Plan {
  const { e, ctx } = r;
  const vertical = ctx.tenant.vertical as Vertical;
  switch (intent) {
    case "search_leads": {
      const followUp = e.tokens.some((t) => FOLLOW_UP_WORDS.has(t.key));
      const inactiveDays = e.inactiveDays ?? (followUp ? FOLLOW_UP_AFTER_DAYS : undefined);
      const filters = defined({ heat: e.heat, status: e.status, tag: e.tags[0], inactiveDays });
      return tool(
        "search_leads",
        defined({
          text: searchText(r, Object.keys(filters).length > 0),
          ...filters,
          includeClosed: e.includeClosed,
        }),
      );
    }
    case "analyze_lead":
      return needLead(r, "une analyse", (l) => tool("analyze_lead", { leadId: l.id }));
    case "update_status":
      return needLead(r, "changer le statut", (l) =>
        e.status
          ? tool("update_status", { leadId: l.id, status: e.status })
          : {
              kind: "ask",
              text: `Quel statut pour ${l.name} ? ${pipelineFor(vertical).map(statusLabel).join(", ")}.`,
            },
      );
    case "add_tags":
    case "remove_tags": {
      const adding = intent === "add_tags";
      return needLead(r, adding ? "ajouter un tag" : "retirer un tag", (l) => {
        const tags = [...e.tags, ...leftoverWords(r)];
        if (tags.length === 0)
          return { kind: "ask", text: `Quel tag ${adding ? "ajouter à" : "retirer de"} ${l.name} ?` };
        return tool("apply_tags", { leadId: l.id, [adding ? "add" : "remove"]: tags });
      });
    }
    case "add_note":
      return needLead(r, "la note", (l) => {
        const note = textAfterName(r);
        return note
          ? tool("add_note", { leadId: l.id, text: note })
          : {
              kind: "ask",
              text: `Que faut-il noter sur ${l.name} ? Écrivez par exemple « note sur ${l.name} : rappeler lundi ».`,
            };
      });
    case "send_message":
      return needLead(r, "le message", (l) => {
        const body = textAfterName(r);
        const channel = e.channel ?? (l.email ? "email" : l.phone ? "whatsapp" : "email");
        return body
          ? tool("send_message", { leadId: l.id, channel, text: body })
          : {
              kind: "ask",
              text: `Quel message envoyer à ${l.name} ? Écrivez par exemple « envoie un ${channel === "whatsapp" ? "WhatsApp" : "e-mail"} à ${l.name} : à demain ! ».`,
            };
      });
    case "start_prequalification":
      return needLead(r, "la pré-qualification", (l) =>
        tool("start_prequalification", defined({ leadId: l.id, channel: e.channel })),
      );
    case "get_budget":
      return tool("get_budget", {});
    case "undo_last_action":
      return tool("undo_last_action", {});
    case "validate_followups":
      return tool("validate_followups", {});
    case "current_mode":
      return e.mode && hasSwitchWord(r) ? tool("set_mode", { mode: e.mode }) : { kind: "mode" };
    case "set_mode":
      // « mode ? » without a mode: what the mode is and how to change it.
      return e.mode ? tool("set_mode", { mode: e.mode }) : { kind: "mode" };
    case "propose_fields": {
      const own = (FIELD_TRADES as readonly string[]).includes(vertical) ? vertical : undefined;
      const trade = e.trade ?? own;
      return trade
        ? tool("propose_fields", { trade })
        : { kind: "ask", text: `Pour quel métier ? ${FIELD_TRADES.join(", ")}.` };
    }
    case "apply_fields": {
      const id =
        e.numbers[0] ?? ctx.store.fieldProposals.list(ctx.tenant.id, { status: "proposed", limit: 1 })[0]?.id;
      return id
        ? tool("apply_fields", { proposalId: id })
        : {
            kind: "ask",
            text: "Aucune proposition de champs en attente. Demandez d'abord « propose la fiche métier … ».",
          };
    }
    case "list_enrollments": {
      const m = r.lead();
      return tool("list_enrollments", m.kind === "found" ? { leadId: m.lead.id } : {});
    }
    case "pause_scenario":
    case "resume_scenario":
      return enrollmentPlan(r, intent);
    case "start_scenario":
      return scenarioPlan(r);
    case "draft_newsletter": {
      if (!e.template) {
        const names = [...new Set(Object.entries(TEMPLATE_WORDS).map(([, id]) => id))];
        return {
          kind: "ask",
          text: `Quel modèle ? ${names.map((n) => `« ${n.replaceAll("-", " ")} »`).join(", ")}.`,
        };
      }
      return tool("draft_newsletter", defined({ template: e.template, segment: segmentOf(e) }));
    }
    default:
      return { kind: "unclear", choices: [] };
  }
}

function hasSwitchWord(r: Reading): boolean {
  return r.e.tokens.some((t) =>
    ["passe", "mets", "bascule", "active", "switch", "set", "change"].includes(t.key),
  );
}

/** Free words that are no name, no grammar and no command word: new tags (« tague Karim prospect-froid »). */
function leftoverWords(r: Reading): string[] {
  const m = r.lead();
  const name = new Set(m.kind === "found" || m.kind === "ambiguous" || m.kind === "missing" ? m.indexes : []);
  return r.e.free.flatMap((i) => {
    const t = r.e.tokens[i];
    if (!t || name.has(i) || FUNCTION_WORDS.has(t.key) || knows(r.ctx, t.key)) return [];
    return /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u.test(t.raw) ? [t.raw.toLowerCase()] : [];
  });
}

function enrollmentPlan(r: Reading, intent: "pause_scenario" | "resume_scenario"): Plan {
  const id = r.e.numbers[0];
  if (id !== undefined) return tool(intent, { enrollmentId: id });
  const wanted = intent === "pause_scenario" ? "active" : "paused";
  return needLead(r, intent === "pause_scenario" ? "la pause" : "la reprise", (l) => {
    const found = r.ctx.store.scenarios.list(r.ctx.tenant.id, { leadId: l.id, status: wanted });
    const chosen = r.e.scenario ? found.filter((f) => f.scenario === r.e.scenario) : found;
    if (chosen.length === 1 && chosen[0]) return tool(intent, { enrollmentId: chosen[0].id });
    if (chosen.length === 0)
      return {
        kind: "ask",
        text: `${l.name} n'a aucun scénario ${wanted === "active" ? "en cours" : "en pause"}.`,
      };
    return {
      kind: "ask",
      text: `${l.name} suit plusieurs scénarios : ${chosen.map((c) => `n°${c.id} ${c.scenario}`).join(", ")}. Lequel ? (« ${intent === "pause_scenario" ? "pause" : "reprends"} l'inscription ${chosen[0]?.id} »)`,
    };
  });
}

// Sequence ids start with their vertical's prefix; `prospection` fits every vertical.
export const SEQUENCE_PREFIX: Partial<Record<Vertical, string>> = {
  coaching: "coach-",
  b2b: "b2b-",
  ecommerce: "ecommerce-",
  logistique: "logistique-",
};

/** The tenant's sequences in the words that start them: « « post appel », « no show », « prospection » ». */
function sequenceWordsFor(vertical: Vertical): string {
  const prefix = SEQUENCE_PREFIX[vertical];
  const first = new Map<string, string>();
  for (const [words, id] of Object.entries(SEQUENCE_WORDS)) {
    const fits = id === "prospection" || (prefix !== undefined && id.startsWith(prefix));
    if (fits && !first.has(id)) first.set(id, words);
  }
  return [...first.values()].map((w) => `« ${w} »`).join(", ");
}

function scenarioPlan(r: Reading): Plan {
  const { e } = r;
  const scenario = e.scenario;
  // The timed sequences are the ids the vocabulary names; any other slug is an n8n workflow.
  const sequences = [...new Set(Object.values(SEQUENCE_WORDS))];
  if (!scenario) {
    return { kind: "ask", text: `Quel scénario ? ${sequenceWordsFor(r.ctx.tenant.vertical as Vertical)}.` };
  }
  const name = sequences.includes(scenario) ? "enroll_in_scenario" : "schedule_n8n_scenario";
  const segment = segmentOf(e);
  const m = r.lead();
  if (m.kind === "none" && segment) return tool(name, { scenario, segment });
  if (m.kind === "none")
    return { kind: "ask", text: "Pour quel lead, ou quels leads (par exemple « les leads chauds ») ?" };
  return needLead(r, "le scénario", (l) => tool(name, { scenario, leadId: l.id }));
}
