// The text of a scenario step: prompts/scenarios/<scenario>/<template>.txt with its merge fields
// filled from the lead, the tenant and the anchor (an appointment's time). A first line
// "Objet : …" is the e-mail subject. Files are read once and kept.
import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import type { Lead, Tenant } from "../store/index.js";
import { zoneOf } from "./timing.js";

const DIR = new URL("../../prompts/scenarios/", import.meta.url);
const cache = new Map<string, string>();

export interface RenderedStep {
  subject: string | null;
  text: string;
}

function load(scenario: string, template: string): string {
  const key = `${scenario}/${template}`;
  let body = cache.get(key);
  if (body === undefined) {
    body = readFileSync(new URL(`${key}.txt`, DIR), "utf8");
    cache.set(key, body);
  }
  return body;
}

/** Every file a definition names must exist: checked by the tests, read here. */
export function templateExists(scenario: string, template: string): boolean {
  try {
    load(scenario, template);
    return true;
  } catch {
    return false;
  }
}

export function mergeFields(lead: Lead, tenant: Tenant, anchor: Date): Record<string, string> {
  // Only appointment templates name the dates: they are formatted when read, not on every render.
  let local: DateTime | undefined;
  const at = () => {
    local ??= DateTime.fromJSDate(anchor, { zone: zoneOf(tenant.timezone) }).setLocale("fr");
    return local;
  };
  return {
    prenom: lead.firstName || lead.name,
    nom: lead.name,
    entreprise: lead.company ?? "",
    telephone: lead.phone ?? "",
    expediteur: tenant.name,
    get rdv_heure() {
      return at().toFormat("HH'h'mm");
    },
    get rdv_date() {
      return at().toFormat("cccc d LLLL");
    },
    budget: String(lead.fields.budget_estime ?? lead.fields.budget_indicatif ?? "non évoqué"),
    get date() {
      return at().toFormat("dd/LL/yyyy");
    },
  };
}

export function fill(text: string, fields: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => fields[name] ?? whole);
}

export function renderStep(scenario: string, template: string, fields: Record<string, string>): RenderedStep {
  const raw = fill(load(scenario, template), fields).trim();
  const [first = "", ...rest] = raw.split("\n");
  const subject = /^Objet\s*:\s*(.+)$/.exec(first)?.[1]?.trim() ?? null;
  return { subject, text: (subject ? rest.join("\n") : raw).trim() };
}
