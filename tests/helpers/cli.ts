// The `max` command run in-process against a test store's file: its exit code and what it printed.
import { runCli } from "../../src/cli.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function inProcessMax(dbPath: () => string, env: Record<string, string> = {}) {
  return async (...args: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
      env: { MAX_DB_PATH: dbPath(), LOG_LEVEL: "silent", ...env },
    });
    return { code, stdout: out.join(""), stderr: err.join("") };
  };
}
