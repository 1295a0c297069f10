// M.A.X. → EspoCRM through the outbox, over real HTTP with injected faults: a status changed in chat
// reaches EspoCRM once (mapped onto its status and exact in the vertical's field) and is logged in its
// Stream once, through a 503 after the write; tags by MassAction; notes and newsletter drafts made
// once through a dropped connection (looked for before being made again); a lead created once, or
// linked to the person EspoCRM already has; a refused value kept here and said; a 401 never retried;
// a lockout waited out.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ESPO_JOBS } from "../../src/store/espocrm.js";
import { type EspoWorld, espoWorld, FROM } from "../helpers/espocrm-world.js";

let w: EspoWorld;
let leadId: number;
let espoId: string;

beforeEach(async () => {
  w = await espoWorld();
  await w.connect();
  const lead = w.store.leads.create(w.scope, {
    firstName: "Zoé",
    lastName: "Martin",
    company: "Atelier Z",
    email: "zoe@atelier.fr",
    phone: "06 12 34 56 78",
    tags: ["salon"],
  });
  leadId = lead.id;
  await w.drain();
  espoId = w.store.espocrm.leadLink(w.tenant.id, leadId)?.espoId as string;
  w.fake.requests.length = 0;
});
afterEach(() => w.close());

const posts = (id: string) =>
  w.fake
    .notes(id)
    .filter((n) => n.type === "Post")
    .map((n) => String(n.post));
const statusNotes = (id: string) =>
  w.fake
    .notes(id)
    .filter((n) => n.type === "Update" && (n.data as { fields?: string[] }).fields?.includes("status"));
const lines = (re: RegExp) => w.fake.requestsMatching(re);

