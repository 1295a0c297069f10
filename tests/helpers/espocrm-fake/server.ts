// A loopback EspoCRM over real HTTP (node:http on 127.0.0.1, port 0), following ../shared/espocrm-api.md:
// `{site}/api/v1/`, three ways to authenticate with the failed-login lockout, JSON bodies read only
// with `Content-Type: application/json`, every success a 200 written like PHP's json_encode, errors
// as a status with `X-Status-Reason` (and a JSON body where EspoCRM sends one). Test aids are methods
// on the returned object: seed leads, read the state, act as a person in EspoCRM's UI, inject
// faults, flush the webhook queue, read the request log.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Authenticator, type AuthMethod, NoCredentials } from "./auth.js";
import { badRequest, forbidden, HttpError, notFound } from "./errors.js";
import { type EspoFault, FaultPlan } from "./faults.js";
import { parsePhpQuery, phpJson } from "./php.js";
import {
  createEmail,
  createNote,
  createTargetList,
  createWebhook,
  deleteWebhook,
  leadStream,
  listEmails,
  listWebhooks,
  relateTargetListLeads,
  targetListLeads,
} from "./records.js";
import type { FieldDefs } from "./schema.js";
import { type Action, EspoState, type FakeUser, type Row, type SearchParams } from "./state.js";
import { flushWebhooks, type WebhookDelivery } from "./webhooks.js";

export interface EspoFakeOptions {
  /** The API user authenticating by `X-Api-Key`. */
  apiKey?: string;
  /** The API user authenticating by `X-Hmac-Authorization`. */
  hmac?: { key: string; secret: string };
  /** The admin user (`Espo-Authorization`). */
  admin?: { user: string; password: string };
  /** The fake's time: createdAt/modifiedAt, the lockout window, relative where items. */
  clock?: () => Date;
  /** `c` prefix on custom fields (EspoCRM 8.2+); false as with customPrefixDisabled or older versions. */
  customPrefix?: boolean;
  /** Lead has optimisticConcurrencyControl: versionNumber and X-Version-Number. */
  optimisticConcurrency?: boolean;
  /** The `from` addresses a non-admin may use. */
  allowedFrom?: string[];
  /** Access refused to non-admins, e.g. `{ Lead: ["delete"] }`. */
  deny?: Partial<Record<string, Action[]>>;
  maxFailedAuth?: number;
  failedAuthPeriodMs?: number;
  webhookBatchSize?: number;
  webhookTimeoutMs?: number;
  faults?: EspoFault[];
}

export interface FakeRequest {
  seq: number;
  method: string;
  /** After /api/v1, without the query: what HMAC signs and faults match. */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  auth: AuthMethod | null;
  userName: string | null;
  /** The status answered; null when the connection was dropped. */
  status: number | null;
  fault: string | null;
}

export interface EspoFake {
  siteUrl: string;
  apiUrl: string;
  credentials: {
    apiKey: string;
    hmac: { key: string; secret: string };
    admin: { user: string; password: string };
    /** A regular user of the CRM (the one `ui` acts as). */
    ui: { user: string; password: string; id: string };
  };
  requests: FakeRequest[];
  /** Requests whose line `METHOD /Path` matches. */
  requestsMatching(re: RegExp): FakeRequest[];
  /** Leads inserted directly (no webhooks, no notes); `make(i)` overrides attributes, dates included. */
  seedLeads(n: number, make?: (i: number) => Row): string[];
  /** A lead as stored (deleted ones included), or undefined. */
  lead(id: string): Row | undefined;
  /** Live leads, as the API would answer them. */
  leads(): Row[];
  notes(leadId?: string): Row[];
  emails(): Row[];
  /** E-mails created with status Sending (the fake's SMTP). */
  sentEmails(): Row[];
  fields(): Record<string, FieldDefs>;
  webhooks(): Row[];
  queuedWebhookItems(): number;
  createTargetList(name: string): string;
  targetListLeadIds(id: string): string[];
  /** A person working in EspoCRM's UI: their changes fire webhooks (skipOwn does not skip them). */
  ui: {
    create(values: Row): Row;
    update(id: string, values: Row): Row;
    delete(id: string): void;
    merge(targetId: string, sourceIds: string[], attributes?: Row): void;
  };
  setFaults(faults: EspoFault[]): void;
  addFault(fault: EspoFault): void;
  clearFaults(): void;
  /** Runs the webhook queue job now; every delivery made, in order. */
  flushWebhooks(): Promise<WebhookDelivery[]>;
  deliveries: WebhookDelivery[];
  resetLockout(): void;
  state: EspoState;
  close(): Promise<void>;
}

