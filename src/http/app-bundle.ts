// The dashboard app (web/) bundled by esbuild when the server starts — no second server, no build step
// to remember: one minified script and one stylesheet, named by their content hash (cached for good),
// gzipped once, served under a Content-Security-Policy that allows only our own origin.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { HttpRequest, HttpResponse, Route } from "../outbox/route.js";

const ENTRY = new URL("../../web/main.tsx", import.meta.url);

export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // The Créa editor's preview: a sandboxed frame of our own (/crea/preview), never another site's.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": APP_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export interface AppAsset {
  path: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

export async function bundleApp(): Promise<AppAsset[]> {
  const result = await build({
    entryPoints: { app: ENTRY.pathname },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "[name]-[hash]",
    outdir: "/assets",
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles.map((file) => {
    const body = Buffer.from(file.contents);
    const extension = file.path.split(".").pop() ?? "";
    return {
      path: file.path,
      type: TYPES[extension] ?? "application/octet-stream",
      body,
      gzip: gzipSync(body),
    };
  });
}

const page = (assets: readonly AppAsset[]) => {
  const script = assets.find((a) => a.path.endsWith(".js"))?.path;
  const style = assets.find((a) => a.path.endsWith(".css"))?.path;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>M.A.X. — tableau de bord</title>
${style ? `<link rel="stylesheet" href="${style}">` : ""}
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"><p class="loading" role="status">Chargement de M.A.X.…</p></div>
</body>
</html>
`;
};

const acceptsGzip = (req: HttpRequest) => /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));

function served(req: HttpRequest, asset: AppAsset, cache: string): HttpResponse {
  const gzip = acceptsGzip(req);
  return {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      "content-type": asset.type,
      "cache-control": cache,
      vary: "accept-encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    },
    body: gzip ? asset.gzip : asset.body,
  };
}

let bundled: Promise<AppAsset[]> | undefined;

/** The page at `/` and its hashed assets; the bundle is built once per process. */
export async function appRoutes(): Promise<Route[]> {
  bundled ??= bundleApp();
  const assets = await bundled;
  const html = Buffer.from(page(assets));
  const index: AppAsset = { path: "/", type: "text/html; charset=utf-8", body: html, gzip: gzipSync(html) };
  return [
    { method: "GET", path: "/", handle: (req) => served(req, index, "no-store") },
    ...assets.map(
      (asset): Route => ({
        method: "GET",
        path: asset.path,
        handle: (req) => served(req, asset, "public, max-age=31536000, immutable"),
      }),
    ),
  ];
}
