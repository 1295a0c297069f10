// The three ways to authenticate to EspoCRM's REST API, as headers. An API user sends its key
// (`X-Api-Key`) or, with a secret, an HMAC of the request line: base64(key + ":" +
// hex(hmac_sha256(secret, METHOD + " " + path))), the path being what follows /api/v1, with its
// leading "/" and without the query string. Admin endpoints need an admin *user*
// (`Espo-Authorization: base64(user:password)`): an API user can never be an admin. Pure.
import { createHmac } from "node:crypto";

export interface ApiCredentials {
  apiKey: string;
  /** When set, requests are signed (HMAC) instead of carrying the key. */
  hmacSecret?: string;
}

/** `Lead/abc?x=1` or `/Lead/abc` → `/Lead/abc`: what EspoCRM signs and checks. */
export function resourcePath(path: string): string {
  const bare = path.split("?")[0] ?? "";
  return bare.startsWith("/") ? bare : `/${bare}`;
}

export function hmacAuthorization(apiKey: string, secret: string, method: string, path: string): string {
  const digest = createHmac("sha256", secret)
    .update(`${method.toUpperCase()} ${resourcePath(path)}`)
    .digest("hex");
  return Buffer.from(`${apiKey}:${digest}`).toString("base64");
}

export function apiAuthHeaders(
  credentials: ApiCredentials,
  method: string,
  path: string,
): Record<string, string> {
  return credentials.hmacSecret
    ? { "X-Hmac-Authorization": hmacAuthorization(credentials.apiKey, credentials.hmacSecret, method, path) }
    : { "X-Api-Key": credentials.apiKey };
}

export function adminAuthHeaders(user: string, password: string): Record<string, string> {
  return { "Espo-Authorization": Buffer.from(`${user}:${password}`).toString("base64") };
}
