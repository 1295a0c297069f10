// An open-loop load generator: requests leave at an even pace over a fixed set of keep-alive
// connections, whatever the answers, and each latency runs from the request's scheduled time to the
// end of its response (so a late generator counts against the server, never for it). autocannon
// paces each connection separately and sends in bursts: at 1,200 requests/s over 200 connections its
// own p99 against an empty server on this machine was above 200 ms, more than the target it measured.
import { Agent, request } from "node:http";
import { latency } from "./stats.js";

export interface PacedRequest {
  /** POST unless told (a GET carries an empty body). */
  method?: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedOptions {
  url: string;
  connections: number;
  perSecond: number;
  seconds: number;
  /** Requests scheduled in this first stretch warm the server up: answered and counted, not timed. */
  warmupSeconds?: number;
  /** The i-th request. */
  next(i: number): PacedRequest;
  onAnswer?(i: number, status: number): void;
}

export interface PacedResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

const TIMEOUT_MS = 10_000;

export async function pacedLoad(o: PacedOptions): Promise<PacedResult> {
  const target = new URL(o.url);
  const agents = Array.from({ length: o.connections }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  const total = Math.round(o.perSecond * o.seconds);
  const warmup = Math.round(o.perSecond * (o.warmupSeconds ?? 0));
  const samples: number[] = [];
  let sent = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  const scheduledAt = (i: number) => start + (i * 1000) / o.perSecond;

  await new Promise<void>((finished) => {
    const settle = () => {
      settled += 1;
      if (settled === total) finished();
    };
    const send = (i: number) => {
      const { method = "POST", path, headers, body } = o.next(i);
      const req = request(
        {
          agent: agents[i % o.connections],
          host: target.hostname,
          port: target.port,
          path,
          method,
          headers:
            method === "GET" ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
          timeout: TIMEOUT_MS,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (i >= warmup) samples.push(performance.now() - scheduledAt(i));
            if (status < 200 || status >= 300) non2xx += 1;
            o.onAnswer?.(i, status);
            settle();
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors += 1;
        settle();
      });
      req.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * o.perSecond) / 1000) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const elapsedSeconds = (performance.now() - start) / 1000;
  for (const agent of agents) agent.destroy();
  const l = latency(samples);
  return {
    requests: total,
    perSecond: settled / elapsedSeconds,
    p50: l.p50,
    p99: l.p99,
    max: l.max,
    non2xx,
    errors,
  };
}
