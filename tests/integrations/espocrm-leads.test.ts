// Leads through the EspoCRM client against the loopback fake: records as EspoCRM answers them,
// validation, duplicates, optimistic concurrency, the 200-row page, paging 2,000 leads by modifiedAt,
// and where filters written as PHP-style bracketed query parameters.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  afterCursor,
  type EspoError,
  type EspoLead,
  espoClient,
  fromEspoDateTime,
  type LeadCursor,
  toEspoDateTime,
} from "../../src/integrations/espocrm/index.js";
import { phpQuery } from "../../src/integrations/espocrm/query.js";
import { type EspoFake, parsePhpQuery, startEspoFake } from "../helpers/espocrm-fake.js";

const START = Date.parse("2026-11-16T10:00:00Z");
let now = START;
const clock = () => new Date(now);
let fake: EspoFake;
let fakeOcc: EspoFake;
const clientOf = (f: EspoFake) =>
  espoClient({ url: f.siteUrl, apiKey: f.credentials.apiKey, timeoutMs: 5_000, clock });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as EspoError,
  );
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

beforeAll(async () => {
  fake = await startEspoFake({ clock });
  fakeOcc = await startEspoFake({ clock, optimisticConcurrency: true });
});
afterAll(async () => {
  await fake.close();
  await fakeOcc.close();
});
beforeEach(() => {
  fake.state.leads.clear();
  fake.requests.length = 0;
  now = START;
});

describe("EspoCRM datetimes and query strings", () => {
  it("writes and reads YYYY-MM-DD HH:mm:ss in UTC", () => {
    expect(toEspoDateTime(new Date("2026-11-16T10:00:00.900Z"))).toBe("2026-11-16 10:00:00");
    expect(fromEspoDateTime("2026-11-16 10:00:00")?.toISOString()).toBe("2026-11-16T10:00:00.000Z");
    expect(fromEspoDateTime("2026-11-16T10:00:00Z")).toBeNull();
    expect(fromEspoDateTime(null)).toBeNull();
  });

  it("nests where items as PHP bracketed names, which the fake reads back like parse_str", () => {
    const where = [
      { type: "in", attribute: "status", value: ["New", "In Process"] },
      {
        type: "or",
        value: [
          { type: "isNull", attribute: "phoneNumber" },
          afterCursor({ modifiedAt: "2026-11-16 10:00:00", id: "a" }),
        ],
      },
    ];
    const qs = phpQuery({ maxSize: 10, where, select: "id,status", nothing: undefined, none: null });
    expect(qs).toContain("where[0][value][1]=In%20Process");
    expect(qs).not.toContain("nothing");
    expect(parsePhpQuery(`?${qs}`)).toEqual({
      maxSize: "10",
      where: JSON.parse(JSON.stringify(where)),
      select: "id,status",
    });
    // PHP decodes encoded brackets and `[]` appends.
    expect(parsePhpQuery("?a%5B0%5D%5Bx%5D=1&b[]=p&b[]=q")).toEqual({ a: [{ x: "1" }], b: ["p", "q"] });
  });
});

