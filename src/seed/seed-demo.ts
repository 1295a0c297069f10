// `max seed --demo`: two demo tenants with owners, 60 French leads each spread over the pipeline,
// their timelines, opt-outs and two weeks of token usage. Idempotent: a tenant that exists is left
// exactly as it is, and each tenant is written in one transaction, so a crash leaves nothing half-made.
import type { CostKey, Plan, Vertical } from "../domain/index.js";
import { costOf } from "../domain/index.js";
import type { Scope, Store } from "../store/index.js";
import { type DemoVertical, demoLeads } from "./demo-leads.js";

const DAY_MS = 86_400_000;

interface DemoTenant {
  slug: string;
  name: string;
  plan: Plan;
  vertical: DemoVertical & Vertical;
  users: Array<{
    name: string;
    role: "owner" | "admin" | "member";
    email: string;
    identities?: { slack?: string; whatsapp?: string };
  }>;
  /** The Slack team and WhatsApp business number that reach this tenant. */
  links?: { slack?: string; whatsapp?: string };
  /** A typical day of usage, replayed over the last two weeks. */
  dailyUsage: CostKey[];
}

export const DEMO_TENANTS: readonly DemoTenant[] = [
  {
    slug: "demo-coaching",
    name: "Sophie Martin Coaching",
    plan: "pro",
    vertical: "coaching",
    users: [
      {
        name: "Sophie Martin",
        role: "owner",
        email: "sophie@demo-coaching.fr",
        identities: { slack: "T0DEMO:U0DEMO", whatsapp: "+33600000001" },
      },
    ],
    links: { slack: "T0DEMO", whatsapp: "+33100000000" },
    dailyUsage: ["lead_analysis", "whatsapp_message", "crm_change", "lead_analysis"],
  },
  {
    slug: "demo-b2b",
    name: "Garnier Conseil",
    plan: "standard",
    vertical: "b2b",
    users: [
      { name: "Julien Garnier", role: "owner", email: "julien@garnier-conseil.fr" },
      { name: "Claire Dubois", role: "member", email: "claire@garnier-conseil.fr" },
    ],
    dailyUsage: ["lead_analysis", "crm_change", "crm_change"],
  },
];

export interface SeedResult {
  slug: string;
  created: boolean;
  leads: number;
  balance: number;
}

function seedTenant(store: Store, spec: DemoTenant, now: Date): void {
  const tenant = store.tenants.create(
    { slug: spec.slug, name: spec.name, plan: spec.plan, vertical: spec.vertical },
    "seed",
  );
  const scope: Scope = { tenantId: tenant.id, actor: "seed" };
  const [owner, ...others] = spec.users.map(({ name, role, email }) =>
    store.users.create(scope, { name, role, email }),
  );
  if (!owner) throw new Error("a demo tenant needs an owner");
  const owners = [owner, ...others];
  demoLeads(spec.vertical).forEach((demo, i) => {
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const lead = store.leads.create(scope, {
      ...demo,
      ownerId: owners[i % owners.length]?.id,
      createdAt: ago(demo.daysSinceCreated),
      lastActivityAt: demo.daysSinceLastActivity === null ? null : ago(demo.daysSinceLastActivity),
    });
    for (const a of [...demo.activities].reverse()) {
      store.activities.add(scope, lead.id, { kind: a.kind, body: a.summary, occurredAt: ago(a.daysAgo) });
    }
    for (const channel of demo.optedOut ?? []) store.leads.setConsent(scope, lead.id, channel, "opt_out");
  });
  replayUsage(store, tenant.id, spec.dailyUsage, now);
}

/** Writes two weeks of past debits through the real ledger, with its clock set to each day. */
function replayUsage(store: Store, tenantId: number, daily: CostKey[], now: Date): void {
  let at = new Date(now.getTime() - 14 * DAY_MS);
  const { ledger } = store.asOf(() => at);
  for (let day = 14; day >= 1; day--) {
    daily.forEach((action, i) => {
      at = new Date(now.getTime() - day * DAY_MS + (i + 9) * 3_600_000);
      ledger.debit({ tenantId, actor: "seed" }, { action, amount: costOf(action) });
    });
  }
}

/** Links the demo's Slack team, WhatsApp number and owner identities; safe to repeat. */
function linkChannels(store: Store, spec: DemoTenant, tenantId: number): void {
  const scope: Scope = { tenantId, actor: "seed" };
  for (const [channel, id] of Object.entries(spec.links ?? {}) as ["slack" | "whatsapp", string][]) {
    store.tenantLinks.link(scope, channel, id);
  }
  const users = store.users.list(tenantId);
  for (const u of spec.users) {
    const user = users.find((x) => x.email === u.email);
    for (const [channel, id] of Object.entries(u.identities ?? {}) as ["slack" | "whatsapp", string][]) {
      if (user && !store.users.findByIdentity(tenantId, channel, id))
        store.users.addIdentity(scope, user.id, channel, id);
    }
  }
}

export function seedDemo(store: Store, now = store.clock()): SeedResult[] {
  const results = DEMO_TENANTS.map((spec) => {
    const existing = store.tenants.getBySlug(spec.slug);
    if (!existing) store.transaction(() => seedTenant(store, spec, now));
    const tenant = existing ?? store.tenants.getBySlug(spec.slug);
    if (!tenant) throw new Error(`seed of ${spec.slug} did not persist`);
    store.transaction(() => linkChannels(store, spec, tenant.id));
    return {
      slug: spec.slug,
      created: !existing,
      leads: store.leads.search(tenant.id, { limit: 1 }).total,
      balance: store.ledger.balance(tenant.id),
    };
  });
  if (results.some((r) => r.created)) store.maintenance.optimize();
  return results;
}
