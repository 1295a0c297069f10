// The fake's other entity types, as far as M.A.X. uses them: stream posts on a lead (Note), e-mails
// (a Draft stays put, Sending goes to an outbox: no SMTP), target lists with their leads, and webhook
// registrations. Same rules as EspoCRM's hooks: a post needs a readable parent, a non-admin's `from`
// must be an allowed sender, a webhook needs a supported event.
import { badRequest, forbidden, notFound, validationFailure } from "./errors.js";
import { intval } from "./php.js";
import type { AttributeDef } from "./schema.js";
import { type EspoState, type FakeUser, personName, type Row } from "./state.js";
import { compileWhere, orderRows } from "./where.js";

const EMAIL_STATUSES = ["Draft", "Sending", "Sent", "Archived", "Failed"];
const MAX_WEBHOOKS_PER_USER = 50;

const objectOf = (input: unknown): Row =>
  input && typeof input === "object" && !Array.isArray(input) ? (input as Row) : {};

export function createNote(state: EspoState, actor: FakeUser, input: unknown): Row {
  const body = objectOf(input);
  state.checkAccess(actor, "Note", "create");
  const lead = body.parentType === "Lead" ? state.leads.get(String(body.parentId)) : undefined;
  if (!lead || lead.deleted) throw forbidden("No access to parent.");
  // `type` is read-only for non-admins: always a Post.
  const type = actor.type === "admin" && typeof body.type === "string" ? body.type : "Post";
  const post = typeof body.post === "string" ? body.post : null;
  return state.addNote(actor, lead, type, {}, post);
}

export function leadStream(state: EspoState, actor: FakeUser, leadId: string, query: Row) {
  state.readLead(actor, leadId);
  const all = state.notes
    .filter((n) => n.parentType === "Lead" && n.parentId === leadId)
    .sort((a, b) => Number(b.number) - Number(a.number));
  const maxSize = query.maxSize === undefined ? 20 : intval(query.maxSize);
  if (maxSize > 200) throw forbidden("Max size should not exceed 200. Use offset and limit.");
  const offset = intval(query.offset);
  return { total: all.length, list: all.slice(offset, offset + maxSize), pinnedList: [] };
}

const stripTags = (html: string) =>
  html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .trim();

export function createEmail(state: EspoState, actor: FakeUser, input: unknown): Row {
  const body = objectOf(input);
  state.checkAccess(actor, "Email", "create");
  const status = body.status === undefined ? "Archived" : body.status;
  const name = body.name ?? body.subject;
  if (typeof name !== "string" || !name.trim()) throw validationFailure("Email", "name", "required");
  if (typeof body.from !== "string" || !body.from.trim())
    throw validationFailure("Email", "from", "required");
  if (typeof status !== "string" || !EMAIL_STATUSES.includes(status)) {
    throw validationFailure("Email", "status", "valid");
  }
  const to = typeof body.to === "string" ? body.to.trim() : "";
  if (!to && status !== "Draft" && status !== "Sending") throw validationFailure("Email", "to", "required");
  if (body.sendAt !== undefined && body.sendAt !== null && status !== "Draft") {
    throw validationFailure("Email", "sendAt", "valid");
  }
  const from = body.from.trim();
  if (
    actor.type !== "admin" &&
    !state.options.allowedFrom.some((a) => a.toLowerCase() === from.toLowerCase())
  ) {
    throw forbidden("Not allowed 'from' address.");
  }
  let parentName: string | null = null;
  if (body.parentId !== undefined && body.parentId !== null) {
    const lead = body.parentType === "Lead" ? state.leads.get(String(body.parentId)) : undefined;
    if (!lead || lead.deleted) {
      throw forbidden("Can't relate with non-existing record. entity type: Email, link: parent.", {
        messageTranslation: { label: "cannotRelateNonExisting", scope: null, data: { link: "parent" } },
      });
    }
    parentName = personName(lead);
  }
  if (status === "Sending" && !to) throw badRequest("Empty To address.");
  const isHtml = body.isHtml === undefined ? true : body.isHtml === true;
  const text = typeof body.body === "string" ? body.body : "";
  const now = state.stamp();
  const email: Row = {
    id: state.newId(),
    name,
    subject: name,
    body: text,
    bodyPlain: isHtml ? stripTags(text) : text,
    isHtml,
    status: status === "Sending" ? "Sent" : status,
    from,
    to: to || null,
    cc: typeof body.cc === "string" ? body.cc : null,
    parentType: body.parentId ? "Lead" : null,
    parentId: body.parentId ?? null,
    parentName,
    sendAt: body.sendAt ?? null,
    dateSent: status === "Sending" ? now : null,
    createdAt: now,
    modifiedAt: now,
    createdById: actor.id,
  };
  state.emails.set(String(email.id), email);
  if (status === "Sending") state.sentEmails.push(email);
  return email;
}

const EMAIL_ATTRIBUTES: ReadonlyArray<[string, string]> = [
  ["id", "id"],
  ["name", "varchar"],
  ["subject", "varchar"],
  ["body", "text"],
  ["status", "enum"],
  ["from", "varchar"],
  ["parentType", "varchar"],
  ["parentId", "id"],
  ["createdById", "id"],
  ["createdAt", "datetime"],
];

