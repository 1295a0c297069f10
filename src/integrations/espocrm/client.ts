// The one client for a tenant's EspoCRM REST API (`{site}/api/v1/`): typed calls for what the sync
// needs, each made once, with its failure classified as an EspoError (see errors.ts). Nothing is
// retried here, least of all a 401 (failed logins lock the IP out): what is worth another try and
// when is the caller's (the outbox's backoff, the importer's next page). Records go out as JSON with
// `Content-Type: application/json` (EspoCRM ignores any other body); API calls are signed with the
// API user's key or HMAC secret, the field manager's with the admin user's password.
import { adminAuthHeaders, apiAuthHeaders, resourcePath } from "./auth.js";
import { toEspoDateTime } from "./datetime.js";
import { EspoError, errorFromException, errorFromResponse } from "./errors.js";
import { phpQuery } from "./query.js";
import type {
  EspoEmail,
  EspoFieldDefs,
  EspoLead,
  EspoLeadValues,
  EspoList,
  EspoListParams,
  EspoNewField,
  EspoNote,
  EspoUser,
  EspoWebhook,
  EspoWebhookEvent,
  EspoWhere,
} from "./types.js";

export type Clock = () => Date;

export interface EspoClientOptions {
  /** The site, e.g. `https://crm.example.fr` (a URL already ending in /api/v1 is accepted too). */
  url: string;
  /** The API user's key (an API user is never an admin). */
  apiKey: string;
  /** With it, API calls are HMAC-signed instead of carrying the key. */
  hmacSecret?: string;
  /** An admin user, needed only for the field manager. */
  admin?: { user: string; password: string };
  fetch?: typeof fetch;
  clock?: Clock;
  /** Per call, connection to last byte. */
  timeoutMs: number;
}

/** Where a walk through leads by modifiedAt stands: the last lead seen. */
export interface LeadCursor {
  modifiedAt: string;
  id: string;
}

export interface LeadPage {
  list: EspoLead[];
  /** Leads left from this page on (this page included), as counted when it was read. */
  remaining: number;
  /** The last lead of this page, or the cursor given when the page is empty. */
  cursor: LeadCursor | null;
  /** When the page was asked for, by the client's clock. */
  fetchedAt: Date;
}

export interface MassUpdateResult {
  count: number;
  ids: string[];
}

/** The largest page EspoCRM serves (recordListMaxSizeLimit); 201 is a 403. */
export const ESPO_MAX_PAGE = 200;

/** `https://crm.example.fr`, `…/`, `…/api/v1` → `https://crm.example.fr/api/v1/`. */
export function espoApiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return /\/api\/v1$/.test(trimmed) ? `${trimmed}/` : `${trimmed}/api/v1/`;
}

/**
 * The name the field manager gave a field asked for as `name`: `cName` (8.2+), or `name` (older
 * versions, or the prefix turned off).
 */
