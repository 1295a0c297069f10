// What both Twilio webhooks share: the signature check against the public URL Twilio signed, the
// WhatsApp address format, and the empty TwiML answer (replies go out later through the API).
import twilio from "twilio";
import { formOf, type HttpRequest, type HttpResponse, text } from "../../src/outbox/route.js";

export type TwilioParams = Record<string, string>;

/**
 * The request's form fields when X-Twilio-Signature matches them and the public URL (path and query
 * included, as Twilio signs them); null for a forged, tampered or unsigned request. twilio's
 * validateRequest compares in constant time. Twilio signs no timestamp: a replay is caught by the
 * MessageSid dedupe instead.
 */
export function verifiedParams(req: HttpRequest, authToken: string, publicUrl: string): TwilioParams | null {
  const signature = req.headers["x-twilio-signature"];
  if (typeof signature !== "string" || signature === "") return null;
  const params: TwilioParams = Object.fromEntries(formOf(req));
  const url = publicUrl + req.url.pathname + req.url.search;
  return twilio.validateRequest(authToken, signature, url, params) ? params : null;
}

/** "whatsapp:+33600000001" -> "+33600000001"; undefined unless it is an E.164 number. */
export function e164(address: string | undefined): string | undefined {
  const number = address?.replace(/^whatsapp:/, "").trim();
  return number && /^\+\d{6,15}$/.test(number) ? number : undefined;
}

export const whatsappAddress = (number: string): string =>
  number.startsWith("whatsapp:") ? number : `whatsapp:${number}`;

export const emptyTwiml = (): HttpResponse =>
  text(200, '<?xml version="1.0" encoding="UTF-8"?><Response/>', "text/xml; charset=utf-8");

export const unsigned = (): HttpResponse => text(401, "signature Twilio invalide");