const CONTROLLERS = new Set([
  "App",
  "Metadata",
  "Admin",
  "MassAction",
  "Lead",
  "Note",
  "Email",
  "TargetList",
  "Webhook",
]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** EspoCRM's RequestWrapper: JSON only with a JSON content type, a top-level list as `{list}`. */
function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? "") || raw === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HttpError(500, "Syntax error");
  }
  return Array.isArray(parsed) ? { list: parsed } : parsed;
}

function searchParamsOf(query: Record<string, unknown>): SearchParams {
  let params: Record<string, unknown> = { ...query };
  if (typeof query.searchParams === "string") {
    try {
      params = { ...params, ...(JSON.parse(query.searchParams) as Record<string, unknown>) };
    } catch {
      throw badRequest("Bad searchParams.");
    }
  }
  if (params.where === undefined && params.whereGroup !== undefined) params.where = params.whereGroup;
  if (params.select === undefined && params.attributeSelect !== undefined)
    params.select = params.attributeSelect;
  if (params.orderBy === undefined && params.sortBy !== undefined) params.orderBy = params.sortBy;
  if (params.order === undefined && params.asc !== undefined) {
    params.order = params.asc === true || params.asc === "true" ? "asc" : "desc";
  }
  return params;
}

const userOut = (u: FakeUser) => ({
  id: u.id,
  userName: u.userName,
  name: u.name,
  type: u.type,
  isAdmin: u.type === "admin",
  emailAddress: u.emailAddress ?? null,
});