export function storedFieldName(fields: Record<string, unknown>, name: string): string | null {
  const prefixed = `c${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (prefixed in fields) return prefixed;
  return name in fields ? name : null;
}

/** The field manager's own rule, checked before asking (EspoCRM answers a bad name with a 500). */
const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,49}$/;

/** Where items that continue after `cursor` in (modifiedAt, id) order: keyset paging, no offset drift. */
export function afterCursor(cursor: LeadCursor): EspoWhere {
  return {
    type: "or",
    value: [
      { type: "after", attribute: "modifiedAt", value: cursor.modifiedAt },
      {
        type: "and",
        value: [
          { type: "equals", attribute: "modifiedAt", value: cursor.modifiedAt },
          { type: "greaterThan", attribute: "id", value: cursor.id },
        ],
      },
    ],
  };
}

type As = "api" | "admin";

export function espoClient(options: EspoClientOptions) {
  const base = espoApiBase(options.url);
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? (() => new Date());

  async function request<T>(
    method: string,
    path: string,
    init: { query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string>; as?: As } = {},
  ): Promise<T> {
    const resource = resourcePath(path);
    const auth =
      init.as === "admin"
        ? options.admin
          ? adminAuthHeaders(options.admin.user, options.admin.password)
          : null
        : apiAuthHeaders({ apiKey: options.apiKey, hmacSecret: options.hmacSecret }, method, resource);
    if (!auth) {
      throw new EspoError({
        code: "forbidden",
        method,
        path: resource,
        status: null,
        reason: "admin credentials required",
      });
    }
    const qs = init.query ? phpQuery(init.query) : "";
    const headers: Record<string, string> = { accept: "application/json", ...auth, ...init.headers };
    let body: string | undefined;
    if (init.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.body);
    }
    let status: number;
    let reason: string | null;
    let text: string;
    try {
      const res = await doFetch(`${base}${resource.slice(1)}${qs ? `?${qs}` : ""}`, {
        method,
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = res.status;
      reason = res.headers.get("x-status-reason");
      // Read in full: it frees the connection, and a cut body is a dropped connection too.
      text = await res.text();
    } catch (error) {
      throw errorFromException(method, resource, error);
    }
    if (status < 200 || status > 299) throw errorFromResponse(method, resource, status, reason, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new EspoError({ code: "unexpected", method, path: resource, status, reason: "body is not JSON" });
    }
  }

  const listLeads = (params: EspoListParams = {}) =>
    request<EspoList<EspoLead>>("GET", "Lead", {
      query: {
        maxSize: params.maxSize,
        offset: params.offset,
        orderBy: params.orderBy,
        order: params.order,
        select: params.select?.join(","),
        where: params.where,
        textFilter: params.textFilter,
        primaryFilter: params.primaryFilter,
      },
    });

  const createLead = (values: EspoLeadValues, opts: { skipDuplicateCheck?: boolean } = {}) =>
    request<EspoLead>("POST", "Lead", {
      body: values,
      headers: opts.skipDuplicateCheck ? { "X-Skip-Duplicate-Check": "true" } : {},
    });

  const leadFields = async (scope = "Lead") => {
    const answer = await request<unknown>("GET", "Metadata", {
      query: { key: `entityDefs.${scope}.fields` },
    });
    // Before 8.2 the key is ignored and the whole metadata comes back.
    const whole = answer as { entityDefs?: Record<string, { fields?: unknown }> } | null;
    const fields = whole?.entityDefs ? whole.entityDefs[scope]?.fields : answer;
    return (fields ?? {}) as Record<string, EspoFieldDefs>;
  };

  const massUpdate = (
    target: { ids: string[] } | { where: EspoWhere[] },
    values: Record<string, unknown>,
    actions?: Record<string, "update" | "add" | "remove">,
  ) =>
    request<MassUpdateResult>("POST", "MassAction", {
      body: {
        entityType: "Lead",
        action: "update",
        params: target,
        data: { values, ...(actions ? { actions } : {}) },
      },
    });

  return {
    apiBase: base,

    /** The API user (checks the key or signature). */
    whoAmI: async () => (await request<{ user: EspoUser }>("GET", "App/user")).user,
    /** The admin user (checks the admin credentials). */
    adminWhoAmI: async () => (await request<{ user: EspoUser }>("GET", "App/user", { as: "admin" })).user,

    listLeads,

    /**
     * Every lead modified after `since` (all of them without it), oldest change first, page by page.
     * Pages continue from the last lead seen rather than by offset, so a lead changed meanwhile is
     * neither skipped nor shifts the others: it comes again later, with its new modifiedAt.
     */
    async *pageLeadsByModifiedAt(
      opts: { since?: LeadCursor | null; pageSize?: number; select?: string[]; where?: EspoWhere[] } = {},
    ): AsyncGenerator<LeadPage> {
      const size = Math.min(Math.max(1, opts.pageSize ?? ESPO_MAX_PAGE), ESPO_MAX_PAGE);
      let cursor = opts.since ?? null;
      for (;;) {
        const fetchedAt = clock();
        const page = await listLeads({
          maxSize: size,
          orderBy: "modifiedAt",
          order: "asc",
          ...(opts.select ? { select: [...opts.select, "modifiedAt"] } : {}),
          where: [...(opts.where ?? []), ...(cursor ? [afterCursor(cursor)] : [])],
        });
        const last = page.list.at(-1);
        if (last) cursor = { modifiedAt: String(last.modifiedAt), id: last.id };
        yield { list: page.list, remaining: page.total, cursor, fetchedAt };
        if (page.list.length < size) return;
      }
    },

    getLead: (id: string) => request<EspoLead>("GET", `Lead/${encodeURIComponent(id)}`),

    /** A 409 `duplicate` (same name or e-mail) unless `skipDuplicateCheck`. */
    createLead,

    /**
     * Creates the lead unless one matching `lookup` exists already: how a create is retried after a
     * failure that may have been applied (a 503 after the commit, a dropped connection).
     */
    async ensureLead(
      values: EspoLeadValues,
      opts: { lookup: EspoWhere[]; skipDuplicateCheck?: boolean },
    ): Promise<{ lead: EspoLead; created: boolean }> {
      const found = await listLeads({ where: opts.lookup, maxSize: 1, orderBy: "createdAt", order: "asc" });
      const existing = found.list[0];
      if (existing) return { lead: existing, created: false };
      return { lead: await createLead(values, opts), created: true };
    },

    /** Partial update; with `versionNumber`, a 409 `conflict_modified` if the lead changed since. */
    updateLead: (id: string, values: EspoLeadValues, opts: { versionNumber?: number } = {}) =>
      request<EspoLead>("PATCH", `Lead/${encodeURIComponent(id)}`, {
        body: values,
        headers: opts.versionNumber === undefined ? {} : { "X-Version-Number": String(opts.versionNumber) },
      }),

    deleteLead: async (id: string) => {
      await request<boolean>("DELETE", `Lead/${encodeURIComponent(id)}`);
    },

    massUpdateLeads: massUpdate,

    /** Adds tags to an array field without reading it first (no read-modify-write race). */
    addLeadTags: (ids: string[], tags: string[], field = "cTags") =>
      massUpdate({ ids }, { [field]: tags }, { [field]: "add" }),
    removeLeadTags: (ids: string[], tags: string[], field = "cTags") =>
      massUpdate({ ids }, { [field]: tags }, { [field]: "remove" }),

    /** A post in the lead's stream (M.A.X.'s log of what it did). */
    postNote: (leadId: string, post: string) =>
      request<EspoNote>("POST", "Note", {
        body: { type: "Post", parentType: "Lead", parentId: leadId, post },
      }),

    /** Newest first. */
    leadStream: (leadId: string, opts: { maxSize?: number; offset?: number } = {}) =>
      request<EspoList<EspoNote>>("GET", `Lead/${encodeURIComponent(leadId)}/stream`, {
        query: { maxSize: opts.maxSize, offset: opts.offset },
      }),

    /** An HTML e-mail saved as a draft on the lead (not sent). `from` must be an allowed sender. */
    createEmailDraft: (draft: {
      subject: string;
      html: string;
      from: string;
      to?: string[];
      /** The lead it is about; none for a newsletter written for a segment. */
      parentId?: string;
      parentType?: string;
    }) =>
      request<EspoEmail>("POST", "Email", {
        body: {
          status: "Draft",
          isHtml: true,
          name: draft.subject,
          body: draft.html,
          from: draft.from,
          ...(draft.to?.length ? { to: draft.to.join(";") } : {}),
          ...(draft.parentId ? { parentType: draft.parentType ?? "Lead", parentId: draft.parentId } : {}),
        },
      }),

    /** E-mails, newest first: where a draft written before a failure is looked for. */
    listEmails: (params: { where?: EspoWhere[]; maxSize?: number; select?: string[] } = {}) =>
      request<EspoList<EspoEmail>>("GET", "Email", {
        query: { maxSize: params.maxSize, where: params.where, select: params.select?.join(",") },
      }),

    addLeadsToTargetList: async (targetListId: string, leadIds: string[]) => {
      await request<boolean>("POST", `TargetList/${encodeURIComponent(targetListId)}/leads`, {
        body: { ids: leadIds },
      });
    },

    /** `entityDefs.Lead.fields`: custom ones carry `isCustom` and, since 8.2, a `c` prefix. */
    leadFields,

    /**
     * Creates a custom field (admin only) and finds out the name it was stored under, which the
     * answer leaves out: `incoterm` becomes `cIncoterm` on 8.2+. A 409 `conflict` if it exists.
     */
    async createField(
      field: EspoNewField,
      scope = "Lead",
    ): Promise<{ storedName: string | null; defs: Record<string, unknown> }> {
      if (!FIELD_NAME.test(field.name)) {
        throw new EspoError({
          code: "bad_request",
          method: "POST",
          path: `/Admin/fieldManager/${scope}`,
          status: null,
          reason: "field name must start with a lower-case letter, letters and digits only, 50 at most",
        });
      }
      const defs = await request<Record<string, unknown>>("POST", `Admin/fieldManager/${scope}`, {
        body: field,
        as: "admin",
      });
      return { storedName: storedFieldName(await leadFields(scope), field.name), defs };
    },

    /** Registers a webhook; keep the answer's id and secretKey to verify its deliveries. */
    registerWebhook: (hook: { event: EspoWebhookEvent; url: string; skipOwn?: boolean }) =>
      request<EspoWebhook>("POST", "Webhook", { body: hook }),

    deleteWebhook: async (id: string) => {
      await request<boolean>("DELETE", `Webhook/${encodeURIComponent(id)}`);
    },

    /** EspoCRM's way to write a datetime, for where items and values. */
    dateTime: (date: Date = clock()) => toEspoDateTime(date),
  };
}

export type EspoClient = ReturnType<typeof espoClient>;
