// The fake's authentication, in EspoCRM's order: `Espo-Authorization` (a user, by password or by the
// token App/user hands out) before the API headers (`X-Api-Key`, then `X-Hmac-Authorization`) before
// `Authorization: Basic`. API users authenticate only by their own method (ApiKey or Hmac) and never
// as users. Every failed login from an IP is remembered; more than `maxFailed` within the period lock
// that IP out with a 403 before any check, good credentials included (the refused attempts are not
// counted, so the lock lifts when the failures age out).
import { createHmac, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { HttpError } from "./errors.js";
import type { FakeUser } from "./state.js";

export type AuthMethod = "espo" | "api-key" | "hmac" | "basic";

export class NoCredentials extends Error {}

export interface AuthOptions {
  users: FakeUser[];
  maxFailed: number;
  periodMs: number;
  clock: () => Date;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return typeof v === "string" ? v : undefined;
};

export class Authenticator {
  private readonly failures = new Map<string, number[]>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: AuthOptions) {}

  resetLockout(): void {
    this.failures.clear();
  }

  /** A token usable in place of the user's password (what App/user answers with). */
  tokenFor(user: FakeUser): string {
    const token = randomBytes(16).toString("hex");
    this.tokens.set(token, user.id);
    return token;
  }

  authenticate(
    headers: IncomingHttpHeaders,
    method: string,
    resource: string,
    ip: string,
  ): { user: FakeUser; method: AuthMethod } {
    const espo = header(headers, "espo-authorization");
    const apiKey = header(headers, "x-api-key");
    const hmac = header(headers, "x-hmac-authorization");
    const basic = /^Basic (.+)$/i.exec(header(headers, "authorization") ?? "")?.[1];
    const kind: AuthMethod | null = espo
      ? "espo"
      : apiKey
        ? "api-key"
        : hmac
          ? "hmac"
          : basic
            ? "basic"
            : null;
    if (!kind) throw new NoCredentials();

    const now = this.options.clock().getTime();
    const recent = (this.failures.get(ip) ?? []).filter((t) => t > now - this.options.periodMs);
    this.failures.set(ip, recent);
    if (recent.length > this.options.maxFailed) {
      throw new HttpError(403, `Max failed login attempts exceeded for IP address ${ip}.`);
    }

    const user =
      kind === "api-key"
        ? this.byApiKey(apiKey ?? "")
        : kind === "hmac"
          ? this.byHmac(hmac ?? "", method, resource)
          : this.byPassword(kind === "espo" ? (espo ?? "") : (basic ?? ""));
    if (!user) {
      recent.push(now);
      throw new HttpError(401, "");
    }
    return { user, method: kind };
  }

  private byApiKey(key: string) {
    return this.options.users.find((u) => u.type === "api" && u.authMethod === "ApiKey" && u.apiKey === key);
  }

  private byHmac(value: string, method: string, resource: string) {
    const raw = Buffer.from(value, "base64").toString("latin1");
    const colon = raw.indexOf(":");
    if (colon < 1) return undefined;
    const key = raw.slice(0, colon);
    const given = raw.slice(colon + 1);
    const user = this.options.users.find(
      (u) => u.type === "api" && u.authMethod === "Hmac" && u.apiKey === key,
    );
    if (!user?.secretKey) return undefined;
    const mac = createHmac("sha256", user.secretKey).update(`${method} ${resource}`).digest();
    // The hex digest since 8.4.1; the raw binary one (hashLegacy) is still accepted.
    return given === mac.toString("hex") || given === mac.toString("latin1") ? user : undefined;
  }

  private byPassword(encoded: string) {
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 1) return undefined;
    const userName = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const user = this.options.users.find((u) => u.userName === userName && u.type !== "api");
    if (!user) return undefined;
    return user.password === secret || this.tokens.get(secret) === user.id ? user : undefined;
  }
}