export async function startEspoFake(options: EspoFakeOptions = {}): Promise<EspoFake> {
  const clock = options.clock ?? (() => new Date());
  const credentials = {
    apiKey: options.apiKey ?? "espo-test-api-key",
    hmac: options.hmac ?? { key: "espo-test-hmac-key", secret: "espo-test-hmac-secret" },
    admin: options.admin ?? { user: "admin", password: "admin-password" },
    ui: { user: "claire", password: "claire-password", id: "5f1e0c0de0000c1a1" },
  };
  const users: FakeUser[] = [
    {
      id: "1",
      userName: credentials.admin.user,
      name: "Admin",
      type: "admin",
      password: credentials.admin.password,
    },
    {
      id: "5f1e0c0de0000a5e1",
      userName: "max-api",
      name: "M.A.X. (API)",
      type: "api",
      authMethod: "ApiKey",
      apiKey: credentials.apiKey,
    },
    {
      id: "5f1e0c0de0000a5e2",
      userName: "max-api-hmac",
      name: "M.A.X. (API HMAC)",
      type: "api",
      authMethod: "Hmac",
      apiKey: credentials.hmac.key,
      secretKey: credentials.hmac.secret,
    },
    {
      id: credentials.ui.id,
      userName: credentials.ui.user,
      name: "Claire Martin",
      type: "regular",
      password: credentials.ui.password,
      emailAddress: "claire@example.test",
    },
  ];
  const uiUser = users[3] as FakeUser;
  const state = new EspoState({
    clock,
    users,
    customPrefix: options.customPrefix ?? true,
    optimisticConcurrency: options.optimisticConcurrency ?? false,
    allowedFrom: options.allowedFrom ?? ["max@example.test"],
    deny: options.deny ?? {},
  });
  const auth = new Authenticator({
    users,
    clock,
    maxFailed: options.maxFailedAuth ?? 10,
    periodMs: options.failedAuthPeriodMs ?? 60_000,
  });
  const faults = new FaultPlan();
  faults.set(options.faults ?? []);
  const requests: FakeRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  let seq = 0;

  function metadata(key: unknown): unknown {
    const all: Row = { entityDefs: { Lead: { fields: state.fields } } };
    if (typeof key !== "string" || !key) return all;
    let node: unknown = all;
    for (const part of key.split(".")) {
      node = node && typeof node === "object" ? ((node as Row)[part] ?? null) : null;
    }
    return node;
  }

  function route(
    method: string,
    segments: string[],
    query: Record<string, unknown>,
    body: unknown,
    headers: IncomingMessage["headers"],
    user: FakeUser,
  ): unknown {
    const [controller = "", id, link, extra] = segments;
    const input = (body ?? {}) as Row;
    const is = (m: string, n: number) => method === m && segments.length === n;
    if (!CONTROLLERS.has(controller)) throw notFound(`Controller '${controller}' does not exist.`);
    switch (controller) {
      case "App":
        if (is("GET", 2) && id === "user") {
          return {
            user: userOut(user),
            acl: { table: {} },
            preferences: {},
            token: user.type === "api" ? null : auth.tokenFor(user),
            settings: {},
            language: "fr_FR",
            appParams: {},
          };
        }
        break;
      case "Metadata":
        if (is("GET", 1)) return metadata(query.key);
        break;
      case "Admin":
        if (user.type !== "admin") throw forbidden("");
        if (id === "fieldManager" && link) {
          if (is("POST", 3)) return state.createField(user, link, body);
          if (is("GET", 4) && extra) {
            const defs = state.fields[extra];
            if (!defs) throw notFound(`Field '${extra}' does not exist.`);
            return { ...defs, label: state.labels[extra] ?? extra };
          }
        }
        break;
      case "MassAction":
        if (is("POST", 1)) return state.massAction(user, input);
        break;
      case "Lead":
        if (is("GET", 1)) {
          const noTotal = headers["x-no-total"] === "true" || query.q !== undefined;
          return state.search(user, searchParamsOf(query), noTotal);
        }
        if (is("POST", 1)) {
          const skip = headers["x-skip-duplicate-check"] === "true";
          return state.createLead(user, body, { skipDuplicateCheck: skip });
        }
        if (is("POST", 3) && id === "action" && link === "merge") {
          state.mergeLeads(user, input.targetId, input.sourceIds, input.attributes);
          return true;
        }
        if (id && is("GET", 2)) return state.leadOut(state.readLead(user, id));
        if (id && (is("PUT", 2) || is("PATCH", 2))) {
          const v = headers["x-version-number"];
          const versionNumber = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
          return state.updateLead(user, id, body, versionNumber === undefined ? {} : { versionNumber });
        }
        if (id && is("DELETE", 2)) {
          state.deleteLead(user, id);
          return true;
        }
        if (id && is("GET", 3) && link === "stream") return leadStream(state, user, id, query);
        if (id && is("GET", 3) && link === "targetLists") {
          state.readLead(user, id);
          const list = [...state.targetListLeads.entries()]
            .filter(([, members]) => members.has(id))
            .map(([listId]) => state.targetLists.get(listId));
          return { total: list.length, list };
        }
        if (id && is("GET", 3)) throw notFound("Link does not exist.");
        break;
      case "Note":
        if (is("POST", 1)) return createNote(state, user, body);
        break;
      case "Email":
        if (is("POST", 1)) return createEmail(state, user, body);
        if (is("GET", 1)) return listEmails(state, user, query);
        if (id && is("GET", 2)) {
          const email = state.emails.get(id);
          if (!email) throw notFound(`Record ${id} does not exist.`);
          return email;
        }
        break;
      case "TargetList":
        if (is("POST", 1)) return createTargetList(state, user, body);
        if (id && is("GET", 2)) {
          const list = state.targetLists.get(id);
          if (!list) throw notFound(`Record ${id} does not exist.`);
          return list;
        }
        if (id && link === "leads" && is("GET", 3)) return targetListLeads(state, user, id);
        if (id && link === "leads" && is("POST", 3))
          return relateTargetListLeads(state, user, id, body, true);
        if (id && link === "leads" && is("DELETE", 3))
          return relateTargetListLeads(state, user, id, body, false);
        break;
      case "Webhook":
        if (is("POST", 1)) return createWebhook(state, user, body);
        if (is("GET", 1)) return listWebhooks(state, user);
        if (id && is("DELETE", 2)) return deleteWebhook(state, user, id);
        break;
    }
    throw badRequest(`Not implemented by the fake: ${method} /${segments.join("/")}`);
  }

  function send(res: ServerResponse, status: number, payload: unknown, reason?: string, extra?: Row) {
    if (res.destroyed || res.socket?.destroyed) return;
    const headers: Record<string, string> = {};
    if (reason) headers["X-Status-Reason"] = reason;
    for (const [k, v] of Object.entries(extra ?? {})) headers[k] = String(v);
    if (payload === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = phpJson(payload);
    headers["Content-Type"] = "application/json";
    res.writeHead(status, headers);
    res.end(text);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const method = req.method ?? "GET";
    if (!url.pathname.startsWith("/api/v1")) return send(res, 404, undefined);
    const resource = url.pathname.slice("/api/v1".length) || "/";
    const path = resource.startsWith("/") ? resource : `/${resource}`;
    const query = parsePhpQuery(url.search);
    const entry: FakeRequest = {
      seq: ++seq,
      method,
      path,
      query,
      headers: req.headers,
      body: null,
      auth: null,
      userName: null,
      status: null,
      fault: null,
    };
    requests.push(entry);

    const fault = faults.pick(`${method} ${path}`);
    if (fault) entry.fault = fault.mode;
    if (fault?.mode === "drop") {
      req.socket.destroy();
      return;
    }
    let raw: string;
    try {
      raw = await readRaw(req);
    } catch {
      return; // the client went away mid-body: nothing was applied
    }
    // The delay comes once the request is in: a client that times out meanwhile leaves a write
    // that is still applied, as with a slow server.
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.mode === "before") {
      entry.status = fault.status;
      return send(res, fault.status, undefined, "Service Unavailable (injected before)");
    }
    let status = 200;
    let payload: unknown;
    let reason: string | undefined;
    let extra: Row | undefined;
    try {
      const body = parseBody(raw, req.headers["content-type"]);
      entry.body = body;
      const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
      if (segments.length === 0 && method === "GET") {
        payload = "EspoCRM REST API";
      } else {
        const ip = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
        const who = auth.authenticate(req.headers, method, path, ip);
        entry.auth = who.method;
        entry.userName = who.user.userName;
        payload = route(method, segments, query, body, req.headers, who.user);
      }
    } catch (error) {
      if (error instanceof NoCredentials) {
        status = 401;
        payload = undefined;
        const browserish = req.headers.referer || req.headers["x-requested-with"] === "XMLHttpRequest";
        if (method !== "POST" && !browserish) extra = { "WWW-Authenticate": 'Basic realm=""' };
      } else if (error instanceof HttpError) {
        status = error.status;
        reason = error.reason;
        payload = error.body;
      } else {
        status = 500;
        reason = (error as Error).message;
        payload = undefined;
      }
    }
    if (fault?.mode === "drop-after") {
      req.socket.destroy();
      return;
    }
    if (fault?.mode === "after") {
      entry.status = fault.status;
      return send(res, fault.status, undefined, "Service Unavailable (injected after)");
    }
    entry.status = status;
    send(res, status, payload, reason, extra);
  });
  server.keepAliveTimeout = 1_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const siteUrl = `http://127.0.0.1:${port}`;

  return {
    siteUrl,
    apiUrl: `${siteUrl}/api/v1/`,
    credentials,
    requests,
    requestsMatching: (re) => requests.filter((r) => re.test(`${r.method} ${r.path}`)),
    seedLeads: (n, make) => state.seedLeads(n, make, users[1]),
    lead: (id) => state.leads.get(id),
    leads: () => [...state.leads.values()].filter((l) => !l.deleted).map((l) => state.leadOut(l)),
    notes: (leadId) => state.notes.filter((n) => leadId === undefined || n.parentId === leadId),
    emails: () => [...state.emails.values()],
    sentEmails: () => [...state.sentEmails],
    fields: () => state.fields,
    webhooks: () => [...state.webhooks.values()],
    queuedWebhookItems: () => state.queue.length,
    createTargetList: (name) => String(createTargetList(state, users[0] as FakeUser, { name }).id),
    targetListLeadIds: (id) => [...(state.targetListLeads.get(id) ?? [])],
    ui: {
      create: (values) => state.createLead(uiUser, values, { skipDuplicateCheck: true }),
      update: (id, values) => state.updateLead(uiUser, id, values),
      delete: (id) => state.deleteLead(uiUser, id),
      merge: (targetId, sourceIds, attributes) =>
        state.mergeLeads(uiUser, targetId, sourceIds, attributes ?? {}),
    },
    setFaults: (list) => faults.set(list),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    flushWebhooks: async () => {
      const made = await flushWebhooks(state, {
        batchSize: options.webhookBatchSize ?? 50,
        timeoutMs: options.webhookTimeoutMs ?? 5_000,
      });
      deliveries.push(...made);
      return made;
    },
    deliveries,
    resetLockout: () => auth.resetLockout(),
    state,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
