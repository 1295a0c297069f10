// `max scenarios list|enroll|export` in-process on a real SQLite file: JSON output, usage errors on
// stderr with exit code 2, and an exported workflow file that n8n's create body accepts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workflowSchema } from "../../src/scenarios/n8n-workflow.js";
import { inProcessMax } from "../helpers/cli.js";
import { reachableLead, world } from "../helpers/scenario-world.js";
import { type TestStore, tempDir, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

const max = inProcessMax(() => t.path, { MAX_PUBLIC_URL: "https://max.example.fr" });

describe("max scenarios", () => {
  it("lists the scenarios, enrolls a lead and a segment, and shows the enrollments", async () => {
    const { tenant } = world(t, "agence", "b2b");
    const lead = reachableLead(t.store, tenant.id, "devis_envoye", 1);
    reachableLead(t.store, tenant.id, "devis_envoye", 2);
    reachableLead(t.store, tenant.id, "nouveau", 3);
    const listed = JSON.parse((await max("scenarios", "list", "--json")).stdout);
    expect(listed.scenarios.map((s: { id: string }) => s.id)).toContain("coach-prequalification");
    const one = await max(
      "scenarios",
      "enroll",
      "b2b-relance-devis",
      "--tenant",
      "agence",
      "--lead",
      String(lead.id),
      "--json",
    );
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).enrolled[0]).toMatchObject({
      leadId: lead.id,
      status: "active",
      nextRunAt: expect.any(String),
    });
    const segment = JSON.parse(
      (
        await max(
          "scenarios",
          "enroll",
          "b2b-relance-devis",
          "--tenant",
          "agence",
          "--status",
          "devis_envoye",
          "--json",
        )
      ).stdout,
    );
    expect([segment.enrolled.length, segment.skipped.length]).toEqual([1, 1]);
    expect(segment.skipped[0].reason).toContain("suit déjà");
    const withEnrollments = JSON.parse(
      (await max("scenarios", "list", "--tenant", "agence", "--json")).stdout,
    );
    expect(withEnrollments.enrollments).toHaveLength(2);
  });

  it("starts COACH-01 for a coaching lead: the questions are queued and the timeout is set", async () => {
    const { tenant } = world(t, "coach", "coaching");
    const lead = reachableLead(t.store, tenant.id, "nouveau", 1);
    const r = await max(
      "scenarios",
      "enroll",
      "coach-prequalification",
      "--tenant",
      "coach",
      "--lead",
      String(lead.id),
      "--json",
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout).prequalification).toMatchObject({
      leadId: lead.id,
      status: "waiting",
      channel: "email",
    });
    const queued = t.store.messages.listByLead(tenant.id, lead.id).filter((m) => m.status === "queued");
    expect(queued).toHaveLength(1);
    const segment = await max(
      "scenarios",
      "enroll",
      "coach-prequalification",
      "--tenant",
      "coach",
      "--status",
      "nouveau",
    );
    expect([segment.code, segment.stderr]).toEqual([2, expect.stringContaining("--lead ID")]);
  });

  it("exports a scenario as an n8n workflow file", async () => {
    world(t, "agence", "b2b");
    const file = join(tempDir(), "workflow.json");
    const r = await max("scenarios", "export", "prospection", "--tenant", "agence", "--out", file);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const workflow = JSON.parse(readFileSync(file, "utf8"));
    expect(workflowSchema.safeParse(workflow).success).toBe(true);
    expect(JSON.stringify(workflow)).toContain("https://max.example.fr/n8n/scenario-callback");
  });

  it("answers a wrong call with one line on stderr and exit code 2", async () => {
    world(t, "agence", "b2b");
    for (const args of [
      ["scenarios", "enroll", "inconnu", "--tenant", "agence", "--lead", "1"],
      ["scenarios", "enroll", "prospection", "--tenant", "agence"],
      ["scenarios", "export", "digest", "--tenant", "agence"],
      ["scenarios", "enroll", "b2b-relance-devis", "--tenant", "agence", "--lead", "999"],
      ["scenarios", "frobnicate"],
    ]) {
      const r = await max(...args);
      expect([r.code, r.stdout, r.stderr.split("\n").length]).toEqual([2, "", 2]);
    }
  });
});
