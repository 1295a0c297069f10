// What a route is to the one HTTP server: method + path -> handler. Handlers get the raw body (webhook
// signatures are computed over the exact bytes) and answer with a status, headers and a body. Part of
// the channel port: channels define their webhook routes with it, src/http serves them.
import type { IncomingHttpHeaders } from "node:http";

export interface HttpRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The TCP peer's address (e.g. 127.0.0.1, ::1, ::ffff:127.0.0.1); empty once the socket is gone. */
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A long-lived answer (Server-Sent Events): written to until the client or the server closes it. */
  stream?: (sink: StreamSink) => void;
}

/** Where a streamed answer writes; `onClose` runs once, whoever closes. */
export interface StreamSink {
  write(chunk: string): void;
  onClose(listener: () => void): void;
  end(): void;
}

export interface Route {
  method: "GET" | "POST";
  path: string;
  handle(req: HttpRequest): Promise<HttpResponse> | HttpResponse;
  /** A body larger than the server's default (an uploaded image), and the French refusal beyond it. */
  bodyLimit?: { bytes: number; message: string };
  /** Answers every path under `path` (which ends with "/"), e.g. /media/<name>; exact paths win. */
  prefix?: true;
}

export const json = (status: number, value: unknown): HttpResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(value),
});

export const text = (status: number, body: string, type = "text/plain; charset=utf-8"): HttpResponse => ({
  status,
  headers: { "content-type": type },
  body,
});

/** The form fields of an application/x-www-form-urlencoded body (Twilio, Slack interactions). */
export const formOf = (req: HttpRequest): URLSearchParams =>
  new URLSearchParams(req.rawBody.toString("utf8"));