describe("EspoCRM leads", () => {
  it("creates a lead and answers the whole record: 200, datetimes in UTC, unknown and system attributes dropped", async () => {
    const client = clientOf(fake);
    const lead = await client.createLead({
      firstName: "Zoé",
      lastName: "Durand",
      accountName: "Atelier Zoé",
      emailAddress: "zoe@example.test",
      phoneNumber: "+33612345678",
      source: "Web Site",
      statut_b2b: "devis_envoye",
      createdAt: "2001-01-01 00:00:00",
      id: "mine",
    } as never);
    expect(lead.id).toMatch(/^[0-9a-f]{17}$/);
    expect(lead).toMatchObject({ name: "Zoé Durand", status: "New", createdAt: "2026-11-16 10:00:00" });
    expect(lead.modifiedAt).toMatch(DATETIME);
    expect(lead).not.toHaveProperty("statut_b2b");
    // Read back: the unknown attribute did nothing.
    const again = await client.getLead(lead.id);
    expect(again).toEqual(lead);
    expect(fake.requestsMatching(/^POST \/Lead$/)[0]?.headers["content-type"]).toBe("application/json");
  });

  it("validates: phones in E.164, enum values exactly, e-mail addresses, names without <>=", async () => {
    const client = clientOf(fake);
    const phone = await caught(client.createLead({ lastName: "A", phoneNumber: "06 12 34 56 78" }));
    expect(phone).toMatchObject({
      code: "validation",
      status: 400,
      field: "phoneNumber",
      validationType: "valid",
    });
    expect(phone.reason).toBe("Field validation failure; entityType: Lead, field: phoneNumber, type: valid.");
    expect(await caught(client.createLead({ lastName: "A", status: "Hot" }))).toMatchObject({
      field: "status",
      validationType: "valid",
    });
    expect(await caught(client.createLead({ emailAddress: "not-an-address" }))).toMatchObject({
      field: "emailAddress",
      validationType: "emailAddress",
    });
    expect(await caught(client.createLead({ lastName: "<b>" }))).toMatchObject({ validationType: "pattern" });
    expect(fake.leads()).toHaveLength(0);
    // Update validates only what it is given.
    const lead = await client.createLead({ lastName: "Valide" });
    const bad = await caught(client.updateLead(lead.id, { status: "In Process", phoneNumber: "0612" }));
    expect(bad).toMatchObject({ code: "validation", field: "phoneNumber" });
    expect((await client.getLead(lead.id)).status).toBe("New");
  });

  it("refuses a duplicate (same name, or same e-mail in any case) with up to 5 matches, unless told to skip", async () => {
    const client = clientOf(fake);
    const first = await client.createLead({
      firstName: "Jean",
      lastName: "Dupont",
      emailAddress: "jd@example.test",
    });
    const byEmail = await caught(client.createLead({ lastName: "Autre", emailAddress: "JD@Example.test" }));
    expect(byEmail).toMatchObject({ code: "duplicate", status: 409, reason: "duplicate", retryable: false });
    expect(byEmail.matches?.map((m) => m.id)).toEqual([first.id]);
    const byName = await caught(client.createLead({ firstName: "jean", lastName: "DUPONT" }));
    expect(byName.code).toBe("duplicate");
    const skipped = await client.createLead(
      { firstName: "Jean", lastName: "Dupont" },
      { skipDuplicateCheck: true },
    );
    expect(skipped.id).not.toBe(first.id);
    expect(fake.requestsMatching(/^POST \/Lead$/).at(-1)?.headers["x-skip-duplicate-check"]).toBe("true");
    fake.seedLeads(6, () => ({ firstName: "Marie", lastName: "Martin", emailAddress: null }));
    const many = await caught(client.createLead({ firstName: "Marie", lastName: "Martin" }));
    expect(many.matches).toHaveLength(5);
  });

  it("looks before creating: ensureLead finds the lead a lost answer had created", async () => {
    const client = clientOf(fake);
    const lookup = [{ type: "equals", attribute: "emailAddress", value: "once@example.test" }];
    const made = await client.ensureLead({ lastName: "Once", emailAddress: "once@example.test" }, { lookup });
    expect(made.created).toBe(true);
    const again = await client.ensureLead(
      { lastName: "Once", emailAddress: "once@example.test" },
      { lookup },
    );
    expect(again).toMatchObject({ created: false, lead: { id: made.lead.id } });
    expect(fake.requestsMatching(/^POST \/Lead$/)).toHaveLength(1);
    expect(fake.leads()).toHaveLength(1);
  });

  it("updates only what it is given and moves modifiedAt; deletes softly (then 404)", async () => {
    const client = clientOf(fake);
    const lead = await client.createLead({ firstName: "Paul", lastName: "Petit", accountName: "Petit SARL" });
    now += 65_000;
    const updated = await client.updateLead(lead.id, { status: "In Process" });
    expect(updated).toMatchObject({
      status: "In Process",
      accountName: "Petit SARL",
      modifiedAt: "2026-11-16 10:01:05",
    });
    expect(updated.createdAt).toBe(lead.createdAt);
    expect(fake.requestsMatching(/^PATCH /)).toHaveLength(1);
    await client.deleteLead(lead.id);
    expect(fake.lead(lead.id)?.deleted).toBe(true);
    expect(await caught(client.getLead(lead.id))).toMatchObject({ code: "not_found", status: 404 });
    expect(await caught(client.deleteLead(lead.id))).toMatchObject({ code: "not_found" });
    expect(await caught(client.updateLead(lead.id, { status: "Dead" }))).toMatchObject({
      code: "not_found",
      reason: `Record ${lead.id} not found.`,
    });
  });

  it("with optimistic concurrency on, a stale X-Version-Number is a 409 modified with the current values", async () => {
    const client = clientOf(fakeOcc);
    const lead = await client.createLead({ lastName: "Versionné" }, { skipDuplicateCheck: true });
    expect(lead.versionNumber).toBe(1);
    const v2 = await client.updateLead(lead.id, { status: "Assigned" }, { versionNumber: 1 });
    expect(v2.versionNumber).toBe(2);
    const stale = await caught(client.updateLead(lead.id, { status: "Dead" }, { versionNumber: 1 }));
    expect(stale).toMatchObject({
      code: "conflict_modified",
      status: 409,
      current: { values: { status: "Assigned" }, versionNumber: 2 },
      retryable: false,
    });
    expect(fakeOcc.requestsMatching(/^PATCH /).at(-1)?.headers["x-version-number"]).toBe("1");
    // Without the header: last write wins.
    await expect(client.updateLead(lead.id, { status: "Dead" })).resolves.toMatchObject({ versionNumber: 3 });
  });

  it("serves at most 200 rows a page: maxSize 201 is a 403", async () => {
    const client = clientOf(fake);
    fake.seedLeads(250);
    await expect(client.listLeads({ maxSize: 200 })).resolves.toMatchObject({ total: 250 });
    const error = await caught(client.listLeads({ maxSize: 201 }));
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
    expect(error.reason).toBe("Max size should not exceed 200. Use offset and limit.");
    // No maxSize: 200 by default.
    expect((await client.listLeads()).list).toHaveLength(200);
  });

  it("pages 2,000 leads by modifiedAt, 200 at a time, each once and in order, ties broken by id", async () => {
    const client = clientOf(fake);
    // Many leads share a second; modifiedAt is not in id order.
    const ids = fake.seedLeads(2_000, (i) => {
      const at = toEspoDateTime(new Date(START - ((i * 7919) % 600) * 1_000));
      return { createdAt: at, modifiedAt: at };
    });
    const seen: EspoLead[] = [];
    let firstRemaining = 0;
    for await (const page of client.pageLeadsByModifiedAt()) {
      if (seen.length === 0) firstRemaining = page.remaining;
      seen.push(...page.list);
      expect(page.fetchedAt.getTime()).toBe(now);
    }
    expect(firstRemaining).toBe(2_000);
    expect(seen).toHaveLength(2_000);
    expect(new Set(seen.map((l) => l.id))).toEqual(new Set(ids));
    const key = (l: EspoLead) => `${l.modifiedAt}|${l.id}`;
    for (let i = 1; i < seen.length; i++)
      expect(key(seen[i - 1] as EspoLead) < key(seen[i] as EspoLead)).toBe(true);
    const pages = fake.requestsMatching(/^GET \/Lead$/);
    expect(pages).toHaveLength(11);
    expect(pages.every((r) => r.query.maxSize === "200" && r.query.orderBy === "modifiedAt")).toBe(true);
  });

  it("keeps paging right when leads change meanwhile, and resumes from a cursor", async () => {
    const client = clientOf(fake);
    fake.seedLeads(600, (i) => {
      const at = toEspoDateTime(new Date(START - 3_600_000 + i * 1_000));
      return { createdAt: at, modifiedAt: at };
    });
    const seen: string[] = [];
    let cursor: LeadCursor | null = null;
    let touched = false;
    for await (const page of client.pageLeadsByModifiedAt({ pageSize: 200 })) {
      seen.push(...page.list.map((l) => l.id));
      cursor = page.cursor;
      if (!touched) {
        touched = true;
        // A lead already seen and one not yet seen change in EspoCRM while we page.
        fake.ui.update(page.list[5]?.id as string, { status: "Assigned" });
        const later = fake
          .leads()
          .sort((a, b) => String(a.modifiedAt).localeCompare(String(b.modifiedAt)))[450];
        fake.ui.update(later?.id as string, { status: "Dead" });
      }
    }
    expect(new Set(seen).size).toBe(600);
    // Both changed leads come again at the end, with their new modifiedAt.
    expect(seen).toHaveLength(601);
    now += 10_000;
    const changed = fake.leads()[0]?.id as string;
    fake.ui.update(changed, { description: "modifié ensuite" });
    const next: string[] = [];
    for await (const page of client.pageLeadsByModifiedAt({ since: cursor }))
      next.push(...page.list.map((l) => l.id));
    expect(next).toEqual([changed]);
  });

  it("filters with where items: equals, in, contains, isNull, after, before, or, not; selects attributes", async () => {
    const client = clientOf(fake);
    fake.seedLeads(1, () => ({
      firstName: "Élodie",
      lastName: "Bernard",
      status: "New",
      phoneNumber: null,
      modifiedAt: "2026-11-01 09:00:00",
    }));
    fake.seedLeads(1, () => ({
      firstName: "Marc",
      lastName: "Durand",
      status: "In Process",
      phoneNumber: "+33600000001",
      modifiedAt: "2026-11-10 09:00:00",
    }));
    fake.seedLeads(1, () => ({
      firstName: "Inès",
      lastName: "Leroy",
      status: "Dead",
      phoneNumber: "+33600000002",
      modifiedAt: "2026-11-15 09:00:00",
    }));
    const names = async (where: object[]) =>
      (await client.listLeads({ where: where as never, orderBy: "lastName", order: "asc" })).list.map(
        (l) => l.lastName,
      );
    expect(await names([{ type: "equals", attribute: "status", value: "New" }])).toEqual(["Bernard"]);
    expect(await names([{ type: "in", attribute: "status", value: ["New", "Dead"] }])).toEqual([
      "Bernard",
      "Leroy",
    ]);
    // MariaDB's collation: case and accents ignored.
    expect(await names([{ type: "contains", attribute: "firstName", value: "elo" }])).toEqual(["Bernard"]);
    expect(await names([{ type: "isNull", attribute: "phoneNumber" }])).toEqual(["Bernard"]);
    expect(await names([{ type: "after", attribute: "modifiedAt", value: "2026-11-05 00:00:00" }])).toEqual([
      "Durand",
      "Leroy",
    ]);
    expect(await names([{ type: "before", attribute: "modifiedAt", value: "2026-11-12 00:00:00" }])).toEqual([
      "Bernard",
      "Durand",
    ]);
    expect(
      await names([
        {
          type: "or",
          value: [
            { type: "equals", attribute: "status", value: "Dead" },
            { type: "isNull", attribute: "phoneNumber" },
          ],
        },
      ]),
    ).toEqual(["Bernard", "Leroy"]);
    expect(
      await names([{ type: "not", value: [{ type: "equals", attribute: "status", value: "Dead" }] }]),
    ).toEqual(["Bernard", "Durand"]);
    // A null never matches notEquals.
    expect(await names([{ type: "notEquals", attribute: "phoneNumber", value: "+33600000001" }])).toEqual([
      "Leroy",
    ]);
    const selected = await client.listLeads({ select: ["lastName"], orderBy: "modifiedAt", order: "desc" });
    expect(Object.keys(selected.list[0] ?? {}).sort()).toEqual([
      "assignedUserId",
      "createdById",
      "id",
      "lastName",
      "modifiedAt",
    ]);
    expect(selected.list.map((l) => l.lastName)).toEqual(["Leroy", "Durand", "Bernard"]);
  });

  it("answers malformed searches with a 400: unknown attribute or type, in without a list, bad order", async () => {
    const client = clientOf(fake);
    const unknownAttr = await caught(
      client.listLeads({ where: [{ type: "equals", attribute: "statut_b2b", value: "x" }] }),
    );
    expect(unknownAttr).toMatchObject({
      code: "bad_request",
      reason: "Not existing attribute 'statut_b2b' in where.",
    });
    const unknownType = await caught(
      client.listLeads({ where: [{ type: "near", attribute: "status", value: "x" }] }),
    );
    expect(unknownType.reason).toBe("Unknown where item type 'near'.");
    expect(
      await caught(client.listLeads({ where: [{ type: "in", attribute: "status", value: "New" }] })),
    ).toMatchObject({
      code: "bad_request",
    });
    expect(await caught(client.listLeads({ order: "up" as never }))).toMatchObject({
      reason: "order value is bad.",
    });
  });

  it("reads a body only with Content-Type application/json; malformed JSON is a 500", async () => {
    const headers = { "x-api-key": fake.credentials.apiKey };
    const plain = await fetch(`${fake.apiUrl}Lead`, {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body: JSON.stringify({ lastName: "Ignoré" }),
    });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as EspoLead).lastName).toBeNull();
    const broken = await fetch(`${fake.apiUrl}Lead`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json; charset=utf-8" },
      body: "{",
    });
    expect(broken.status).toBe(500);
    // PHP's json_encode: "\/" and "\u00e9".
    const created = await fetch(`${fake.apiUrl}Lead`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ lastName: "Hélène", website: "https://x.test/a" }),
    });
    const raw = await created.text();
    expect(raw).toContain('"H\\u00e9l\\u00e8ne"');
    expect(raw).toContain("https:\\/\\/x.test\\/a");
  });

  it("follows a merge done in EspoCRM: the sources are gone (404), the target keeps their notes", async () => {
    const client = clientOf(fake);
    const target = await client.createLead({ lastName: "Cible" });
    const source = await client.createLead({ lastName: "Source" });
    await client.postNote(source.id, "note sur la source");
    fake.ui.merge(target.id, [source.id], { accountName: "Fusionnée SA" });
    expect(await caught(client.getLead(source.id))).toMatchObject({ code: "not_found" });
    expect(await client.getLead(target.id)).toMatchObject({ accountName: "Fusionnée SA" });
    const stream = await client.leadStream(target.id);
    expect(stream.list.map((n) => n.post)).toContain("note sur la source");
  });
});
