// The CRM list as a spreadsheet: every lead the list's filters match (not just the page on screen),
// read a page at a time so an export of 100,000 leads never holds them all, newest lead first.
import { type CsvOptions, csvChunks, heatLabel, isoDay, statusLabel } from "../domain/index.js";
import type { StoreContext } from "./context.js";
import { EXPORT_PAGE, type LeadQuery } from "./lead-search.js";

/** The columns, as the first line of the file says them. */
export const EXPORT_HEADER = [
  "nom",
  "entreprise",
  "email",
  "téléphone",
  "statut",
  "tags",
  "chaleur",
  "score",
  "dernière activité",
] as const;

export interface LeadExportRow {
  nom: string;
  entreprise: string;
  email: string;
  telephone: string;
  /** The status in words: « Devis envoyé ». */
  statut: string;
  /** Tags separated by « , ». */
  tags: string;
  /** « chaud », « tiède », « froid », or empty. */
  chaleur: string;
  score: number | null;
  /** The day of the last activity in the tenant's timezone (« 2026-11-16 »), or empty. */
  derniereActivite: string;
}

const cells = (r: LeadExportRow) => [
  r.nom,
  r.entreprise,
  r.email,
  r.telephone,
  r.statut,
  r.tags,
  r.chaleur,
  r.score,
  r.derniereActivite,
];

type ExportRecord = {
  first_name: string;
  last_name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  heat: string | null;
  score: number | null;
  last_activity_at: number | null;
  tags: string | null;
};

export function leadExport(
  ctx: StoreContext,
  deps: {
    /** The ids the query matches, a page at a time (lead-search.ts leadIdPages): checks the query. */
    pages: (tenantId: number, query: LeadQuery) => Iterable<number[]>;
    timezoneOf: (tenantId: number) => string;
  },
) {
  // Only the columns the file has, tags joined in SQL: a whole Lead per row costs six times more.
  const records = ctx.sqlite.prepare<[string, number], ExportRecord>(
    `select l.first_name, l.last_name, l.company, l.email, l.phone, l.status, l.heat, l.score, l.last_activity_at,
       (select group_concat(tag, ', ') from (select t.tag from lead_tags t
          where t.tenant_id = l.tenant_id and t.lead_id = l.id order by t.tag)) as tags
     from json_each(?) ids cross join leads l on l.id = ids.value
     where l.tenant_id = ?
     order by ids.key`,
  );
  const toRow =
    (timezone: string) =>
    (l: ExportRecord): LeadExportRow => ({
      nom: `${l.first_name} ${l.last_name}`.trim(),
      entreprise: l.company ?? "",
      email: l.email ?? "",
      telephone: l.phone ?? "",
      statut: statusLabel(l.status),
      tags: l.tags ?? "",
      chaleur: l.heat ? heatLabel(l.heat) : "",
      score: l.score,
      derniereActivite: l.last_activity_at === null ? "" : isoDay(new Date(l.last_activity_at), timezone),
    });

  /** Pages of rows; the query is checked now (a StoreError before anything is written). */
  const pagesOf = (tenantId: number, query: LeadQuery): Iterable<LeadExportRow[]> => {
    const ids = deps.pages(tenantId, query);
    const row = toRow(deps.timezoneOf(tenantId));
    return {
      *[Symbol.iterator]() {
        for (const page of ids) {
          for (let i = 0; i < page.length; i += EXPORT_PAGE) {
            yield records.all(JSON.stringify(page.slice(i, i + EXPORT_PAGE)), tenantId).map(row);
          }
        }
      },
    };
  };

  return {
    /** Every matching lead as a row, newest lead first, read a page at a time. */
    rows(tenantId: number, query: LeadQuery = {}): Iterable<LeadExportRow> {
      const pages = pagesOf(tenantId, query);
      return {
        *[Symbol.iterator]() {
          for (const page of pages) yield* page;
        },
      };
    },

    /**
     * The same rows as a CSV file for Excel, in chunks of text to write one after another: the
     * first holds the UTF-8 byte order mark and the header (domain/csv.ts: « ; », CRLF, quoting,
     * formulas neutralised).
     */
    csv(tenantId: number, query: LeadQuery = {}, options: CsvOptions = {}): Iterable<string> {
      const pages = pagesOf(tenantId, query);
      return {
        [Symbol.iterator]: () =>
          csvChunks(
            EXPORT_HEADER,
            (function* () {
              for (const page of pages) yield page.map(cells);
            })(),
            options,
          ),
      };
    },
  };
}

export type LeadExport = ReturnType<typeof leadExport>;
