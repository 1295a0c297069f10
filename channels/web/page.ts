// The chat page: one self-contained HTML document (inline CSS and script, no external URL), built
// once at start-up, served with a Content-Security-Policy that allows exactly these inline blocks.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Route } from "../../src/outbox/route.js";

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");
const cspHash = (source: string) => `'sha256-${createHash("sha256").update(source).digest("base64")}'`;

function buildPage() {
  const style = asset("chat.css");
  const script = asset("chat.js");
  const html = asset("chat.html")
    .replace("/*STYLE*/", () => style)
    .replace("/*SCRIPT*/", () => script);
  const policy = [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    `script-src ${cspHash(script)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": policy,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    },
    body: html,
  };
}

export function pageRoute(): Route {
  const page = buildPage();
  return { method: "GET", path: "/", handle: () => page };
}
