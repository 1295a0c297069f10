// The results table (Markdown, also readable on a terminal) and the files under bench/results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type Status = "PASS" | "FAIL" | "info";

export interface Row {
  benchmark: string;
  result: string;
  target: string;
  status: Status;
}

export const verdict = (ok: boolean): Status => (ok ? "PASS" : "FAIL");

/** A Markdown table padded so its columns line up in a terminal too. */
export function markdownTable(rows: readonly Row[]): string {
  const header: Row = {
    benchmark: "benchmark",
    result: "result",
    target: "target",
    status: "status" as Status,
  };
  const keys = ["benchmark", "result", "target", "status"] as const;
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(keys.map((k) => header[k])),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(keys.map((k) => r[k]))),
  ].join("\n");
}

/** Local calendar date, YYYY-MM-DD, for the results file names. */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Writes DATE.json, DATE.md and latest.md; returns the paths written. */
export function saveResults(dir: string, date: string, json: unknown, markdown: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [
    [join(dir, `${date}.json`), `${JSON.stringify(json, null, 2)}\n`],
    [join(dir, `${date}.md`), markdown],
    [join(dir, "latest.md"), markdown],
  ] as const;
  for (const [path, content] of files) writeFileSync(path, content);
  return files.map(([path]) => path);
}
