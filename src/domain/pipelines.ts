// Status pipelines per vertical, from the seeds (b2b-strategies.md B2B-02, coaching-strategies.md,
// prospection-improvements.md). Verticals without a pipeline of their own borrow the closest one.
import { CLOSED_STATUSES, STATUS_SYNONYMS } from "./status-synonyms.js";
import { statusLabel } from "./status-words.js";
import { foldedWords } from "./text.js";

export const VERTICALS = [
  "b2b",
  "coaching",
  "prospection",
  "logistique",
  "ecommerce",
  "beaute",
  "generic",
] as const;
export type Vertical = (typeof VERTICALS)[number];

export const PIPELINES = {
  b2b: [
    "nouveau",
    "en_qualif",
    "proposition_en_preparation",
    "devis_envoye",
    "en_negociation",
    "gagne",
    "perdu",
  ],
  coaching: [
    "nouveau",
    "pre_qualif",
    "appel_planifie",
    "appel_realise",
    "offre_envoyee",
    "en_reflexion",
    "gagne",
    "perdu",
  ],
  prospection: ["non_qualifie", "contacte", "a_recontacter", "negociation", "abandon", "deja_client"],
} as const satisfies Record<string, readonly string[]>;
export type PipelineName = keyof typeof PIPELINES;

const PIPELINE_OF: Readonly<Record<Vertical, PipelineName>> = {
  b2b: "b2b",
  coaching: "coaching",
  prospection: "prospection",
  // Logistique sells on quotes (relance devis), like B2B.
  logistique: "b2b",
  ecommerce: "prospection",
  beaute: "prospection",
  generic: "prospection",
};

export function pipelineFor(vertical: Vertical): readonly string[] {
  return PIPELINES[PIPELINE_OF[vertical]];
}

export function initialStatus(vertical: Vertical): string {
  return pipelineFor(vertical)[0] as string;
}

const key = foldedWords;

/** Every way to name each status of the vertical's pipeline (code, label, synonyms), folded. */
export function statusPhrases(vertical: Vertical): ReadonlyArray<readonly [phrase: string, code: string]> {
  const synonyms = STATUS_SYNONYMS[PIPELINE_OF[vertical]] as Readonly<Record<string, readonly string[]>>;
  return pipelineFor(vertical).flatMap((code) =>
    [...new Set([key(code), key(statusLabel(code)), ...(synonyms[code] ?? []).map(key)])].map(
      (phrase) => [phrase, code] as const,
    ),
  );
}

/** The code of the tenant's pipeline that the text names, by its code, label or a synonym; else undefined. */
export function statusCode(vertical: Vertical, text: string): string | undefined {
  const wanted = key(text);
  return statusPhrases(vertical).find(([phrase]) => phrase === wanted)?.[1];
}

/** The statuses of the pipeline still in play (not won, lost or abandoned). */
export function openStatuses(vertical: Vertical): string[] {
  return pipelineFor(vertical).filter((code) => !CLOSED_STATUSES.has(code));
}

export type StatusCheck =
  | { ok: true }
  | { ok: false; code: "INVALID_STATUS"; message: string; allowed: readonly string[] };

export function checkStatus(vertical: Vertical, status: string): StatusCheck {
  const allowed = pipelineFor(vertical);
  if (allowed.includes(status)) return { ok: true };
  return {
    ok: false,
    code: "INVALID_STATUS",
    allowed,
    message: `Statut « ${statusLabel(status)} » inconnu pour ce métier. Statuts permis : ${allowed.map(statusLabel).join(", ")}.`,
  };
}