describe("M.A.X. → EspoCRM", () => {
  it("creates a lead made in M.A.X. once, with its tags, status and E.164 phone", () => {
    expect(w.fake.leads().filter((l) => l.emailAddress === "zoe@atelier.fr")).toHaveLength(1);
    expect(w.fake.lead(espoId)).toMatchObject({
      firstName: "Zoé",
      accountName: "Atelier Z",
      phoneNumber: "+33612345678",
      status: "New",
      cStatutB2b: "nouveau",
      cTags: ["salon"],
      createdById: w.store.espocrm.get(w.tenant.id)?.apiUserId,
    });
  });

  it("a status changed in chat reaches EspoCRM once, and the action is logged in its Stream once, through 503s after the write", async () => {
    w.fake.setFaults([
      { match: "^PATCH /Lead/", first: 1, mode: "after", status: 503 },
      { match: "^POST /Note$", first: 1, mode: "after", status: 503 },
    ]);
    const out = await w.tool("update_status", { leadId, status: "Devis envoyé" });
    expect(out.kind).toBe("executed");
    await w.drain();
    expect(w.fake.lead(espoId)).toMatchObject({ status: "In Process", cStatutB2b: "devis_envoye" });
    expect(statusNotes(espoId)).toHaveLength(1);
    const logs = posts(espoId).filter((p) => p.startsWith("Action M.A.X. (update_status"));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /Zoé Martin est maintenant en « Devis envoyé »\.\n\n\(réf\. M\.A\.X\. j\d+-\d+\)$/,
    );
    // The 503 after the note: the retry looked in the stream, found it, posted nothing more.
    expect(lines(/^POST \/Note$/)).toHaveLength(1);
    expect(lines(/^GET \/Lead\/[^/]+\/stream$/)).toHaveLength(1);
    expect(lines(/^PATCH \/Lead\//).map((r) => r.status)).toEqual([503, 200]);
    // Nothing left to send.
    expect(w.store.espocrm.leadLink(w.tenant.id, leadId)?.dirty).toEqual({});
  });

  it("adds and removes tags by MassAction, without overwriting a tag someone added in EspoCRM meanwhile", async () => {
    w.fake.ui.update(espoId, { cTags: ["salon", "rappel"] });
    w.store.leads.changeTags(w.scope, leadId, { add: ["vip"], remove: ["salon"] });
    await w.drain();
    expect([...((w.fake.lead(espoId)?.cTags ?? []) as string[])].sort()).toEqual(["rappel", "vip"]);
    expect(
      lines(/^POST \/MassAction$/).map((r) => (r.body as { data: { actions: unknown } }).data.actions),
    ).toEqual([{ cTags: "add" }, { cTags: "remove" }]);
  });

  it("posts a note once through a dropped connection, and the newsletter draft as an HTML e-mail draft once", async () => {
    w.fake.setFaults([
      { match: "^POST /Note$", first: 1, mode: "drop-after" },
      { match: "^POST /Email$", first: 1, mode: "after", status: 503 },
    ]);
    await w.tool("add_note", { leadId, text: "Rappeler mardi pour le devis" });
    const draft = w.store.messages.create(w.scope, {
      channel: "email",
      direction: "out",
      status: "draft",
      subject: "Nouveautés de novembre",
      bodyHtml: "<h1>Bonjour {{prenom}}</h1><p>Nos nouveautés.</p>",
      bodyText: "Bonjour",
      segment: {},
    });
    await w.drain();
    const notes = posts(espoId);
    expect(notes.filter((p) => p.startsWith("Rappeler mardi pour le devis"))).toHaveLength(1);
    expect(notes.filter((p) => p.startsWith("Action M.A.X. (add_note"))).toHaveLength(1);
    const emails = w.fake.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      name: "Nouveautés de novembre",
      status: "Draft",
      isHtml: true,
      from: FROM,
      parentId: null,
    });
    expect(String(emails[0]?.body)).toContain(`<h1>Bonjour {{prenom}}</h1>`);
    expect(String(emails[0]?.body)).toContain(`max-ref:m${draft.id}`);
    expect(w.fake.sentEmails()).toHaveLength(0);
  });

  it("creates a lead once though the answer to its creation was lost, looking for it before creating again", async () => {
    w.fake.setFaults([{ match: "^POST /Lead$", first: 1, mode: "drop-after" }]);
    const lead = w.store.leads.create(w.scope, { firstName: "Hugo", lastName: "Perdu", email: "hugo@x.fr" });
    await w.drain();
    expect(w.fake.leads().filter((l) => l.emailAddress === "hugo@x.fr")).toHaveLength(1);
    const link = w.store.espocrm.leadLink(w.tenant.id, lead.id);
    expect(link).toMatchObject({
      state: "linked",
      espoId: w.fake.leads().find((l) => l.emailAddress === "hugo@x.fr")?.id,
    });
    expect(lines(/^POST \/Lead$/)).toHaveLength(1);
  });

  it("links a lead EspoCRM already has (same e-mail: its duplicate check) instead of doubling it", async () => {
    const there = w.fake.ui.create({
      firstName: "Inès",
      lastName: "Durand",
      emailAddress: "ines@x.fr",
      status: "In Process",
    });
    const lead = w.store.leads.create(w.scope, { firstName: "Inès", lastName: "Durand", email: "ines@x.fr" });
    await w.drain();
    expect(w.fake.leads().filter((l) => l.emailAddress === "ines@x.fr")).toHaveLength(1);
    expect(w.store.espocrm.leadLink(w.tenant.id, lead.id)).toMatchObject({
      espoId: there.id,
      state: "linked",
    });
    // A namesake with another e-mail is another person: created beside.
    w.store.leads.create(w.scope, { firstName: "Inès", lastName: "Durand", email: "ines.d@y.fr" });
    await w.drain();
    expect(w.fake.leads().filter((l) => l.lastName === "Durand")).toHaveLength(2);
  });

  it("leaves out a value EspoCRM refuses, keeps it here, says so once, and sends the rest", async () => {
    w.store.leads.update(w.scope, leadId, { phone: "123456", city: "Lyon" });
    await w.drain();
    expect(w.fake.lead(espoId)).toMatchObject({ phoneNumber: "+33612345678", addressCity: "Lyon" });
    expect(w.store.leads.get(w.tenant.id, leadId)?.phone).toBe("123456");
    const timeline = w.store.activities.list(w.tenant.id, leadId).map((a) => a.body);
    expect(timeline.filter((b) => b.startsWith("EspoCRM refuse « 123456 » pour « Téléphone »"))).toHaveLength(
      1,
    );
    const before = w.fake.requests.length;
    w.store.leads.update(w.scope, leadId, { notes: "Préfère le téléphone" });
    await w.drain();
    const patches = w.fake.requests.slice(before).filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.body)).toEqual([{ description: "Préfère le téléphone" }]);
  });

  it("tries again a write that timed out (applied all the same, slowly) or met a 409, and writes it once", async () => {
    w.fake.setFaults([{ match: "^PATCH /Lead/", first: 1, delay: 3.5 }]);
    w.store.leads.update(w.scope, leadId, { city: "Brest" });
    await w.drain();
    expect(w.fake.lead(espoId)?.addressCity).toBe("Brest");
    // The first answer came too late: the write was applied all the same, and sent again as is.
    expect(lines(/^PATCH \/Lead\//)).toHaveLength(2);
    w.fake.requests.length = 0;

    w.fake.setFaults([{ match: "^PATCH /Lead/", first: 1, status: 409, mode: "before" }]);
    w.store.leads.update(w.scope, leadId, { city: "Quimper" });
    await w.drain();
    expect(w.fake.lead(espoId)?.addressCity).toBe("Quimper");
    expect(lines(/^PATCH \/Lead\//).map((r) => r.status)).toEqual([409, 200]);
  }, 30_000);

  it("never retries a 401: the link is marked and nothing is sent until it is connected again", async () => {
    const link = w.store.espocrm.get(w.tenant.id);
    if (!link) throw new Error("not linked");
    w.store.espocrm.connect(w.scope, { ...link, apiKey: "revoked-key", hmacSecret: null });
    w.store.leads.setStatus(w.scope, leadId, "gagne");
    w.store.activities.add(w.scope, leadId, { kind: "note", body: "Signé !" });
    await w.drain(60_000);
    expect(lines(/./).map((r) => r.status)).toEqual([401]);
    expect(w.store.espocrm.get(w.tenant.id)).toMatchObject({ status: "unauthorized" });
    const waiting = w.store.jobs.list(w.tenant.id, "pending").filter((j) => j.kind !== ESPO_JOBS.poll);
    expect(waiting.map((j) => j.lastError)).toEqual([
      expect.stringMatching(
        /EspoCRM refuse la clé d'API de M.A.X. : relancez « max connect espocrm --tenant agence »/,
      ),
      expect.stringMatching(/EspoCRM refuse la clé/),
    ]);
    await w.connect();
    await w.drain();
    expect(w.fake.lead(espoId)).toMatchObject({ status: "Converted", cStatutB2b: "gagne" });
    expect(posts(espoId).filter((p) => p.startsWith("Signé !"))).toHaveLength(1);
  });

  it("waits a lockout out: a minute without a request, then goes on", async () => {
    for (let i = 0; i < 11; i++)
      await fetch(`${w.fake.apiUrl}App/user`, { headers: { "X-Api-Key": `x${i}` } });
    w.fake.requests.length = 0;
    w.store.leads.setStatus(w.scope, leadId, "perdu");
    await w.drain(10_000);
    expect(lines(/./).map((r) => r.status)).toEqual([403]);
    const paused = w.store.espocrm.get(w.tenant.id)?.pausedUntil?.getTime() ?? 0;
    expect(paused).toBeGreaterThan(w.t.clock.now.getTime());
    expect(w.fake.lead(espoId)?.status).toBe("New");
    w.t.clock.now = new Date(paused + 1);
    await w.drain();
    expect(w.fake.lead(espoId)).toMatchObject({ status: "Dead", cStatutB2b: "perdu" });
  });
});
