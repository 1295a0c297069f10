// What M.A.X. writes into EspoCRM besides lead fields, against the loopback fake: custom fields
// through the field manager (admin only, `c` prefix, found again through the metadata), tags in the
// `cTags` array field through MassAction, posts in the lead's stream, HTML e-mail drafts, target lists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EspoError, espoClient, storedFieldName } from "../../src/integrations/espocrm/index.js";
import { type EspoFake, startEspoFake } from "../helpers/espocrm-fake.js";

let fake: EspoFake;
const clientOf = (f: EspoFake, admin = true) =>
  espoClient({
    url: f.siteUrl,
    apiKey: f.credentials.apiKey,
    timeoutMs: 5_000,
    ...(admin ? { admin: f.credentials.admin } : {}),
  });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as EspoError,
  );

beforeAll(async () => {
  fake = await startEspoFake({ allowedFrom: ["max@agence.test"], deny: { Lead: ["delete"] } });
});
afterAll(() => fake.close());

describe("EspoCRM custom fields", () => {
  it("creates a field as admin; it is stored with a c prefix, left out of the answer, found in the metadata", async () => {
    const client = clientOf(fake);
    const created = await client.createField({
      name: "incoterm",
      type: "enum",
      label: "Incoterm",
      options: ["", "EXW", "FOB"],
      default: "",
    });
    expect(created.storedName).toBe("cIncoterm");
    expect(created.defs).toEqual({
      type: "enum",
      label: "Incoterm",
      options: ["", "EXW", "FOB"],
      default: "",
      maxLength: 100,
      isCustom: true,
    });
    expect(created.defs).not.toHaveProperty("name");
    const fields = await client.leadFields();
    expect(fields.cIncoterm).toMatchObject({ type: "enum", isCustom: true });
    expect(fields.status?.options).toContain("In Process");
    expect(storedFieldName(fields, "incoterm")).toBe("cIncoterm");
    expect(fake.requestsMatching(/^GET \/Metadata$/).at(-1)?.query).toEqual({
      key: "entityDefs.Lead.fields",
    });

    // Written under its stored name; the unprefixed name does nothing.
    const lead = await client.createLead({ lastName: "Export", cIncoterm: "FOB", incoterm: "EXW" });
    expect(lead.cIncoterm).toBe("FOB");
    expect(lead).not.toHaveProperty("incoterm");
    expect(await caught(client.updateLead(lead.id, { cIncoterm: "DDP" }))).toMatchObject({
      code: "validation",
      field: "cIncoterm",
    });
  });

  it("answers 409 for a field that exists, and the client refuses a bad name before asking", async () => {
    const client = clientOf(fake);
    await client.createField({ name: "secteur", type: "varchar", label: "Secteur", maxLength: 100 });
    const again = await caught(client.createField({ name: "secteur", type: "varchar", label: "Secteur" }));
    expect(again).toMatchObject({
      code: "conflict",
      status: 409,
      label: "fieldAlreadyExists",
      retryable: false,
    });
    expect(again.reason).toBe("Field 'cSecteur' already exists in 'Lead'.");
    const before = fake.requests.length;
    for (const name of ["statut_b2b", "Statut", "9lives", `a${"b".repeat(50)}`]) {
      expect(await caught(client.createField({ name, type: "varchar", label: name }))).toMatchObject({
        code: "bad_request",
        status: null,
      });
    }
    expect(fake.requests.length).toBe(before);
  });

  it("keeps the plain name where the prefix is off (EspoCRM before 8.2 or customPrefixDisabled)", async () => {
    const old = await startEspoFake({ customPrefix: false });
    try {
      const created = await clientOf(old).createField({
        name: "incoterm",
        type: "varchar",
        label: "Incoterm",
      });
      expect(created.storedName).toBe("incoterm");
    } finally {
      await old.close();
    }
  });
});

