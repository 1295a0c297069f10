// `max connect email --tenant SLUG --smtp URL --imap URL --from ADDRESS`: the tenant's own mailbox.
// The URLs carry the password (smtp://user:pass@host:port, imap://user:pass@host:port/INBOX); they are
// stored with it, since each tenant has its own mailbox, and are only ever printed masked.
import { z } from "zod";
import { imapTarget, maskUrl, smtpOptions } from "../../channels/email/mail-url.js";
import { type CommandContext, parseFlags, printJson, UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

const fromSchema = z.string().trim().toLowerCase().pipe(z.email());

function checked(
  flag: string,
  value: string | undefined,
  example: string,
  parse: (v: string) => unknown,
): string {
  if (!value) throw new UsageError(`--${flag} est requis, p. ex. ${example}`);
  try {
    parse(value);
  } catch (error) {
    throw new UsageError(
      `--${flag} attend ${example} (${(error as Error).message}, reçu « ${maskUrl(value)} »)`,
    );
  }
  return value;
}

export function connectEmail({ io, openStore }: CommandContext, args: string[]): number {
  const flags = parseFlags(args, {
    tenant: { type: "string" },
    smtp: { type: "string" },
    imap: { type: "string" },
    from: { type: "string" },
  });
  const smtpUrl = checked("smtp", flags.smtp, "smtp://utilisateur:motdepasse@hôte:587", smtpOptions);
  const imapUrl = checked("imap", flags.imap, "imap://utilisateur:motdepasse@hôte:143/INBOX", imapTarget);
  const from = fromSchema.safeParse(flags.from ?? "");
  if (!from.success) throw new UsageError(`--from attend une adresse e-mail (reçu « ${flags.from ?? ""} »)`);
  const store = openStore();
  try {
    const tenant = requireTenant(store, flags.tenant);
    store.emailAccounts.set(
      { tenantId: tenant.id, actor: "cli" },
      { smtpUrl, imapUrl, fromAddress: from.data },
    );
    const shown = {
      tenant: tenant.slug,
      integration: "email",
      smtp: maskUrl(smtpUrl),
      imap: maskUrl(imapUrl),
      from: from.data,
    };
    if (flags.json) printJson(io, shown);
    else
      io.stdout(
        `E-mail relié à ${tenant.slug} : envoi ${shown.smtp}, lecture ${shown.imap}, expéditeur ${shown.from}.\n`,
      );
    return 0;
  } finally {
    store.close();
  }
}