/** `GET Email` (newest first by default): what a client looks in before creating a draft again. */
export function listEmails(state: EspoState, actor: FakeUser, query: Row) {
  state.checkAccess(actor, "Email", "read");
  const attributes = new Map<string, AttributeDef>(
    EMAIL_ATTRIBUTES.map(([name, type]) => [
      name,
      { name, field: name, type, defs: { type }, writable: false },
    ]),
  );
  const predicate = compileWhere(query.where, { attributes, now: state.now(), linked: () => null });
  const maxSize = query.maxSize === undefined ? 20 : intval(query.maxSize);
  if (maxSize > 200) throw forbidden("Max size should not exceed 200. Use offset and limit.");
  const rows = orderRows([...state.emails.values()].filter(predicate), "createdAt", true);
  const offset = intval(query.offset);
  return { total: rows.length, list: rows.slice(offset, offset + maxSize) };
}

export function createTargetList(state: EspoState, actor: FakeUser, input: unknown): Row {
  const body = objectOf(input);
  state.checkAccess(actor, "TargetList", "create");
  if (typeof body.name !== "string" || !body.name.trim())
    throw validationFailure("TargetList", "name", "required");
  const now = state.stamp();
  const list: Row = {
    id: state.newId(),
    name: body.name,
    createdAt: now,
    modifiedAt: now,
    createdById: actor.id,
  };
  state.targetLists.set(String(list.id), list);
  state.targetListLeads.set(String(list.id), new Set());
  return list;
}

/** `POST|DELETE TargetList/{id}/leads` with `{id}`, `{ids}` or `{massRelate, where}`. */
export function relateTargetListLeads(
  state: EspoState,
  actor: FakeUser,
  listId: string,
  input: unknown,
  add: boolean,
) {
  const body = objectOf(input);
  state.checkAccess(actor, "TargetList", "edit");
  const members = state.targetListLeads.get(listId);
  if (!members) throw notFound(`Record ${listId} not found.`);
  let ids: string[];
  if (body.massRelate === true && add) {
    ids = state.search(actor, { where: body.where, maxSize: 200 }, false).list.map((l) => String(l.id));
  } else if (Array.isArray(body.ids)) ids = body.ids.map(String);
  else if (typeof body.id === "string") ids = [body.id];
  else return false;
  for (const id of ids) {
    const lead = state.leads.get(id);
    if (!lead || lead.deleted) throw notFound(`Record ${id} not found.`);
  }
  for (const id of ids) add ? members.add(id) : members.delete(id);
  return true;
}

export function targetListLeads(state: EspoState, actor: FakeUser, listId: string) {
  state.checkAccess(actor, "TargetList", "read");
  const members = state.targetListLeads.get(listId);
  if (!members) throw notFound(`Record ${listId} does not exist.`);
  const list = [...members]
    .map((id) => state.leads.get(id))
    .filter((l): l is Row => !!l && !l.deleted)
    .map((l) => ({ ...state.leadOut(l), targetListIsOptedOut: false }));
  return { total: list.length, list };
}

export function createWebhook(state: EspoState, actor: FakeUser, input: unknown): Row {
  const body = objectOf(input);
  if (actor.type === "regular") throw forbidden("No create access.");
  const event = typeof body.event === "string" ? body.event : "";
  const m = /^Lead\.(create|update|delete|fieldUpdate\.([A-Za-z0-9]+))$/.exec(event);
  if (!m) throw forbidden("Not supported event.");
  if (m[2] && !state.fields[m[2]]) throw forbidden("Field does not exist.");
  if (typeof body.url !== "string" || !body.url.trim()) throw validationFailure("Webhook", "url", "required");
  const own = [...state.webhooks.values()].filter((w) => w.userId === actor.id);
  if (own.length >= MAX_WEBHOOKS_PER_USER) throw forbidden("Too many webhooks for a user.");
  const now = state.stamp();
  const hook: Row = {
    id: state.newId(),
    event,
    url: body.url.trim(),
    isActive: body.isActive === undefined ? true : body.isActive === true,
    userId: actor.id,
    userName: actor.name,
    entityType: "Lead",
    type: m[2] ? "fieldUpdate" : m[1],
    field: m[2] ?? null,
    secretKey: state.secretKey(),
    skipOwn: body.skipOwn === true,
    createdAt: now,
    modifiedAt: now,
  };
  state.webhooks.set(String(hook.id), hook);
  return hook;
}

export function deleteWebhook(state: EspoState, actor: FakeUser, id: string): boolean {
  const hook = state.webhooks.get(id);
  if (!hook || (actor.type !== "admin" && hook.userId !== actor.id))
    throw notFound(`Record ${id} not found.`);
  state.webhooks.delete(id);
  for (let i = state.queue.length - 1; i >= 0; i--)
    if (state.queue[i]?.webhookId === id) state.queue.splice(i, 1);
  return true;
}

export function listWebhooks(state: EspoState, actor: FakeUser) {
  const list = [...state.webhooks.values()].filter((w) => actor.type === "admin" || w.userId === actor.id);
  return { total: list.length, list };
}
