// CSV for a spreadsheet, as a French user opens it in Excel: a UTF-8 byte order mark (without it
// Excel reads « Pré-qualification » as « PrÃ©-qualification »), « ; » between cells (French Excel's
// list separator: with « , » every row lands in one column), CRLF line ends, and cells quoted when
// they hold a separator, a quote or a line break. A cell that begins with = + - @ (or a tab or a
// carriage return) gets a leading apostrophe, so a lead named « =HYPERLINK(…) » stays text and is
// never run as a formula (CSV injection).
import { stringify } from "csv-stringify/sync";

export const UTF8_BOM = "\uFEFF";

export type CsvCell = string | number | null;

export interface CsvOptions {
  /** « ; » by default; « , » for tools that expect it. */
  delimiter?: string;
}

/** One or more rows as CSV text, each ending with CRLF. */
export function csvText(
  rows: ReadonlyArray<ReadonlyArray<CsvCell>>,
  { delimiter = ";" }: CsvOptions = {},
): string {
  if (rows.length === 0) return "";
  return stringify(rows as CsvCell[][], {
    delimiter,
    record_delimiter: "windows",
    // With its own record delimiter, csv-stringify no longer quotes a cell holding a bare \n or \r.
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}

/**
 * A whole file as chunks of text: the first is the byte order mark and the header line, then one
 * chunk per page of rows, so a long export is written as it is read and never held whole.
 */
export function* csvChunks(
  header: readonly string[],
  pages: Iterable<ReadonlyArray<ReadonlyArray<CsvCell>>>,
  options: CsvOptions = {},
): Generator<string> {
  yield UTF8_BOM + csvText([header], options);
  for (const rows of pages) {
    const text = csvText(rows, options);
    if (text) yield text;
  }
}
