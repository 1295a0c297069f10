// The seeds' message templates (Espace Créa: annonce produit, routine beauté, remerciement WhatsApp,
// relance devis J+3, confirmation RDV), one French HTML file each in prompts/newsletters/ so they can
// be edited without touching code. A file starts with a header in an HTML comment (the file still
// opens in a browser):
//   <!--
//   titre: Annonce produit
//   sujet: Nouveauté : découvrez [Nom du produit]
//   canal: email
//   -->
// Two kinds of holes: `<!-- intro -->` and `<!-- signature -->` are filled when the draft is made;
// {{nom}}, {{entreprise}} and {{secteur}} are merge fields, filled per recipient when it is sent.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { escapeHtml, SEND_CHANNELS, type SendChannel, textToHtml } from "../src/domain/index.js";

export const TEMPLATE_IDS = [
  "annonce-produit",
  "routine-beaute",
  "remerciement-whatsapp",
  "relance-devis-j3",
  "confirmation-rdv",
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface Template {
  id: string;
  title: string;
  subject: string;
  channel: SendChannel;
  html: string;
}

const HEADER = /^<!--\n([\s\S]*?)\n-->\n/;
const headerSchema = z.object({
  titre: z.string().min(1),
  sujet: z.string().min(1),
  canal: z.enum(SEND_CHANNELS),
});

export function parseTemplate(id: string, source: string): Template {
  const text = source.replace(/\r\n/g, "\n");
  const match = text.match(HEADER);
  if (!match?.[1]) throw new Error(`Template ${id}: the file must start with its <!-- header -->.`);
  const entries = match[1].split("\n").map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  const header = headerSchema.safeParse(Object.fromEntries(entries));
  if (!header.success) throw new Error(`Template ${id}: bad header — ${header.error.message}`);
  return {
    id,
    title: header.data.titre,
    subject: header.data.sujet,
    channel: header.data.canal,
    html: `${text.slice(match[0].length).trim()}\n`,
  };
}

const TEMPLATE_DIR = new URL("../prompts/newsletters/", import.meta.url);

/** Read on each use, so an edited template is used at once. */
export function loadTemplate(id: TemplateId): Template {
  return parseTemplate(id, readFileSync(new URL(`${id}.html`, TEMPLATE_DIR), "utf8"));
}

/** The draft-time holes; a function replacer, so a `$` in typed text stays a `$`. */
export function fillDraftSlots(html: string, slots: { intro?: string; signature: string }): string {
  return html
    .replace("<!-- intro -->", () => (slots.intro ? textToHtml(slots.intro) : ""))
    .replace("<!-- signature -->", () => escapeHtml(slots.signature));
}
