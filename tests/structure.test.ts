// The rooms of src/, tools/ and channels/ only import inward (see ROOMS), and no files import each other
// in a circle. The planted cases prove the check would catch each kind of break, so an empty report on
// the repo means something.
import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  buildGraph,
  checkStructure,
  loadRepoFiles,
  rawDatabaseAccess,
  readImports,
  roomOf,
} from "./helpers/import-graph.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const repo = loadRepoFiles(root);

const withPlanted = (planted: Record<string, string>) =>
  checkStructure(new Map([...repo, ...Object.entries(planted)]));

describe("the repository's structure", () => {
  const report = checkStructure(repo);

  it("reads the production files", () => {
    expect(repo.size).toBeGreaterThan(0);
    expect([...repo.keys()].every((f) => /^(src|tools|channels)\/.*\.ts$/.test(f))).toBe(true);
  });

  // toEqual([]) so a failure prints every offending line.
  it("has no import from a room to an outer room", () => {
    expect(report.outward).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(report.cycles).toEqual([]);
  });

  it("gives every file under src/ a room", () => {
    expect(report.roomless).toEqual([]);
  });

  it("leaves the raw database to src/store", () => {
    expect(rawDatabaseAccess(repo)).toEqual([]);
  });
});

describe("the structure check on planted problems", () => {
  it("reports the domain importing the store", () => {
    const report = withPlanted({
      "src/domain/planted.ts": 'import { openStore } from "../store/index.js";\n',
    });
    expect(report.outward).toContain("src/domain/planted.ts:1 imports src/store/index.ts (domain -> store)");
  });

  it("reports a type-only import outward too", () => {
    const report = withPlanted({
      "src/store/planted.ts": 'import type { Tenant } from "../agent/gate.js";\n',
    });
    expect(report.outward).toContain(
      "src/store/planted.ts:1 imports type src/agent/gate.ts (store -> agent)",
    );
  });

  it("reports tools importing a channel", () => {
    const report = withPlanted({ "tools/planted.ts": 'export * from "../channels/index.js";\n' });
    expect(report.outward).toContain("tools/planted.ts:1 imports channels/index.ts (tools -> channels)");
  });

  it("reports a cycle inside one room, dynamic imports included", () => {
    const report = withPlanted({
      "src/agent/planted-a.ts": 'export async function a() {\n  return import("./planted-b.js");\n}\n',
      "src/agent/planted-b.ts": 'import { a } from "./planted-a.js";\nexport const b = a;\n',
    });
    expect(report.cycles).toContainEqual(["src/agent/planted-a.ts", "src/agent/planted-b.ts"]);
    expect(report.outward.filter((l) => l.includes("planted"))).toEqual([]);
  });

  it("reports a file importing itself", () => {
    const report = withPlanted({ "src/agent/planted.ts": 'export * from "./planted.js";\n' });
    expect(report.cycles).toContainEqual(["src/agent/planted.ts"]);
  });

  it("reports code outside the store opening a transaction by hand or reading store.ctx", () => {
    const planted = new Map([
      ...repo,
      [
        "src/agent/planted.ts",
        'import { inTransaction } from "../store/context.js";\nexport { inTransaction };\n',
      ],
      ["src/scenarios/planted.ts", "export const f = (deps: any) => deps.store.ctx.sqlite.name;\n"],
      ["src/store/planted.ts", "export const g = (store: any) => store.ctx.sqlite;\n"],
    ]);
    expect(rawDatabaseAccess(planted)).toEqual([
      "src/agent/planted.ts:1 imports src/store/context.ts",
      "src/scenarios/planted.ts:1 reads store.ctx",
    ]);
  });

  it("reports a new top-level file under src/ with no room", () => {
    expect(withPlanted({ "src/planted.ts": "export {};\n" }).roomless).toContain("src/planted.ts");
    expect(roomOf("src/planted.ts")).toBeUndefined();
  });

  it("accepts inward imports and ignores files out of scope", () => {
    const report = withPlanted({
      "src/agent/planted.ts":
        'import "../store/index.js";\nimport type { Plan } from "../domain/index.js";\n',
      "tests/planted.ts": 'import "../channels/index.js";\n',
      "src/planted.d.ts": "export {};\n",
    });
    expect([...report.outward, ...report.roomless].filter((l) => l.includes("planted"))).toEqual([]);
  });
});

