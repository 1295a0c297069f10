// The one client for a tenant's n8n webhooks: a JSON body signed with the tenant's key (see
// n8n-signature.ts), posted once, with its outcome classified. What is worth another try is decided
// here for every caller: a network error, a timeout or a 5xx; a 4xx is n8n refusing and is final,
// and a redirect is a misconfigured URL (following it would hand the signed body to another host).
// How soon to try again is the caller's: right away inside a chat turn (someone waits), through the
// job queue's growing delays for a scenario step (nobody does).
import { type Clock, signBody } from "./n8n-signature.js";

export interface N8nCall {
  url: string;
  /** The tenant's signing key (deriveTenantKey). */
  key: string;
  /** Sent exactly as signed. */
  body: string;
  timeoutMs: number;
  /** Extra headers, such as the id n8n dedupes a retry on. */
  headers?: Record<string, string>;
}

export interface N8nAttempt {
  httpStatus: number | null;
  /** null when n8n accepted the call (a 2xx). */
  error: string | null;
  retryable: boolean;
}

export async function postToN8n(call: N8nCall, clock?: Clock): Promise<N8nAttempt> {
  try {
    const res = await fetch(call.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...call.headers,
        ...signBody(call.key, call.body, clock),
      },
      body: call.body,
      redirect: "manual",
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    // Read the body in full: it frees the connection, and n8n explains a refusal there.
    const text = await res.text();
    if (res.ok) return { httpStatus: res.status, error: null, retryable: false };
    const detail = text.replace(/\s+/g, " ").trim().slice(0, 200);
    return {
      httpStatus: res.status,
      error: `HTTP ${res.status}${detail ? ` ${detail}` : ""}`,
      retryable: res.status >= 500,
    };
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return {
      httpStatus: null,
      error: timedOut
        ? `pas de réponse en ${call.timeoutMs} ms`
        : `erreur réseau (${code ?? (error as Error).message})`,
      retryable: true,
    };
  }
}
