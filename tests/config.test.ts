import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig, SETTINGS } from "../src/config.js";
import { tempDir } from "./helpers/store.js";

describe("config", () => {
  it("uses the embedded defaults when nothing is set", () => {
    expect(parseConfig({})).toEqual({
      dbPath: "./data/max.db",
      logLevel: "info",
      busyTimeoutMs: 5000,
      llm: { provider: "offline", timeoutMs: 60_000, memoryMessages: 40 },
      n8n: { timeoutMs: 10_000 },
      espocrm: { pollMs: 60_000, timeoutMs: 15_000 },
      http: { port: 3000, host: "127.0.0.1", publicUrl: "http://127.0.0.1:3000", webDemo: true },
      slack: { apiUrl: "https://slack.com/api/" },
      twilio: { apiUrl: "https://api.twilio.com", contentSids: {} },
      botframework: { emulator: false },
      email: { pollMs: 60_000, prequalTimeoutDays: 3, campaignRate: 5 },
    });
  });

  it("uses the model when one is named, and the offline brain when forced", () => {
    const env = { MAX_LLM_MODEL: "llama3.1", MAX_LLM_BASE_URL: "http://localhost:11434/v1" };
    expect(parseConfig(env).llm).toMatchObject({ provider: "openai", model: "llama3.1" });
    expect(parseConfig({ ...env, MAX_LLM_PROVIDER: "offline" }).llm.provider).toBe("offline");
    expect(() => parseConfig({ MAX_LLM_PROVIDER: "openai" })).toThrow(/MAX_LLM_MODEL/);
  });

  it("reads the channels: public URL without its slash, template SIDs, no web demo once public", () => {
    const config = parseConfig({
      MAX_PUBLIC_URL: "https://max.example.fr/",
      TWILIO_CONTENT_SIDS: "relance-devis-j3=HX111,confirmation-rdv=HX222",
    });
    expect(config.http).toMatchObject({ publicUrl: "https://max.example.fr", webDemo: false });
    expect(config.twilio.contentSids).toEqual({ "relance-devis-j3": "HX111", "confirmation-rdv": "HX222" });
    expect(() => parseConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(parseConfig({ HOST: "0.0.0.0" }).http.webDemo).toBe(false);
    expect(parseConfig({ HOST: "0.0.0.0", MAX_WEB_DEMO: "true" }).http.webDemo).toBe(true);
    expect(() => parseConfig({ SLACK_SIGNING_SECRET: "   " })).toThrow(/SLACK_SIGNING_SECRET="\(masqué\)"/);
  });

  it("names a wrong secret without echoing it", () => {
    const attempt = () => parseConfig({ MAX_N8N_SECRET: "short-secret" });
    expect(attempt).toThrow(/MAX_N8N_SECRET="\(masqué\)"/);
    expect(attempt).not.toThrow(/short-secret/);
  });

  it("reads .env and lets the real environment win", () => {
    const file = join(tempDir(), ".env");
    writeFileSync(file, "MAX_DB_PATH=/tmp/from-file.db\nLOG_LEVEL=debug\n");
    const config = loadConfig({ LOG_LEVEL: "warn" }, file);
    expect(config.dbPath).toBe("/tmp/from-file.db");
    expect(config.logLevel).toBe("warn");
  });

  it("treats an empty value as unset", () => {
    expect(parseConfig({ MAX_DB_PATH: "" }).dbPath).toBe("./data/max.db");
  });

  it.each([
    ["LOG_LEVEL", "loud", /LOG_LEVEL="loud".*fatal, error, warn, info/],
    ["MAX_BUSY_TIMEOUT_MS", "soon", /MAX_BUSY_TIMEOUT_MS="soon".*entier/],
    ["MAX_BUSY_TIMEOUT_MS", "-5", /MAX_BUSY_TIMEOUT_MS="-5"/],
    ["MAX_BUSY_TIMEOUT_MS", "0x10", /MAX_BUSY_TIMEOUT_MS="0x10"/],
    ["MAX_DB_PATH", "   ", /MAX_DB_PATH/],
    ["MAX_LLM_BASE_URL", "localhost:11434", /MAX_LLM_BASE_URL.*compatible OpenAI/],
    ["MAX_LLM_PROVIDER", "claude", /MAX_LLM_PROVIDER.*openai ou offline/],
    ["MAX_MEMORY_MESSAGES", "1", /MAX_MEMORY_MESSAGES/],
    ["MAX_BOTFRAMEWORK_EMULATOR", "oui", /MAX_BOTFRAMEWORK_EMULATOR="oui".*true ou false/],
  ])("stops on a wrong %s, naming it and what is allowed", (name, value, message) => {
    const attempt = () => parseConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it("documents every setting in .env.example", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    for (const name of Object.keys(SETTINGS)) expect(example).toMatch(new RegExp(`^${name}=`, "m"));
  });
});
