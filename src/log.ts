// Structured logs on stderr (stdout stays clean for --json). Secrets never reach a log line: the
// config holds none today, and known secret-bearing keys are redacted for what comes later.
import pino from "pino";
import type { Config } from "./config.js";

export function createLogger(config: Pick<Config, "logLevel">) {
  return pino(
    {
      level: config.logLevel,
      redact: {
        paths: ["*.token", "*.password", "*.secret", "*.apiKey", "*.authorization"],
        censor: "[secret]",
      },
    },
    pino.destination(2),
  );
}

export type Logger = ReturnType<typeof createLogger>;
