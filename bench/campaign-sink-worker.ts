// The campaign benchmark's SMTP sink in its own process (parsing 500 mails a second is work the
// sender must not be billed for): the tests' loopback sink, tallied as mails arrive so 10,000 of them
// are not all kept. Prints its URL; SIGTERM prints the tally (mails, recipients, the most any one
// received, distinct Message-IDs, first and last arrival), then exits.
import { startSmtpSink } from "../tests/helpers/smtp-sink.js";

const [user = "bench@campaign.test", password = "bench-secret"] = process.argv.slice(2);
const sink = await startSmtpSink(user, password);
const perRecipient = new Map<string, number>();
const messageIds = new Set<string>();
let mails = 0;
let firstAt = 0;
let lastAt = 0;

function tally() {
  for (const mail of sink.mails.splice(0)) {
    mails += 1;
    firstAt ||= Date.now();
    lastAt = Date.now();
    for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    if (mail.parsed.messageId) messageIds.add(mail.parsed.messageId);
  }
}
setInterval(tally, 20);
process.stdout.write(`${sink.url}\n`);
process.on("SIGTERM", () => {
  tally();
  const summary = {
    mails,
    recipients: perRecipient.size,
    mostToOne: Math.max(0, ...perRecipient.values()),
    messageIds: messageIds.size,
    seconds: (lastAt - firstAt) / 1000,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  void sink.close().then(() => process.exit(0));
});
