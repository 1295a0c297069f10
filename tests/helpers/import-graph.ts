// The import graph of src/, tools/ and channels/, and the room order it must respect. Pure logic, no
// vitest: tests/structure.test.ts runs it on the repo and on planted problems.
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

export interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

export interface Room {
  readonly name: string;
  readonly rank: number;
  /** Exact file paths, or "dir/**" for everything under a folder. */
  readonly paths: readonly string[];
}

/** From inner to outer: a room may import only its own files and rooms of strictly lower rank. */
export const ROOMS: readonly Room[] = [
  { name: "domain", rank: 0, paths: ["src/domain/**"] },
  { name: "config", rank: 1, paths: ["src/config.ts", "src/log.ts"] },
  { name: "store", rank: 2, paths: ["src/store/**"] },
  { name: "seed", rank: 3, paths: ["src/seed/**"] },
  { name: "integrations", rank: 4, paths: ["src/integrations/**"] },
  { name: "outbox", rank: 5, paths: ["src/outbox/**"] },
  { name: "agent", rank: 6, paths: ["src/agent/**"] },
  { name: "scenarios", rank: 7, paths: ["src/scenarios/**"] },
  { name: "tools", rank: 8, paths: ["tools/**"] },
  { name: "inbound", rank: 9, paths: ["src/inbound/**"] },
  { name: "channels", rank: 10, paths: ["channels/**"] },
  { name: "http", rank: 11, paths: ["src/http/**"] },
  {
    name: "entry",
    rank: 12,
    paths: ["src/runtime.ts", "src/main.ts", "src/worker.ts", "src/cli.ts", "src/commands/**"],
  },
];

const SCOPE_DIRS = ["src", "tools", "channels"];

export function roomOf(path: string): Room | undefined {
  return ROOMS.find((room) =>
    room.paths.some((p) => (p.endsWith("/**") ? path.startsWith(p.slice(0, -2)) : path === p)),
  );
}

/** Production code: .ts files (declarations excluded) under src/, tools/ and channels/. */
export function inScope(path: string): boolean {
  return (
    SCOPE_DIRS.some((dir) => path.startsWith(`${dir}/`)) && path.endsWith(".ts") && !path.endsWith(".d.ts")
  );
}

/** Every module reference in a file, read from the AST so strings and comments never count. */
export function readImports(file: string, source: string): ImportRef[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      refs.push({ specifier: specifier.text, typeOnly, line });
    }
  };
  // `import { type A, type B }` is erased like `import type { A, B }`; an empty list is not (it loads).
  const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) =>
    elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            allTypes(named.elements)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      const typeOnly =
        node.isTypeOnly || (named !== undefined && ts.isNamedExports(named) && allTypes(named.elements));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      // `type T = import("./x.js").T` depends on x as much as `import type` does.
      const arg = node.argument;
      add(node, ts.isLiteralTypeNode(arg) ? arg.literal : undefined, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** Where a relative specifier lands, or undefined when it is a package or a non-TypeScript asset. */
function resolve(from: string, specifier: string, files: Map<string, string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  // NodeNext code names the emitted .js; the source is the .ts beside it.
  let primary = base.endsWith(".js") ? `${base.slice(0, -3)}.ts` : base;
  if (posix.extname(primary) === "") primary = `${primary}.ts`;
  const candidates = [primary, base, `${base}.ts`, `${base}/index.ts`];
  const found = candidates.find((c) => files.has(c));
  if (found) return found;
  // A missing .ts file is still a dependency (tsc will complain too); a missing .json or .html is not ours.
  return primary.endsWith(".ts") ? primary : undefined;
}

export function buildGraph(files: Map<string, string>): Edge[] {
  const edges: Edge[] = [];
  for (const [from, source] of files) {
    for (const ref of readImports(from, source)) {
      const to = resolve(from, ref.specifier, files);
      if (to !== undefined) edges.push({ from, to, typeOnly: ref.typeOnly, line: ref.line });
    }
  }
  return edges;
}

/** Tarjan's strongly connected components, each sorted; single files only when they import themselves. */
function findCycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    if (!next.has(e.to)) next.set(e.to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || next.get(v)?.includes(v)) cycles.push(component.sort());
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return cycles.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** `store.ctx` or `x.store.ctx`: the raw connection behind a store, reached from outside it. */
function rawStoreReads(file: string, source: string): number[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === "ctx") {
      const target = node.expression;
      const named = ts.isIdentifier(target)
        ? target.text
        : ts.isPropertyAccessExpression(target)
          ? target.name.text
          : "";
      if (named === "store") lines.push(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return lines;
}

/**
 * Nothing outside src/store touches the raw database: no import of its connection context (where
 * BEGIN is issued) and no `store.ctx`. The store offers the units of work (store.transaction).
 */
export function rawDatabaseAccess(files: Map<string, string>): string[] {
  const found: string[] = [];
  const outside = (f: string) => inScope(f) && !f.startsWith("src/store/");
  for (const e of buildGraph(files)) {
    if (outside(e.from) && e.to === "src/store/context.ts") found.push(`${e.from}:${e.line} imports ${e.to}`);
  }
  for (const [file, source] of files) {
    if (outside(file))
      for (const line of rawStoreReads(file, source)) found.push(`${file}:${line} reads store.ctx`);
  }
  return found;
}

export function checkStructure(files: Map<string, string>): {
  outward: string[];
  cycles: string[][];
  roomless: string[];
} {
  const edges = buildGraph(files);
  const outward: string[] = [];
  for (const e of edges) {
    const from = roomOf(e.from);
    const to = roomOf(e.to);
    if (!inScope(e.from) || from === undefined || to === undefined || to === from) continue;
    if (to.rank >= from.rank) {
      const verb = e.typeOnly ? "imports type" : "imports";
      outward.push(`${e.from}:${e.line} ${verb} ${e.to} (${from.name} -> ${to.name})`);
    }
  }
  const roomless = [...files.keys()].filter((f) => inScope(f) && roomOf(f) === undefined).sort();
  return { outward, cycles: findCycles(edges), roomless };
}

/** Every in-scope file under root, keyed by its repo-relative POSIX path. */
export function loadRepoFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return; // a room folder may not exist yet while files move
    }
    // Sorted so the map, and so every report, comes out in the same order on every machine.
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== "node_modules") walk(path);
      else if (entry.isFile() && inScope(path)) files.set(path, readFileSync(join(root, path), "utf8"));
    }
  };
  for (const dir of SCOPE_DIRS) walk(dir);
  return files;
}
