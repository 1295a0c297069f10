// `max connect email` in-process on a real SQLite file: the tenant's mailbox is stored with its
// password, which no output and no audit row shows; wrong URLs and addresses are one line, exit 2.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inProcessMax } from "../helpers/cli.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

const max = inProcessMax(() => t.path);

const SMTP = "smtp://coach:s3cret-smtp@127.0.0.1:2525";
const IMAP = "imap://coach:s3cret-imap@127.0.0.1:1143/INBOX";

describe("max connect email", () => {
  it("stores the tenant's mailbox and never prints or audits its passwords", async () => {
    const { tenant } = makeTenant(t.store, "coach", {}, { mailbox: false });
    const r = await max(
      "connect",
      "email",
      "--tenant",
      "coach",
      "--smtp",
      SMTP,
      "--imap",
      IMAP,
      "--from",
      "Coach@Exemple.fr",
      "--json",
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toMatchObject({
      tenant: "coach",
      integration: "email",
      from: "coach@exemple.fr",
    });
    expect(r.stdout).not.toMatch(/s3cret/);
    expect(t.store.emailAccounts.get(tenant.id)).toMatchObject({ smtpUrl: SMTP, imapUrl: IMAP });
    const audit = JSON.stringify(t.store.audit.list(tenant.id));
    expect(audit).toContain("email");
    expect(audit).not.toMatch(/s3cret/);
  });

  it("refuses a wrong URL or address with one line on stderr, exit 2, nothing stored", async () => {
    const { tenant } = makeTenant(t.store, "coach", {}, { mailbox: false });
    for (const args of [
      ["--smtp", "ftp://x:y@h:21", "--imap", IMAP, "--from", "a@b.fr"],
      ["--smtp", SMTP, "--imap", "pas une url", "--from", "a@b.fr"],
      ["--smtp", SMTP, "--imap", IMAP, "--from", "pas-une-adresse"],
      ["--imap", IMAP, "--from", "a@b.fr"],
    ]) {
      const r = await max("connect", "email", "--tenant", "coach", ...args);
      expect([r.code, r.stdout, r.stderr.split("\n").length]).toEqual([2, "", 2]);
      expect(r.stderr).not.toMatch(/s3cret/);
    }
    expect(t.store.emailAccounts.get(tenant.id)).toBeUndefined();
  });
});
