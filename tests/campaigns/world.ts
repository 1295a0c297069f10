// A tenant for the campaign tests: `reachable` leads tagged « newsletter » who may receive e-mail
// (an address and an opt-in), and three more with the tag who may not — one without an address, one
// without an opt-in, one who opted out — so every campaign to the tag excludes exactly three.
import type { Mode } from "../../src/domain/index.js";
import type { Lead, Store } from "../../src/store/index.js";
import { makeTenant } from "../helpers/store.js";

export const TAG = "newsletter";
export const EXCLUDED = 3;

export function campaignWorld(
  store: Store,
  slug: string,
  reachable: number,
  {
    defaultMode = "auto" as Mode,
    mailbox = true,
    from = `contact@${slug}.test`,
    smtpUrl = "smtp://unused@127.0.0.1:1",
  } = {},
) {
  const made = makeTenant(store, slug, { vertical: "b2b", defaultMode }, { mailbox: false });
  const { scope } = made;
  if (mailbox)
    store.emailAccounts.set(scope, {
      smtpUrl,
      imapUrl: "imap://unused:x@127.0.0.1:1/INBOX",
      fromAddress: from,
    });
  store.ledger.summary(made.tenant.id); // credits the month's allowance
  const leads: Lead[] = [];
  for (let i = 0; i < reachable; i++) {
    leads.push(
      store.leads.create(scope, {
        firstName: `Prénom${i}`,
        lastName: `Nom${i}`,
        company: `Société ${i}`,
        email: `lead${i}@${slug}.test`,
        tags: [TAG],
        consent: { email: true },
      }),
    );
  }
  const noEmail = store.leads.create(scope, {
    firstName: "Sans",
    lastName: "Adresse",
    tags: [TAG],
    consent: { email: true },
  });
  const noOptIn = store.leads.create(scope, {
    firstName: "Sans",
    lastName: "Accord",
    email: `sans-accord@${slug}.test`,
    tags: [TAG],
  });
  const optedOut = store.leads.create(scope, {
    firstName: "Dés",
    lastName: "Inscrit",
    email: `desinscrit@${slug}.test`,
    tags: [TAG],
    consent: { email: true },
  });
  store.leads.setConsent(scope, optedOut.id, "email", "opt_out");
  return { ...made, leads, excluded: [noEmail, noOptIn, optedOut] };
}

/** A body with two web links, a mailto, a merge field and a <style> to inline. */
export const BODY = `<html><head><style>.cta { color: #b5651d }</style></head><body>
<p>Bonjour {{nom}}, de la part de {{entreprise}}.</p>
<p><a class="cta" href="https://shop.example/offre?x=1&y=2">Voir l'offre</a></p>
<p><a href="https://shop.example/blog">Le blog</a> · <a href="mailto:contact@shop.example">Nous écrire</a></p>
</body></html>`;
