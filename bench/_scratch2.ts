import { openStore } from "../src/store/index.js";
const store = openStore({ path: "/tmp/bench-proto.db" });
const sqlite = store.ctx.sqlite;
const captured: Array<{ sql: string }> = [];
const orig = sqlite.prepare.bind(sqlite);
(sqlite as any).prepare = (s: string) => { captured.push({ sql: s }); return orig(s); };
const cases: Array<[string, any]> = [
  ["martin+status", { text: "Martin", status: "devis_envoye" }],
  ["rare+status", { text: "Cléllier", status: "nouveau" }],
  ["company+tag", { text: "Conseil", tag: "relance" }],
  ["company2+tag", { text: "Horizon", tag: "client" }],
  ["prefix+heat", { text: "Mar", heat: "chaud" }],
  ["prefix2+heat", { text: "Séb", heat: "tiede" }],
  ["email+inactive", { text: "h.brelard", inactiveDays: 30 }],
  ["email2+inactive", { text: "nathalie.noel", inactiveDays: 90 }],
  ["domain+inactive", { text: "brelard-communication", inactiveDays: 30 }],
  ["filter", { status: "devis_envoye", tag: "relance" }],
];
for (const [name, q] of cases) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 30; i++) {
    captured.length = 0;
    const s = performance.now();
    const r = store.leads.search(1, q);
    times.push(performance.now() - s);
    total = r.total;
  }
  times.sort((a, b) => a - b);
  console.log(name, "total", total, "median ms", times[15]!.toFixed(2), "max", times[29]!.toFixed(2));
}
// plans
(sqlite as any).prepare = orig;
for (const [name, q] of [cases[0]!, cases[2]!, cases[4]!, cases[6]!, cases[9]!]) {
  (sqlite as any).prepare = (s: string) => { captured.push({ sql: s }); return orig(s); };
  captured.length = 0;
  store.leads.search(1, q);
  (sqlite as any).prepare = orig;
  console.log("==", name);
  for (const c of captured.slice(0, 3)) console.log(c.sql);
}
