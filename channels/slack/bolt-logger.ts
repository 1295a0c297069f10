// Bolt and its WebClient log through our pino logger instead of the console, at our level.
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "pino";

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ module: "slack" });
  const line = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" ");
  return {
    debug: (...parts: unknown[]) => child.debug(line(parts)),
    info: (...parts: unknown[]) => child.info(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    // Our level is set by LOG_LEVEL; Bolt may ask for it but does not get to change it.
    setLevel: () => {},
    getLevel: () => LEVELS[child.level] ?? LogLevel.ERROR,
    setName: () => {},
  };
}
