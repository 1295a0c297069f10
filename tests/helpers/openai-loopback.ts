// A loopback server speaking the OpenAI chat-completions wire format, so ChatOpenAI runs for real:
// each request gets the next scripted reply (tool calls or text), or a reply computed from the request.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedReply {
  toolCalls?: { name: string; args: unknown; id?: string }[];
  content?: string;
  usage?: { prompt: number; completion: number };
  /** Answer with this HTTP status and an OpenAI error body instead. */
  status?: number;
  /** With `status`: the error's message echoes the request's Authorization header, as a careless server may. */
  echoAuthorization?: boolean;
}

export interface ChatRequest {
  model: string;
  messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { function: { name: string; description?: string; parameters?: unknown } }[];
  stream?: boolean;
}

export interface OpenAiLoopback {
  baseUrl: string;
  requests: ChatRequest[];
  /** Queues replies, used in order; when the queue is empty `fallback` answers. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<ChatRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
}

let callSeq = 0;

function completion(reply: ScriptedReply, model: string) {
  const toolCalls = reply.toolCalls?.map((c) => ({
    id: c.id ?? `call_${++callSeq}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) },
  }));
  const usage = reply.usage ?? { prompt: 100, completion: 20 };
  return {
    id: `chatcmpl-${++callSeq}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: reply.content ?? null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls ? "tool_calls" : "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

export async function startOpenAiLoopback(
  fallback: (request: ChatRequest) => ScriptedReply = () => ({ content: "(pas de réponse prévue)" }),
  { keepRequests = true } = {},
): Promise<OpenAiLoopback> {
  const queue: ScriptedReply[] = [];
  const requests: ChatRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    const body = await readJson(req);
    if (keepRequests) requests.push(body);
    const reply = queue.shift() ?? fallback(body);
    if (reply.status) {
      res.writeHead(reply.status, { "content-type": "application/json" });
      const message = reply.echoAuthorization
        ? `invalid request, you sent Authorization: ${req.headers.authorization}`
        : "scripted failure";
      res.end(JSON.stringify({ error: { message, type: "server_error" } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(completion(reply, body.model)));
  });
  server.keepAliveTimeout = 1000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
