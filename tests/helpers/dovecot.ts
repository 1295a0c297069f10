// A real Dovecot IMAP server on loopback for tests and the email bench: unprivileged (it refuses to
// run its login process as root, so as root it runs as a dedicated system user through runuser), on a
// free high port, with its config, maildir, state and log under a temporary directory. Mail is
// delivered with IMAP APPEND, as a mail server would drop it into the mailbox.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { tempDir } from "./store.js";

const RUN_AS = "maxdovecot";
let validitySeq = 0;

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** imap://user:password@127.0.0.1:port/INBOX */
  url: string;
  /** Appends raw RFC 5322 messages to a mailbox (INBOX by default), unseen. */
  deliver(raws: readonly (string | Buffer)[], mailbox?: string): Promise<void>;
  /** The flags of every message in the mailbox, by UID. */
  flags(mailbox?: string): Promise<Map<number, Set<string>>>;
  /** Empties INBOX and gives it a new UIDVALIDITY, as a rebuilt mailbox would have. */
  recreate(): Promise<void>;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** As root: the unprivileged user Dovecot runs as (created once); otherwise the current user. */
function runAsUser(): { name: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid };
  if (spawnSync("id", ["-u", RUN_AS]).status !== 0) {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", RUN_AS]);
  }
  const uid = Number(execFileSync("id", ["-u", RUN_AS]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", RUN_AS]).toString().trim());
  return { name: RUN_AS, uid, gid };
}

function config(dir: string, port: number, runAs: string): string {
  return [
    "protocols = imap",
    "listen = 127.0.0.1",
    "ssl = no",
    "disable_plaintext_auth = no",
    "auth_mechanisms = plain login",
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    `info_log_path = ${dir}/dovecot.log`,
    `default_internal_user = ${runAs}`,
    `default_internal_group = ${runAs}`,
    `default_login_user = ${runAs}`,
    "passdb {",
    "  driver = passwd-file",
    `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
    "}",
    "userdb {",
    "  driver = static",
    `  args = uid=${runAs} gid=${runAs} home=${dir}/home/%u`,
    "}",
    `mail_location = maildir:${dir}/mail/%u`,
    // IDLE notices new mail through inotify, or this check where inotify is unavailable (containers).
    "mailbox_idle_check_interval = 1 secs",
    "service imap-login {",
    "  chroot =",
    "  inet_listener imap {",
    `    port = ${port}`,
    "  }",
    "}",
    "service anvil {",
    "  chroot =",
    "}",
    "service stats {",
    `  unix_listener stats-reader {`,
    `    user = ${runAs}`,
    "  }",
    `  unix_listener stats-writer {`,
    `    user = ${runAs}`,
    "  }",
    "}",
    "",
  ].join("\n");
}

async function waitForPort(port: number, log: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, "127.0.0.1");
      socket.once("listening", () => socket.close(() => resolve(false)));
      socket.once("error", () => resolve(true));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  let tail = "";
  try {
    tail = readFileSync(log, "utf8").slice(-2000);
  } catch {}
  throw new Error(`Dovecot did not listen on ${port}: ${tail}`);
}

export async function startDovecot(user = "coach@example.test", password = "secret"): Promise<Dovecot> {
  const dir = tempDir("max-dovecot-");
  const port = await freePort();
  const runAs = runAsUser();
  for (const sub of ["run", "state", "mail", "home"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "passwd"), `${user}:{PLAIN}${password}\n`);
  const conf = join(dir, "dovecot.conf");
  writeFileSync(conf, config(dir, port, runAs.name));
  chmodSync(dir, 0o755);
  for (const path of [dir, join(dir, "run"), join(dir, "state"), join(dir, "mail"), join(dir, "home")]) {
    chownSync(path, runAs.uid, runAs.gid);
  }
  chownSync(join(dir, "passwd"), runAs.uid, runAs.gid);
  const asRoot = userInfo().uid === 0;
  const command = asRoot ? "runuser" : "dovecot";
  const args = asRoot ? ["-u", runAs.name, "--", "dovecot", "-c", conf] : ["-c", conf];
  // The daemon keeps inherited pipes open: nothing to wait on.
  execFileSync(command, args, { stdio: "ignore" });
  await waitForPort(port, join(dir, "dovecot.log"));
  const doveadm = (args: string[]) => {
    const full = ["doveadm", "-c", conf, ...args];
    const [cmd, ...rest] = asRoot ? ["runuser", "-u", runAs.name, "--", ...full] : full;
    spawnSync(cmd as string, rest, { stdio: "ignore" });
  };

  const url = `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/INBOX`;
  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    url,
    deliver: (raws, mailbox = "INBOX") =>
      withClient(async (client) => {
        for (const raw of raws) await client.append(mailbox, raw, []);
      }),
    flags: (mailbox = "INBOX") =>
      withClient(async (client) => {
        const lock = await client.getMailboxLock(mailbox);
        try {
          const out = new Map<number, Set<string>>();
          for await (const m of client.fetch("1:*", { uid: true, flags: true })) {
            out.set(m.uid, m.flags ?? new Set());
          }
          return out;
        } finally {
          lock.release();
        }
      }),
    recreate: () =>
      withClient(async (client) => {
        // INBOX cannot be deleted: it is emptied and given a new UIDVALIDITY with doveadm.
        await client.mailboxOpen("INBOX");
        await client.messageDelete("1:*").catch(() => false);
        await client.mailboxClose();
        const validity = String(Math.floor(Date.now() / 1000) + ++validitySeq);
        doveadm(["mailbox", "update", "-u", user, "--uid-validity", validity, "INBOX"]);
      }),
    stop() {
      doveadm(["stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
