// Measurement 1: store.leads.search over 100,000 leads in one tenant, with the kinds of queries the
// assistant sends (a few words of text plus one filter), and one filter-only query for reference.
import type { LeadQuery, Store } from "../src/store/index.js";
import { openStore } from "../src/store/index.js";
import {
  type BenchLead,
  HEATS,
  makeLead,
  type Pools,
  pools,
  Rng,
  STATUSES,
  slug,
  TAGS,
} from "./lib/fixtures.js";
import { loadLeads } from "./lib/load-leads.js";
import { type Latency, latency, secondsSince } from "./lib/stats.js";
import { withTempDb } from "./lib/tmpdb.js";

const LEAD_COUNT = 100_000;
const WARMUP_CALLS = 100;
const TIMED_CALLS = 2_000;
const FILTER_ONLY_WARMUP = 20;
const FILTER_ONLY_CALLS = 200;
const CREATE_SAMPLE = 500;
const DATA_SEED = 20_261_121;
const QUERY_SEED = 7;

export interface QueryPlan {
  shape: string;
  /** The slowest timed call of the shape, re-run once to capture its statements. */
  query: LeadQuery;
  ms: number;
  total: number;
  statements: Array<{ sql: string; plan: string[] }>;
}

export interface SearchResults {
  leads: number;
  warmupCalls: number;
  tagRows: number;
  loadSeconds: number;
  createPerSecond: number;
  dataset: { martinShare: number; distinctSurnames: number; medianSurnameRows: number };
  mix: Latency;
  shapes: Array<{ shape: string; latency: Latency; meanTotal: number }>;
  filterOnly: Latency & { meanTotal: number };
  plans: QueryPlan[];
}

interface Shape {
  name: string;
  /** Whether the lead has what the query is built from (a company, an e-mail address). */
  fits(lead: BenchLead): boolean;
  make(rng: Rng, lead: BenchLead): LeadQuery;
}

const NOT_A_COMPANY_WORD = new Set(["&", "et", "SARL", "SAS", "SA"]);

// The four query shapes of the mix. Each is built from a random existing lead, so a common surname is
// asked for as often as it occurs in the data, and most queries have at least one hit.
const SHAPES: Shape[] = [
  {
    name: "surname + status",
    fits: () => true,
    make: (_rng, lead) => ({ text: lead.lastName, status: lead.status }),
  },
  {
    name: "company word + tag",
    fits: (lead) => lead.company !== null,
    make: (rng, lead) => {
      const words = (lead.company ?? "").split(" ").filter((w) => !NOT_A_COMPANY_WORD.has(w));
      const tag = lead.tags.length ? rng.pick(lead.tags) : rng.pick(TAGS)[0];
      return { text: rng.pick(words), tag };
    },
  },
  {
    name: "first-name prefix (3 letters) + heat",
    fits: () => true,
    make: (rng, lead) => ({ text: lead.firstName.slice(0, 3), heat: lead.heat ?? rng.pick(HEATS) }),
  },
  {
    name: "email fragment + inactiveDays",
    fits: (lead) => lead.email !== null,
    make: (rng, lead) => ({ text: emailFragment(rng, lead), inactiveDays: rng.pick([7, 30, 90, 180]) }),
  },
];

/** A piece of the lead's address as someone would type it: the local part, its start, or the domain. */
function emailFragment(rng: Rng, lead: BenchLead): string {
  const [local = "", domain = ""] = (lead.email ?? "").split("@");
  // Only a company's own domain is something one searches by; "gmail" would match a third of the leads.
  const companyDomain = lead.company !== null && domain.startsWith(slug(lead.company));
  const r = rng.float();
  if (r < 0.25 && companyDomain) return domain.slice(0, domain.lastIndexOf("."));
  if (r < 0.5) return local.slice(0, Math.max(4, Math.ceil(local.length * 0.7)));
  return local;
}

interface Timed {
  ms: number;
  total: number;
}

function timed(run: () => { total: number }): Timed {
  const start = performance.now();
  const { total } = run();
  return { ms: performance.now() - start, total };
}

