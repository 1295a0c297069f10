// Which Slack API failures are worth another try: a rate limit (with Slack's Retry-After), a 5xx,
// a network error or timeout, and the platform errors Slack documents as temporary. Anything else
// (channel_not_found, not_in_channel, invalid_auth…) will fail again and is permanent.
import { webApi } from "@slack/bolt";
import { TransientError } from "../../src/outbox/channel.js";

const TEMPORARY_PLATFORM_ERRORS = new Set([
  "rate_limited",
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

interface SlackFailure {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; response_metadata?: { retryAfter?: number } };
  message: string;
}

/** The error to throw to the outbox for a failed Slack call. */
export function slackFailure(error: unknown): Error {
  const e = error as SlackFailure;
  const { ErrorCode } = webApi;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new TransientError("Slack : limite de débit atteinte", (e.retryAfter ?? 1) * 1000);
    case ErrorCode.RequestError:
      return new TransientError(`Slack injoignable : ${e.message}`);
    case ErrorCode.HTTPError:
      return (e.statusCode ?? 0) >= 500
        ? new TransientError(`Slack : erreur HTTP ${e.statusCode}`)
        : new Error(`Slack : erreur HTTP ${e.statusCode}`);
    case ErrorCode.PlatformError: {
      const reason = e.data?.error ?? "inconnue";
      if (!TEMPORARY_PLATFORM_ERRORS.has(reason)) return new Error(`Slack a refusé le message : ${reason}`);
      const retryAfter = e.data?.response_metadata?.retryAfter;
      return new TransientError(`Slack : ${reason}`, retryAfter ? retryAfter * 1000 : undefined);
    }
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
