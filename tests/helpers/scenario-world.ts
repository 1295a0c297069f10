// A tenant per vertical with one reachable lead, for the scenario tests, and a clock that walks in
// half hours so each step runs at the exact half hour it is due.
import type { Mode, Vertical } from "../../src/domain/index.js";
import type { Store } from "../../src/store/index.js";
import { drain, jobDeps } from "./scenario-jobs.js";
import { makeTenant, type TestStore } from "./store.js";

export function reachableLead(store: Store, tenantId: number, status: string, n = 1) {
  return store.leads.create(
    { tenantId, actor: "test" },
    {
      firstName: `Jean${n}`,
      lastName: "Dupont",
      company: "Dupont SARL",
      email: `jean${n}@dupont.fr`,
      phone: `+3361234${String(n).padStart(4, "0")}`,
      status,
      consent: { email: true, whatsapp: true },
    },
  );
}

export function world(t: TestStore, slug: string, vertical: Vertical, defaultMode: Mode = "auto") {
  const made = makeTenant(t.store, slug, { vertical, defaultMode });
  t.store.ledger.summary(made.tenant.id); // credits the month's allowance
  return made;
}

/** Walks the clock forward by half hours up to `days`, running due jobs at each stop. */
export async function walk(t: TestStore, days: number, n8nSecret?: string): Promise<void> {
  const deps = jobDeps(t.store, n8nSecret);
  const end = t.clock.now.getTime() + days * 86_400_000;
  await drain(deps);
  while (t.clock.now.getTime() < end) {
    t.clock.now = new Date(t.clock.now.getTime() + 30 * 60_000);
    await drain(deps);
  }
}

/** Each recorded step of an enrollment: key, outcome and when it was acted on (ISO, UTC). */
export function stepLog(store: Store, tenantId: number, enrollmentId: number) {
  return store.scenarios
    .steps(tenantId, enrollmentId)
    .map((s) => [s.stepKey, s.outcome, s.createdAt.toISOString()]);
}
