// A loopback server speaking Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json,
// form-encoded, basic auth): it records each message and answers 201 with a new SM sid, or with a
// scripted Twilio error status.
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface TwilioRequest {
  path: string;
  form: Record<string, string>;
  /** The sid this mock answered with, when it accepted the message. */
  sid?: string;
}

export interface TwilioLoopback {
  url: string;
  /** Accepted messages, in order. */
  messages: TwilioRequest[];
  /** Every request, including refused ones. */
  requests: TwilioRequest[];
  /** The next requests get these HTTP statuses with a Twilio error body. */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
}

export async function startTwilioLoopback(accountSid: string, authToken: string): Promise<TwilioLoopback> {
  const messages: TwilioRequest[] = [];
  const requests: TwilioRequest[] = [];
  const failures: number[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  let seq = 0;
  const server = createServer(async (req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const request: TwilioRequest = { path: req.url ?? "", form: await readForm(req) };
    requests.push(request);
    if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return answer(404, { code: 20404, message: "The requested resource was not found", status: 404 });
    }
    if (req.headers.authorization !== expectedAuth) {
      return answer(401, { code: 20003, message: "Authenticate", status: 401 });
    }
    const failure = failures.shift();
    if (failure)
      return answer(failure, { code: 20000 + failure, message: "scripted failure", status: failure });
    request.sid = `SM${String(++seq).padStart(32, "0")}`;
    messages.push(request);
    answer(201, { sid: request.sid, status: "queued", to: request.form.To, from: request.form.From });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    requests,
    failNext: (...statuses) => {
      failures.push(...statuses);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
