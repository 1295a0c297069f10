// A real store on a fresh SQLite file with a clock the test moves by hand.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Scope, type Store } from "../../src/store/index.js";

export interface TestStore {
  store: Store;
  path: string;
  clock: { now: Date; advanceDays(days: number): void; set(iso: string): void };
  cleanup(): void;
}

export function tempDir(prefix = "max-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testStore(start = "2026-11-16T10:00:00Z"): TestStore {
  const dir = tempDir();
  const path = join(dir, "max.db");
  const clock = {
    now: new Date(start),
    advanceDays(days: number) {
      clock.now = new Date(clock.now.getTime() + days * 86_400_000);
    },
    set(iso: string) {
      clock.now = new Date(iso);
    },
  };
  const store = openStore({ path, clock: () => clock.now });
  return {
    store,
    path,
    clock,
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function makeTenant(
  store: Store,
  slug: string,
  extra: Partial<Parameters<Store["tenants"]["create"]>[0]> = {},
  { mailbox = true }: { mailbox?: boolean } = {},
) {
  const tenant = store.tenants.create({ slug, name: slug, plan: "pro", vertical: "coaching", ...extra });
  const scope: Scope = { tenantId: tenant.id, actor: "test" };
  const owner = store.users.create(scope, {
    name: `Owner ${slug}`,
    role: "owner",
    email: `owner@${slug}.test`,
  });
  // Its mailbox is connected, as `max connect email` does: e-mails to its leads can be queued.
  if (mailbox)
    store.emailAccounts.set(scope, {
      smtpUrl: "smtp://unused@127.0.0.1:1",
      imapUrl: "imap://unused:x@127.0.0.1:1/INBOX",
      fromAddress: `contact@${slug}.test`,
    });
  return { tenant, scope, owner };
}

/** The lead wrote on WhatsApp now: free text may answer them for 24 hours. */
export function wroteOnWhatsApp(store: Store, tenantId: number, leadId: number): void {
  store.messages.create(
    { tenantId, actor: `lead:${leadId}` },
    { channel: "whatsapp", direction: "in", status: "received", leadId, bodyText: "Bonjour" },
  );
}
