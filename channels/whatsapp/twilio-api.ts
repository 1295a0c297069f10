// Twilio's Messages API over plain fetch, so the base URL is configurable (a loopback mock in tests):
// one form-encoded POST with basic auth. 429, 5xx, timeouts and network errors are worth a retry;
// any other refusal is final and says why.
import { TransientError } from "../../src/outbox/channel.js";

const TIMEOUT_MS = 15_000;

export interface TwilioAccount {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** Our sender, "whatsapp:+33…". */
  from: string;
}

interface TwilioAnswer {
  sid?: string;
  code?: number;
  message?: string;
}

const retryAfterMs = (res: Response): number | undefined => {
  const seconds = Number(res.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
};

/** Creates one message; returns its sid (SM…). */
export async function createMessage(account: TwilioAccount, form: Record<string, string>): Promise<string> {
  const url = `${account.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`;
  const credentials = Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64");
  let res: Response;
  let answer: TwilioAnswer;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Basic ${credentials}`, accept: "application/json" },
      body: new URLSearchParams({ From: account.from, ...form }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    answer = (await res.json().catch(() => ({}))) as TwilioAnswer;
  } catch (error) {
    throw new TransientError(`Twilio injoignable : ${(error as Error).message}`);
  }
  if (res.status === 429 || res.status >= 500) {
    throw new TransientError(`Twilio indisponible (HTTP ${res.status})`, retryAfterMs(res));
  }
  const code = answer.code ? `, code ${answer.code}` : "";
  if (!res.ok) {
    throw new Error(
      `Twilio a refusé le message (HTTP ${res.status}${code}) : ${answer.message ?? "sans détail"}`,
    );
  }
  if (!answer.sid) throw new Error("Twilio a accepté le message sans en donner l'identifiant.");
  return answer.sid;
}
