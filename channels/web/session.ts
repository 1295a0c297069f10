// Web chat sessions: a random bearer token whose SHA-256 is the user's `web` identity, so sessions
// survive restarts and the database never holds a usable token. Logins come from the demo (the owner
// of demo-coaching, only when config.http.webDemo; such a session lasts a day) or from a one-time
// link minted by the CLI (a session of 30 days).
import { createHash, randomBytes } from "node:crypto";
import type { Store, Tenant, User } from "../../src/store/index.js";

export interface WebUser {
  tenant: Tenant;
  user: User;
  /** The session's identity (the token's SHA-256), the sender of the user's inbound events. */
  hash: string;
}

export const DEMO_TENANT = "demo-coaching";
export const LOGIN_TTL_MS = 24 * 3_600_000;
export const SESSION_TTL_MS = 30 * 24 * 3_600_000;
/** The no-login demo's sessions are anyone's for the asking: they last a day, not a month. */
export const DEMO_SESSION_TTL_MS = 24 * 3_600_000;

// Sessions and login links alike: `<tenantId>.<expiry in ms>.<secret>`. The tenant id tells where to
// look, the secret is 256 random bits, and the expiry is covered by the stored hash, so it cannot be
// moved.
const TOKEN = /^(\d{1,12})\.(\d{1,15})\.[\w-]{43}$/;
const LOGIN_PREFIX = "login:";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const secret = () => randomBytes(32).toString("base64url");

function userOf(store: Store, tenantId: number, externalId: string) {
  const tenant = store.tenants.get(tenantId);
  const user = tenant && store.users.findByIdentity(tenant.id, "web", externalId);
  return tenant && user ? { tenant, user } : null;
}

/** A fresh token for the tenant, valid `ttlMs` from now. */
function mintToken(store: Store, tenant: Tenant, ttlMs: number): { token: string; expiresAt: Date } {
  const expiresAt = new Date(store.clock().getTime() + ttlMs);
  return { token: `${tenant.id}.${expiresAt.getTime()}.${secret()}`, expiresAt };
}

/** The tenant id of a well-formed token that has not expired. */
function liveTenantOf(store: Store, token: string): number | null {
  const parts = TOKEN.exec(token);
  return parts && Number(parts[2]) > store.clock().getTime() ? Number(parts[1]) : null;
}

/** Mints a session for the user (30 days unless told); returns the token, shown once and never stored. */
export function openSession(store: Store, tenant: Tenant, user: User, ttlMs = SESSION_TTL_MS): string {
  const { token } = mintToken(store, tenant, ttlMs);
  store.users.addIdentity({ tenantId: tenant.id, actor: `user:${user.id}` }, user.id, "web", sha256(token));
  return token;
}

/** The session behind an `Authorization: Bearer` header, or null. */
export function authenticate(store: Store, authorization: string | undefined): WebUser | null {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? "";
  const tenantId = liveTenantOf(store, token);
  if (tenantId === null) return null;
  const hash = sha256(token);
  const found = userOf(store, tenantId, hash);
  return found && { ...found, hash };
}

/** The demo's user: the owner of demo-coaching, when the demo is seeded. */
export function demoOwner(store: Store): { tenant: Tenant; user: User } | null {
  const tenant = store.tenants.getBySlug(DEMO_TENANT);
  const user = tenant && store.users.owner(tenant.id);
  return tenant && user ? { tenant, user } : null;
}

/** A one-time login token for `max users web-login`, valid LOGIN_TTL_MS. */
export function mintLoginToken(store: Store, tenant: Tenant, user: User): { token: string; expiresAt: Date } {
  const { token, expiresAt } = mintToken(store, tenant, LOGIN_TTL_MS);
  store.users.addIdentity(
    { tenantId: tenant.id, actor: "cli" },
    user.id,
    "web",
    LOGIN_PREFIX + sha256(token),
  );
  return { token, expiresAt };
}

/** Redeems a login token once, before its expiry; null when unknown, expired or already used. */
export function redeemLoginToken(store: Store, token: string): { tenant: Tenant; user: User } | null {
  const tenantId = liveTenantOf(store, token);
  if (tenantId === null) return null;
  const tenant = store.tenants.get(tenantId);
  // Redeeming removes the link's identity: single-use, even for two concurrent requests.
  const user = tenant && store.users.redeemIdentity(tenant.id, "web", LOGIN_PREFIX + sha256(token));
  return tenant && user ? { tenant, user } : null;
}
