// The system prompt for one turn, filled from prompts/system.md and the vertical's addendum: who the
// tenant is, the date in its timezone, its plan, balance and current mode, and the pipeline statuses.
import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { MODE_LABELS, type Mode, pipelineFor, type Vertical } from "../domain/index.js";
import type { Tenant } from "../store/index.js";

const PROMPTS = new URL("../../prompts/", import.meta.url);
const cache = new Map<string, string>();

function prompt(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, PROMPTS), "utf8").trim();
    cache.set(name, text);
  }
  return text;
}

const MODE_RULES: Record<Mode, string> = {
  conseil: "tu conseilles ; les actions ne sont pas exécutées, elles reviennent en suggestions.",
  assiste: "tu prépares les actions ; chacune attend la confirmation de l'utilisateur.",
  auto: "les actions s'exécutent tout de suite, avec annulation et remboursement en cas d'échec.",
};

const VERTICAL_LABELS: Record<Vertical, string> = {
  b2b: "B2B",
  coaching: "coaching",
  prospection: "prospection",
  logistique: "logistique",
  ecommerce: "e-commerce",
  beaute: "beauté",
  generic: "généraliste",
};

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

export function buildSystemPrompt(tenant: Tenant, mode: Mode, balance: number, now: Date): string {
  const vertical = tenant.vertical as Vertical;
  const date = DateTime.fromJSDate(now, { zone: tenant.timezone })
    .setLocale("fr")
    .toFormat("cccc d LLLL yyyy, HH:mm");
  return fillTemplate(prompt("system.md"), {
    tenant: tenant.name,
    vertical: VERTICAL_LABELS[vertical],
    date,
    timezone: tenant.timezone,
    plan: tenant.plan,
    balance: String(balance),
    mode: MODE_LABELS[mode],
    mode_rule: MODE_RULES[mode],
    statuses: pipelineFor(vertical).join(", "),
    vertical_addendum: prompt(`verticals/${vertical}.md`),
  });
}
