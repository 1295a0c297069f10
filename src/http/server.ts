// The one HTTP server: refuses a request addressed to a host that is not ours (421, before any route),
// reads each request's raw body (bounded: 1 MB, or the route's own limit), finds its route (its exact
// path, else a prefix route such as /media/), answers. A handler that throws gets a 500
// with no details (they go to the log), and the process keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { type HttpRequest, type HttpResponse, json, type Route, type StreamSink } from "../outbox/route.js";
import { hostAllowed, LOOPBACK_HOSTS } from "./allowed-hosts.js";

const MAX_BODY_BYTES = 1_000_000;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A response kept open: its writes go out at once, its close is reported once. */
function streamSink(res: ServerResponse): StreamSink {
  const listeners: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const listener of listeners) listener();
  };
  res.on("close", close);
  res.flushHeaders();
  return {
    write: (chunk) => {
      if (!closed) res.write(chunk);
    },
    onClose: (listener) => (closed ? listener() : void listeners.push(listener)),
    end: () => {
      res.end();
      close();
    },
  };
}

export interface HttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  log: Logger;
  /** The names requests may be addressed to (the Host header, any port); loopback names only by default. */
  allowedHosts?: readonly string[];
}

export async function startHttpServer(
  routes: readonly Route[],
  { port, host, log, allowedHosts = LOOPBACK_HOSTS }: HttpServerOptions,
): Promise<HttpServer> {
  const table = new Map(routes.filter((r) => !r.prefix).map((r) => [`${r.method} ${r.path}`, r]));
  const prefixed = routes.filter((r) => r.prefix);
  const hosts = new Set(allowedHosts);
  const answer = async (req: IncomingMessage): Promise<HttpResponse> => {
    if (!hostAllowed(req.headers.host, hosts)) {
      return json(421, {
        error: "hôte non reconnu : ce serveur ne répond qu'à son adresse publique ou locale",
      });
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const route =
      table.get(`${req.method} ${url.pathname}`) ??
      prefixed.find((r) => r.method === req.method && url.pathname.startsWith(r.path));
    if (!route) return json(404, { error: "introuvable" });
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, route.bodyLimit?.bytes ?? MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        const message = route.bodyLimit?.message;
        return json(413, message ? { error: "too_large", message } : { error: "requête trop volumineuse" });
      }
      throw error;
    }
    const request: HttpRequest = {
      method: req.method ?? "GET",
      url,
      headers: req.headers,
      rawBody,
      remoteAddress: req.socket.remoteAddress ?? "",
    };
    return route.handle(request);
  };
  const streams = new Set<StreamSink>();
  const server = createServer((req, res) => {
    answer(req)
      .catch((err: unknown) => {
        log.error({ err, path: req.url }, "request failed");
        return json(500, { error: "erreur interne" });
      })
      .then((r) => {
        res.writeHead(r.status, r.headers);
        if (!r.stream) {
          res.end(r.body);
          return;
        }
        const sink = streamSink(res);
        streams.add(sink);
        sink.onClose(() => streams.delete(sink));
        r.stream(sink);
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Live streams never go idle: they are ended, and the browser reconnects to the next server.
        for (const sink of streams) sink.end();
        server.closeIdleConnections();
      }),
  };
}