const meanTotal = (runs: readonly Timed[]) => runs.reduce((n, r) => n + r.total, 0) / runs.length;

export function buildLeads(p: Pools): BenchLead[] {
  const rng = new Rng(DATA_SEED);
  const now = Date.now();
  return Array.from({ length: LEAD_COUNT }, () => makeLead(rng, p, now));
}

/** leads.create throughput on a small separate file, to show why the bulk load bypasses it. */
function sampleCreates(leads: readonly BenchLead[]): Promise<number> {
  return withTempDb("create", (path) => {
    const store = openStore({ path });
    try {
      const tenant = store.tenants.create({
        slug: "bench-create",
        name: "Bench",
        plan: "pro",
        vertical: "b2b",
      });
      const scope = { tenantId: tenant.id, actor: "bench" };
      const start = performance.now();
      for (const l of leads.slice(0, CREATE_SAMPLE)) {
        store.leads.create(scope, {
          ...l,
          createdAt: new Date(l.createdAt),
          lastActivityAt: l.lastActivityAt === null ? null : new Date(l.lastActivityAt),
        });
      }
      return CREATE_SAMPLE / secondsSince(start);
    } finally {
      store.close();
    }
  });
}

function datasetStats(store: Store, tenantId: number): SearchResults["dataset"] {
  const { sqlite } = store.ctx;
  const counts = sqlite
    .prepare("select count(*) as n from leads where tenant_id = ? group by last_name order by n")
    .pluck()
    .all(tenantId) as number[];
  const martin = sqlite
    .prepare("select count(*) from leads where tenant_id = ? and last_name = 'Martin'")
    .pluck()
    .get(tenantId) as number;
  return {
    martinShare: martin / LEAD_COUNT,
    distinctSurnames: counts.length,
    medianSurnameRows: counts[Math.floor(counts.length / 2)] ?? 0,
  };
}

// The search's own statements filter on `l.tenant_id`; drizzle's generated lookups (tenant, leads
// page, tags) quote their columns instead, so this keeps the count and page statements only.
const isSearchStatement = (source: string) => source.includes("l.tenant_id = ?");

/**
 * Runs one search again with the connection's prepare() wrapped, to capture its search statements
 * with the values bound to them, and returns their EXPLAIN QUERY PLAN. The values matter: SQLite is
 * built with STAT4 here, so the plan depends on them (with NULLs it shows a different plan).
 */
function explain(store: Store, tenantId: number, shape: string, run: Run): QueryPlan {
  const { sqlite } = store.ctx;
  const seen: Array<{ sql: string; args: unknown[] }> = [];
  const prepare = sqlite.prepare;
  sqlite.prepare = ((source: string) => {
    const statement = prepare.call(sqlite, source);
    if (!isSearchStatement(source)) return statement;
    for (const method of ["all", "get"] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.assign(statement, {
        [method]: (...args: unknown[]) => {
          seen.push({ sql: source, args });
          return original(...args);
        },
      });
    }
    return statement;
  }) as typeof sqlite.prepare;
  try {
    store.leads.search(tenantId, run.query);
  } finally {
    sqlite.prepare = prepare;
  }
  const statements = seen.map(({ sql, args }) => {
    const rows = sqlite.prepare(`explain query plan ${sql}`).all(...args) as Array<{ detail: string }>;
    return { sql, plan: rows.map((r) => r.detail) };
  });
  return { shape, query: run.query, ms: run.ms, total: run.total, statements };
}

type Search = (q: LeadQuery) => { total: number };

interface Run extends Timed {
  shape: string;
  query: LeadQuery;
}

const FILTER_ONLY = "filter only (status + tag)";

function timeQueries(search: Search, queries: ReadonlyArray<{ shape: string; query: LeadQuery }>): Run[] {
  return queries.map(({ shape, query }) => ({ shape, query, ...timed(() => search(query)) }));
}

const summary = (runs: readonly Run[]) => ({
  latency: latency(runs.map((r) => r.ms)),
  meanTotal: meanTotal(runs),
});

