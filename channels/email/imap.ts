// Reads each tenant's mailbox with imapflow: new mail by UID since the stored cursor, each message
// parsed and queued as an inbound event (the worker's core handler decides what it means) with the
// cursor in one transaction, then flagged \Seen (only once it is queued). A changed UIDVALIDITY
// restarts from the first UID; the inbound dedupe (channel + Message-ID) keeps that from processing
// anything twice. The server keeps one connection per mailbox in IDLE (new mail is read at once)
// and polls every MAX_IMAP_POLL_MS as a fallback, which also reconnects a dropped mailbox.
import { ImapFlow } from "imapflow";
import type { Logger } from "pino";
import type { Config } from "../../src/config.js";
import { acceptInbound } from "../../src/inbound/accept.js";
import type { Store } from "../../src/store/index.js";
import { type MailAccount, mailAccounts } from "./account.js";
import { mailEvent } from "./event.js";
import { type ImapTarget, imapTarget, maskUrl } from "./mail-url.js";
import { type InboundMail, parseMail } from "./parse.js";

const CHUNK = 50;

export interface FetchResult {
  fetched: number;
  /** Mails queued for the worker: new ones, not seen before. */
  stored: number;
}

async function parsed(raws: { uid: number; source: Buffer }[], log?: Logger) {
  const out: { uid: number; raw: Buffer; mail: InboundMail | null }[] = [];
  for (const { uid, source } of raws) {
    const mail = await parseMail(source).catch((err: unknown) => {
      log?.warn({ err, uid }, "unreadable e-mail skipped");
      return null;
    });
    out.push({ uid, raw: source, mail });
  }
  return out;
}

/** One pass over the mailbox on a connected client: everything after the cursor, in chunks. */
export async function readMailbox(
  store: Store,
  client: ImapFlow,
  account: MailAccount,
  target: ImapTarget,
  log?: Logger,
): Promise<FetchResult> {
  const lock = await client.getMailboxLock(target.mailbox);
  const result: FetchResult = { fetched: 0, stored: 0 };
  try {
    const box = client.mailbox;
    if (!box) return result;
    const uidValidity = String(box.uidValidity);
    const cursor = store.mailCursors.get(account.tenantId, target.key);
    let lastUid = cursor?.uidValidity === uidValidity ? cursor.lastUid : 0;
    if (cursor && cursor.uidValidity !== uidValidity)
      log?.warn({ tenant: account.tenantId }, "UIDVALIDITY changed: mailbox read again");
    const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter(
      (u) => u > lastUid,
    );
    for (let i = 0; i < uids.length; i += CHUNK) {
      const chunk = uids.slice(i, i + CHUNK);
      const raws: { uid: number; source: Buffer }[] = [];
      for await (const m of client.fetch(chunk.join(","), { uid: true, source: true }, { uid: true })) {
        if (m.source) raws.push({ uid: m.uid, source: m.source });
      }
      const mails = (await parsed(raws, log)).sort((a, b) => a.uid - b.uid);
      lastUid = Math.max(lastUid, ...chunk);
      const stored = store.transaction(() => {
        const kept = mails.filter(
          (m) => m.mail && acceptInbound(store, mailEvent(account.tenantId, m.mail, m.raw)),
        );
        store.mailCursors.save(account.tenantId, target.key, { uidValidity, lastUid });
        return kept.length;
      });
      result.fetched += raws.length;
      result.stored += stored;
      await client.messageFlagsAdd(chunk.join(","), ["\\Seen"], { uid: true });
    }
    if (uids.length === 0) store.mailCursors.save(account.tenantId, target.key, { uidValidity, lastUid });
    return result;
  } finally {
    lock.release();
  }
}

/** Connects, reads what is new, disconnects: one poll (the tests and the bench use it). */
export async function fetchNewMail(store: Store, account: MailAccount, log?: Logger): Promise<FetchResult> {
  const target = imapTarget(account.imapUrl);
  const client = new ImapFlow(target.options);
  client.on("error", (err) => log?.warn({ err: String(err) }, "IMAP connection error"));
  await client.connect();
  try {
    return await readMailbox(store, client, account, target, log);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export interface MailPollers {
  /** Reads every mailbox now (what the fallback timer does). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

interface Watch {
  client: ImapFlow;
  target: ImapTarget;
  account: MailAccount;
  busy: Promise<void>;
}

/** The server's mail loop: one IDLE connection per mailbox plus the fallback poll. */
export function startMailPollers(
  store: Store,
  config: Config,
  log: Logger,
  onStored: () => void,
): MailPollers {
  const watches = new Map<number, Watch>();
  let stopped = false;

  const drop = (tenantId: number) => {
    const watch = watches.get(tenantId);
    watches.delete(tenantId);
    watch?.client.close();
  };

  const read = (watch: Watch) => {
    watch.busy = watch.busy.then(async () => {
      if (stopped) return;
      try {
        const r = await readMailbox(store, watch.client, watch.account, watch.target, log);
        if (r.stored > 0) onStored();
        // Resolves when the next command (the next read) breaks it; a failure shows on the next read.
        if (!stopped) watch.client.idle().catch(() => undefined);
      } catch (err) {
        log.warn({ err: String(err), tenant: watch.account.tenantId }, "IMAP read failed; will reconnect");
        drop(watch.account.tenantId);
      }
    });
    return watch.busy;
  };

  const open = async (account: MailAccount): Promise<Watch | undefined> => {
    const target = imapTarget(account.imapUrl);
    const client = new ImapFlow(target.options);
    client.on("error", (err) =>
      log.warn({ err: String(err), tenant: account.tenantId }, "IMAP connection error"),
    );
    try {
      await client.connect();
      await client.mailboxOpen(target.mailbox);
    } catch (err) {
      log.warn({ err: String(err), imap: maskUrl(account.imapUrl) }, "IMAP connection failed");
      client.close();
      return undefined;
    }
    const watch: Watch = { client, target, account, busy: Promise.resolve() };
    // New mail while IDLE: read it now.
    client.on("exists", () => void read(watch));
    client.on("close", () => {
      if (watches.get(account.tenantId) === watch) watches.delete(account.tenantId);
    });
    watches.set(account.tenantId, watch);
    return watch;
  };

  const pollNow = async () => {
    const accounts = mailAccounts(store, config);
    await Promise.all(
      accounts.map(async (account) => {
        const current = watches.get(account.tenantId);
        if (current && current.account.imapUrl !== account.imapUrl) drop(account.tenantId);
        const watch = watches.get(account.tenantId) ?? (await open(account));
        if (watch && !stopped) await read(watch);
      }),
    );
  };

  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    timer = setTimeout(() => {
      void pollNow().finally(() => {
        if (!stopped) loop();
      });
    }, config.email.pollMs);
  };
  const first = pollNow().catch((err: unknown) => log.warn({ err: String(err) }, "first IMAP poll failed"));
  void first.finally(() => {
    if (!stopped) loop();
  });

  return {
    pollNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await first;
      await Promise.all(
        [...watches.values()].map(async (w) => {
          await w.busy;
          await w.client.logout().catch(() => w.client.close());
        }),
      );
      watches.clear();
    },
  };
}
