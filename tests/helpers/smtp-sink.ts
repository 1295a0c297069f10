// An SMTP server on loopback (the smtp-server package) that keeps every mail it receives, raw and
// parsed, so tests see exactly what nodemailer put on the wire. It can refuse the next mails with a
// scripted SMTP code (4xx: worth a retry, 5xx: final).
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SunkMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  url: string;
  mails: SunkMail[];
  refuseNext(...codes: number[]): void;
  close(): Promise<void>;
}

export async function startSmtpSink(user = "coach@example.test", password = "secret"): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const refusals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const code = refusals.shift();
        if (code) {
          const error = Object.assign(new Error(`scripted refusal ${code}`), { responseCode: code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  // A client killed mid-session (a crash test) resets its connection: nothing to report.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    mails,
    refuseNext: (...codes) => {
      refusals.push(...codes);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