/** The slowest call of a group: its query plan is the one worth reading. */
const slowest = (runs: readonly Run[]): Run => runs.reduce((a, b) => (b.ms > a.ms ? b : a));

function measure(store: Store, tenantId: number, leads: readonly BenchLead[], log: (line: string) => void) {
  const rng = new Rng(QUERY_SEED);
  const leadFor = (shape: Shape): BenchLead => {
    for (;;) {
      const lead = leads[rng.int(0, leads.length - 1)] as BenchLead;
      if (shape.fits(lead)) return lead;
    }
  };
  // The shapes take turns, so noise on the machine spreads evenly over them.
  const mixQuery = (i: number) => {
    const shape = SHAPES[i % SHAPES.length] as Shape;
    return { shape: shape.name, query: shape.make(rng, leadFor(shape)) };
  };
  const filterQuery = () => ({
    shape: FILTER_ONLY,
    query: { status: rng.pick(STATUSES)[0], tag: rng.pick(TAGS)[0] } satisfies LeadQuery,
  });
  const search: Search = (q) => store.leads.search(tenantId, q);

  log(`search: ${WARMUP_CALLS} warm-up + ${TIMED_CALLS} timed calls`);
  timeQueries(
    search,
    Array.from({ length: WARMUP_CALLS }, (_, i) => mixQuery(i)),
  );
  const mixRuns = timeQueries(
    search,
    Array.from({ length: TIMED_CALLS }, (_, i) => mixQuery(i)),
  );
  log(`search: filter only, ${FILTER_ONLY_WARMUP} warm-up + ${FILTER_ONLY_CALLS} timed calls`);
  timeQueries(search, Array.from({ length: FILTER_ONLY_WARMUP }, filterQuery));
  const filterRuns = timeQueries(search, Array.from({ length: FILTER_ONLY_CALLS }, filterQuery));

  const groups: Array<[string, Run[]]> = [
    ...SHAPES.map(({ name }): [string, Run[]] => [name, mixRuns.filter((r) => r.shape === name)]),
    [FILTER_ONLY, filterRuns],
  ];
  return {
    mix: latency(mixRuns.map((r) => r.ms)),
    shapes: SHAPES.map(({ name }) => ({ shape: name, ...summary(mixRuns.filter((r) => r.shape === name)) })),
    filterOnly: { ...latency(filterRuns.map((r) => r.ms)), meanTotal: meanTotal(filterRuns) },
    plans: groups.map(([name, runs]) => explain(store, tenantId, name, slowest(runs))),
  };
}

export async function searchBench(log: (line: string) => void): Promise<SearchResults> {
  const leads = buildLeads(pools());
  log(`search: sampling leads.create on ${CREATE_SAMPLE} leads`);
  const createPerSecond = await sampleCreates(leads);

  return withTempDb("search", (path) => {
    const store = openStore({ path });
    try {
      const tenant = store.tenants.create({
        slug: "bench-search",
        name: "Bench",
        plan: "pro",
        vertical: "b2b",
      });
      log(`search: loading ${LEAD_COUNT.toLocaleString("en-US")} leads`);
      const loadStart = performance.now();
      const loaded = loadLeads(store, tenant.id, leads);
      if (loaded.length !== LEAD_COUNT) throw new Error(`loaded ${loaded.length} leads, not ${LEAD_COUNT}`);
      store.ctx.sqlite.exec("ANALYZE");
      // What the product does after a bulk import: merge the search index (see src/store/maintenance.ts).
      store.maintenance.optimize();
      const loadSeconds = secondsSince(loadStart);
      return {
        leads: LEAD_COUNT,
        warmupCalls: WARMUP_CALLS,
        tagRows: leads.reduce((n, l) => n + l.tags.length, 0),
        loadSeconds,
        createPerSecond,
        dataset: datasetStats(store, tenant.id),
        ...measure(store, tenant.id, leads, log),
      };
    } finally {
      store.close();
    }
  });
}
