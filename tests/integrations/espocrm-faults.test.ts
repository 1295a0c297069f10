// Injected faults against the loopback fake, each surfacing as the EspoError the caller can act on:
// 503 before applying (nothing written), 503 after applying (written all the same), a dropped
// connection, a delay past the client's timeout — all `transient`, a write among them
// `mayHaveApplied` — and the look-before-create that keeps a retried create from doubling a lead.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type EspoError,
  type EspoLead,
  espoClient,
  type LeadCursor,
} from "../../src/integrations/espocrm/index.js";
import { type EspoFake, startEspoFake } from "../helpers/espocrm-fake.js";
import { waitFor } from "../helpers/wait-for.js";

let fake: EspoFake;
const client = (timeoutMs = 3_000) =>
  espoClient({ url: fake.siteUrl, apiKey: fake.credentials.apiKey, timeoutMs });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as EspoError,
  );
const lookup = (email: string) => [{ type: "equals", attribute: "emailAddress", value: email }];

beforeAll(async () => {
  fake = await startEspoFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.state.leads.clear();
  fake.requests.length = 0;
});

describe("EspoCRM faults", () => {
  it("a 503 before applying: transient, retryable, nothing written; the retry writes it once", async () => {
    fake.setFaults([{ match: "^POST /Lead$", first: 1, mode: "before", status: 503 }]);
    const api = client();
    const error = await caught(api.createLead({ lastName: "Avant", emailAddress: "avant@example.test" }));
    expect(error).toMatchObject({ code: "transient", status: 503, retryable: true, mayHaveApplied: true });
    expect(fake.leads()).toHaveLength(0);
    await api.ensureLead(
      { lastName: "Avant", emailAddress: "avant@example.test" },
      { lookup: lookup("avant@example.test") },
    );
    expect(fake.leads()).toHaveLength(1);
  });

  it("a 503 after applying: the lead exists; looking before re-creating does not double it", async () => {
    fake.setFaults([{ match: "^POST /Lead$", count: 1, mode: "after" }]);
    const api = client();
    const values = { lastName: "Après", emailAddress: "apres@example.test" };
    expect(await caught(api.createLead(values))).toMatchObject({
      code: "transient",
      status: 503,
      mayHaveApplied: true,
    });
    expect(fake.leads()).toHaveLength(1);
    const retried = await api.ensureLead(values, { lookup: lookup("apres@example.test") });
    expect(retried).toMatchObject({ created: false, lead: { lastName: "Après" } });
    expect(fake.leads()).toHaveLength(1);
    // A blind retry would have met EspoCRM's duplicate check instead.
    expect(await caught(api.createLead(values))).toMatchObject({ code: "duplicate", retryable: false });
  });

  it("a dropped connection: transient with no status; before or after applying", async () => {
    const api = client();
    fake.setFaults([{ match: "^POST /Lead$", count: 1, mode: "drop" }]);
    const dropped = await caught(api.createLead({ lastName: "Coupé" }));
    expect(dropped).toMatchObject({ code: "transient", status: null, retryable: true, mayHaveApplied: true });
    expect(dropped.reason).toBeTruthy();
    expect(fake.leads()).toHaveLength(0);
    fake.setFaults([{ match: "^PATCH /Lead/", count: 1, mode: "drop-after" }]);
    const lead = await api.createLead({ lastName: "Coupé" });
    expect(await caught(api.updateLead(lead.id, { status: "Assigned" }))).toMatchObject({
      code: "transient",
      status: null,
    });
    expect(fake.lead(lead.id)?.status).toBe("Assigned");
    // A read that failed was not a write.
    fake.setFaults([{ match: "^GET /Lead/", count: 1, mode: "drop" }]);
    expect(await caught(api.getLead(lead.id))).toMatchObject({ code: "transient", mayHaveApplied: false });
  });

  it("a delay past the timeout: transient 'timeout'; the slow write still lands", async () => {
    fake.setFaults([{ match: "^POST /Lead$", count: 1, delay: 0.6 }]);
    const error = await caught(client(150).createLead({ lastName: "Lent" }));
    expect(error).toMatchObject({ code: "transient", status: null, reason: "timeout", mayHaveApplied: true });
    await waitFor(() => fake.leads().length === 1, { what: "l'écriture lente" });
    // A delay within the timeout is just slow.
    fake.setFaults([{ match: "^GET /Lead$", count: 1, delay: 0.1 }]);
    await expect(client(2_000).listLeads()).resolves.toMatchObject({ total: 1 });
  });

  it("every 5xx is transient, whatever its status", async () => {
    const api = client();
    for (const status of [500, 502, 503]) {
      fake.setFaults([{ count: 1, status }]);
      expect(await caught(api.listLeads())).toMatchObject({
        code: "transient",
        status,
        mayHaveApplied: false,
      });
    }
  });

  it("fires as told: every n-th, the first k, at most n times, matching requests only", async () => {
    const api = client();
    const outcomes = async (n: number, call: () => Promise<unknown>) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          await call().then(
            () => "ok",
            (e: EspoError) => e.code,
          ),
        );
      return out;
    };
    fake.setFaults([{ match: "^GET /Lead$", every: 3 }]);
    expect(await outcomes(6, () => api.listLeads())).toEqual([
      "ok",
      "ok",
      "transient",
      "ok",
      "ok",
      "transient",
    ]);
    // Requests that do not match neither fail nor count.
    await expect(api.whoAmI()).resolves.toBeDefined();
    expect(await outcomes(3, () => api.listLeads())).toEqual(["ok", "ok", "transient"]);
    fake.setFaults([{ match: "^GET /Lead$", first: 2 }]);
    expect(await outcomes(4, () => api.listLeads())).toEqual(["transient", "transient", "ok", "ok"]);
    fake.setFaults([{ every: 2, count: 2 }]);
    expect(await outcomes(8, () => api.listLeads())).toEqual([
      "ok",
      "transient",
      "ok",
      "transient",
      "ok",
      "ok",
      "ok",
      "ok",
    ]);
    expect(fake.requests.filter((r) => r.fault !== null).every((r) => r.fault === "before")).toBe(true);
  });

  it("an import cut by a 503 resumes from its last cursor: nothing lost, nothing read twice", async () => {
    fake.seedLeads(1_000, (i) => {
      const at = `2026-11-16 09:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
      return { createdAt: at, modifiedAt: at };
    });
    fake.setFaults([{ match: "^GET /Lead$", every: 3, count: 1 }]);
    const api = client();
    const seen: EspoLead[] = [];
    let cursor: LeadCursor | null = null;
    let failures = 0;
    for (;;) {
      try {
        for await (const page of api.pageLeadsByModifiedAt({ since: cursor, pageSize: 200 })) {
          seen.push(...page.list);
          cursor = page.cursor;
        }
        break;
      } catch (error) {
        expect((error as EspoError).retryable).toBe(true);
        failures += 1;
      }
    }
    expect(failures).toBe(1);
    expect(seen).toHaveLength(1_000);
    expect(new Set(seen.map((l) => l.id)).size).toBe(1_000);
  });
});
