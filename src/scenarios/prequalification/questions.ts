// COACH-01's message: the seed's three questions and the optional budget question, from
// prompts/prequalification/ — or the tenant's own copy in prompts/prequalification/<slug>/, a file per
// tenant (editable without touching code or the database; an empty budget.md leaves that question out).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("../../../prompts/prequalification/", import.meta.url));
const SUBJECT = /^Objet\s*:\s*(.+)\n/;

export interface Questions {
  subject: string;
  text: string;
}

function templateFile(slug: string, name: string, dir: string): string {
  const own = `${dir}${slug}/${name}`;
  return readFileSync(existsSync(own) ? own : `${dir}${name}`, "utf8");
}

export function renderQuestions(
  tenant: { slug: string; name: string },
  firstName: string,
  dir = DIR,
): Questions {
  const template = templateFile(tenant.slug, "questions.md", dir);
  const budget = templateFile(tenant.slug, "budget.md", dir).trim();
  const subject = template.match(SUBJECT)?.[1]?.trim() ?? "Quelques questions avant notre échange";
  const text = template
    .replace(SUBJECT, "")
    .replaceAll("{{prenom}}", firstName)
    .replaceAll("{{question_budget}}", budget ? `\n${budget}\n` : "")
    .replaceAll("{{signature}}", tenant.name)
    .trim();
  return { subject, text };
}
