// A segment of leads in a few French words, for cards and summaries: « leads chauds, statut
// devis_envoye, tag vip, inactifs depuis 7 jours » — never its JSON.
import { statusLabel } from "./status-words.js";
import { fold } from "./text.js";

export interface SegmentWords {
  heat?: string;
  status?: string | readonly string[];
  tag?: string | readonly string[];
  inactiveDays?: number;
  text?: string;
  ownerId?: number;
  fields?: Record<string, unknown>;
  customFields?: Record<string, unknown>;
}

const HEAT_WORDS: Record<string, string> = { chaud: "chauds", tiede: "tièdes", froid: "froids" };
const HEAT_LABELS: Record<string, string> = { chaud: "chaud", tiede: "tiède", froid: "froid" };

/** A lead's heat as a reader writes it: « tiède », never the code `tiede`. */
export function heatLabel(heat: string): string {
  return HEAT_LABELS[heat] ?? heat;
}
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? "s" : ""}`;
const list = (v: string | readonly string[] | undefined) => (v === undefined ? [] : [v].flat());

export function describeSegment(segment: SegmentWords): string {
  const pairs = (values: Record<string, unknown> = {}) =>
    Object.entries(values).map(([name, value]) => `${name} = ${String(value)}`);
  const statuses = list(segment.status);
  const tags = list(segment.tag);
  const parts = [
    segment.heat ? `leads ${HEAT_WORDS[fold(segment.heat)] ?? segment.heat}` : "",
    statuses.length ? `statut ${statuses.map(statusLabel).join(" ou ")}` : "",
    tags.length ? `tag ${tags.join(" et ")}` : "",
    segment.inactiveDays !== undefined ? `inactifs depuis ${plural(segment.inactiveDays, "jour")}` : "",
    segment.text ? `« ${segment.text} »` : "",
    segment.ownerId ? `suivis par l'utilisateur n°${segment.ownerId}` : "",
    ...pairs(segment.fields),
    ...pairs(segment.customFields),
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "tous les leads";
}