describe("EspoCRM tags, stream, e-mails and target lists", () => {
  it("adds and removes tags in cTags through MassAction, without losing concurrent additions", async () => {
    const client = clientOf(fake);
    await client.createField({ name: "tags", type: "array", label: "Tags", allowCustomOptions: true });
    const a = await client.createLead({ lastName: "Tagué A" });
    const b = await client.createLead({ lastName: "Tagué B" });
    await expect(client.addLeadTags([a.id, b.id], ["vip"])).resolves.toEqual({ count: 2, ids: [a.id, b.id] });
    // Two writers at once: each adds its own tag, neither overwrites the other.
    await Promise.all([client.addLeadTags([a.id], ["b2b"]), client.addLeadTags([a.id], ["salon-2026"])]);
    await client.addLeadTags([a.id], ["vip"]);
    expect((await client.getLead(a.id)).cTags).toEqual(["vip", "b2b", "salon-2026"]);
    await client.removeLeadTags([a.id], ["b2b"]);
    expect((await client.getLead(a.id)).cTags).toEqual(["vip", "salon-2026"]);
    const vip = await client.listLeads({
      where: [{ type: "arrayAnyOf", attribute: "cTags", value: ["VIP"] }],
    });
    expect(vip.list.map((l) => l.id).sort()).toEqual([a.id, b.id].sort());
    const body = fake.requestsMatching(/^POST \/MassAction$/)[0]?.body;
    expect(body).toEqual({
      entityType: "Lead",
      action: "update",
      params: { ids: [a.id, b.id] },
      data: { values: { cTags: ["vip"] }, actions: { cTags: "add" } },
    });
  });

  it("posts a note to the lead's stream, read back newest first with EspoCRM's own notes", async () => {
    const client = clientOf(fake);
    const lead = await client.createLead({ lastName: "Suivi" });
    fake.ui.update(lead.id, { status: "In Process" });
    const note = await client.postNote(
      lead.id,
      "M.A.X. : statut passé à « devis envoyé » (règle relance-devis)",
    );
    expect(note).toMatchObject({ type: "Post", parentType: "Lead", parentId: lead.id });
    const stream = await client.leadStream(lead.id);
    expect(stream.total).toBe(3);
    expect(stream.list.map((n) => n.type)).toEqual(["Post", "Update", "Create"]);
    expect(stream.list[0]?.post).toContain("« devis envoyé »");
    expect(stream.list[1]?.data).toMatchObject({
      attributes: { was: { status: "New" }, became: { status: "In Process" } },
    });
    expect(await caught(client.postNote("00000000000000000", "perdu"))).toMatchObject({
      code: "forbidden",
      reason: "No access to parent.",
    });
    expect(await caught(client.leadStream("00000000000000000"))).toMatchObject({ code: "not_found" });
  });

  it("saves an HTML newsletter as a Draft on the lead, from an allowed sender only", async () => {
    const client = clientOf(fake);
    const lead = await client.createLead({ lastName: "Lecteur", emailAddress: "lecteur@example.test" });
    const html = '<p>Bonjour,</p><p>Nos <a href="https://agence.test/offres">offres</a> de novembre.</p>';
    const draft = await client.createEmailDraft({
      subject: "Newsletter de novembre",
      html,
      from: "max@agence.test",
      to: ["lecteur@example.test"],
      parentId: lead.id,
    });
    expect(draft).toMatchObject({
      status: "Draft",
      isHtml: true,
      name: "Newsletter de novembre",
      body: html,
      parentId: lead.id,
    });
    expect(fake.requestsMatching(/^POST \/Email$/)[0]?.body).toMatchObject({
      status: "Draft",
      isHtml: true,
      parentType: "Lead",
    });
    expect(fake.sentEmails()).toHaveLength(0);
    // A draft needs no recipient; a sender outside the allowed ones is a 403.
    await expect(
      client.createEmailDraft({
        subject: "Brouillon",
        html: "<p>x</p>",
        from: "max@agence.test",
        parentId: lead.id,
      }),
    ).resolves.toMatchObject({ status: "Draft", to: null });
    expect(
      await caught(
        client.createEmailDraft({
          subject: "x",
          html: "<p>x</p>",
          from: "pirate@example.test",
          parentId: lead.id,
        }),
      ),
    ).toMatchObject({ code: "forbidden", reason: "Not allowed 'from' address." });
  });

  it("adds leads to a target list; an unknown lead is a 404", async () => {
    const client = clientOf(fake);
    const listId = fake.createTargetList("Newsletter novembre");
    const a = await client.createLead({ lastName: "Abonné A" });
    const b = await client.createLead({ lastName: "Abonné B" });
    await client.addLeadsToTargetList(listId, [a.id, b.id]);
    expect(fake.targetListLeadIds(listId).sort()).toEqual([a.id, b.id].sort());
    expect(await caught(client.addLeadsToTargetList(listId, ["00000000000000000"]))).toMatchObject({
      code: "not_found",
    });
    const inList = await client.listLeads({
      where: [{ type: "linkedWith", attribute: "targetLists", value: [listId] }],
    });
    expect(inList.total).toBe(2);
  });

  it("surfaces a refused action as forbidden (No delete access.)", async () => {
    const client = clientOf(fake);
    const lead = await client.createLead({ lastName: "Protégé" });
    expect(await caught(client.deleteLead(lead.id))).toMatchObject({
      code: "forbidden",
      reason: "No delete access.",
    });
  });
});