describe("buildGraph", () => {
  it("resolves .js to .ts, folders to index.ts, keeps missing .ts files and drops packages and assets", () => {
    const files = new Map([
      ["src/http/a.ts", 'import "./b.js";\nimport "../store";\nimport "./gone.js";\n'],
      ["src/http/b.ts", 'import "node:fs";\nimport "zod";\nimport "./page.html";\nimport "./data.json";\n'],
      ["src/store/index.ts", ""],
    ]);
    expect(buildGraph(files)).toEqual([
      { from: "src/http/a.ts", to: "src/http/b.ts", typeOnly: false, line: 1 },
      { from: "src/http/a.ts", to: "src/store/index.ts", typeOnly: false, line: 2 },
      { from: "src/http/a.ts", to: "src/http/gone.ts", typeOnly: false, line: 3 },
    ]);
  });
});

describe("readImports", () => {
  it("finds every import form from the AST, and nothing in strings or comments", () => {
    const source = [
      'import def from "./a.js";',
      'import type { T } from "./b.js";',
      'import { type U, type V } from "./c.js";',
      'import { type W, x } from "./d.js";',
      'import * as ns from "./e.js";',
      'import "./f.js";',
      'export { y } from "./g.js";',
      'export type { Z } from "./h.js";',
      'export * from "./i.js";',
      'export * as j from "./j.js";',
      'import { readFileSync } from "node:fs";',
      "const s = 'import x from \"./not-a.js\"';",
      '// import y from "./not-b.js";',
      '/* export * from "./not-c.js" */',
      'const t = `import("./not-d.js")`;',
      "async function later(name: string) {",
      '  const m = await import("./k.js");',
      "  return [m, await import(name)];",
      "}",
      'type L = import("./l.js").L;',
    ].join("\n");
    expect(readImports("src/x.ts", source)).toEqual([
      { specifier: "./a.js", typeOnly: false, line: 1 },
      { specifier: "./b.js", typeOnly: true, line: 2 },
      { specifier: "./c.js", typeOnly: true, line: 3 },
      { specifier: "./d.js", typeOnly: false, line: 4 },
      { specifier: "./e.js", typeOnly: false, line: 5 },
      { specifier: "./f.js", typeOnly: false, line: 6 },
      { specifier: "./g.js", typeOnly: false, line: 7 },
      { specifier: "./h.js", typeOnly: true, line: 8 },
      { specifier: "./i.js", typeOnly: false, line: 9 },
      { specifier: "./j.js", typeOnly: false, line: 10 },
      { specifier: "node:fs", typeOnly: false, line: 11 },
      { specifier: "./k.js", typeOnly: false, line: 17 },
      { specifier: "./l.js", typeOnly: true, line: 20 },
    ]);
  });
});

describe("the dashboard's front end (web/)", () => {
  // The browser bundle stands alone: it talks to the server over HTTP only, so no server code (and
  // no secret it could hold) is ever bundled into the page, and the server never imports the page.
  const webFiles = [...readdirSync(new URL("../web", import.meta.url), { recursive: true })]
    .map(String)
    .filter((f) => /\.tsx?$/.test(f));

  it("imports only its own files and npm packages", () => {
    const outside = webFiles.flatMap((file) =>
      readImports(file, readFileSync(new URL(`../web/${file}`, import.meta.url), "utf8"))
        .filter((ref) => ref.specifier.startsWith(".") && !resolvesInside(file, ref.specifier))
        .map((ref) => `web/${file}:${ref.line} imports ${ref.specifier}`),
    );
    expect(webFiles.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
  });

  it("is never imported by the server, only bundled from its entry", () => {
    const importers = [...repo].flatMap(([file, source]) =>
      readImports(file, source)
        .filter(
          (ref) =>
            ref.specifier.startsWith(".") &&
            posix.join(posix.dirname(file), ref.specifier).startsWith("web/"),
        )
        .map((ref) => `${file}:${ref.line} imports ${ref.specifier}`),
    );
    expect(importers).toEqual([]);
  });
});

/** Whether a relative import from web/<file> stays under web/. */
function resolvesInside(file: string, specifier: string): boolean {
  const depth = file.split("/").length - 1;
  const ups = specifier.split("/").filter((part) => part === "..").length;
  return ups <= depth;
}
