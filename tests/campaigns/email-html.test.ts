// The campaign body made fit for mail clients: sanitised (no script, handler, javascript: link, form
// or frame), its <style> inlined by juice then removed, its web links listed in order — the same
// order the sender rewrites them in — and our pictures made absolute.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { absoluteMedia, prepareEmailHtml, rewriteWebLinks } from "../../src/domain/email-html.js";

const HOSTILE = `<html><head><style>p { color: #c00 } .big { font-size: 20px }</style>
<script>alert("x")</script></head>
<body><p class="big" onclick="steal()">Bonjour {{nom}}</p>
<a href="javascript:alert(1)">piège</a>
<a href="https://exemple.fr/offre?a=1&b=2">Offre</a>
<a href="mailto:contact@exemple.fr">Écrire</a>
<a href="[Votre lien ici]">Lien à remplacer</a>
<a href="http://exemple.fr/deux">Deux</a>
<img src="data:image/png;base64,AAAA" alt="data">
<img src="/media/0f3c.png" alt="photo" onerror="steal()">
<img src="https://cdn.exemple.fr/logo.png" alt="logo">
<iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name="x"></form>
</body></html>`;

describe("prepareEmailHtml", () => {
  const { html, links } = prepareEmailHtml(HOSTILE);

  it("removes scripts, handlers, javascript: links, frames and forms", () => {
    expect(html).not.toMatch(/<script|alert\(|onclick|onerror|javascript:|<iframe|<form|<input/i);
    expect(html).toContain(">piège</a>");
    expect(html).toContain("Bonjour {{nom}}");
  });

  it("inlines the <style> rules and removes the <style> element", () => {
    expect(html).not.toContain("<style");
    expect(html).toMatch(/<p class="big" style="color: #c00; font-size: 20px;">/);
  });

  it("keeps pictures from the web or /media/ only", () => {
    expect(html).not.toContain("data:image");
    expect(html).toContain('src="/media/0f3c.png"');
    expect(html).toContain('src="https://cdn.exemple.fr/logo.png"');
  });

  it("lists the web links in order, mailto and unfinished links aside", () => {
    expect(links).toEqual(["https://exemple.fr/offre?a=1&b=2", "http://exemple.fr/deux"]);
    expect(html).toContain('href="mailto:contact@exemple.fr"');
    expect(html).toContain("<a>Lien à remplacer</a>");
  });

  it("rewrites link n of the body as link n of the list", () => {
    const rewritten = rewriteWebLinks(html, (url, i) => `https://max.test/t/click?r=T&l=${i}#${url}`);
    expect(rewritten).toContain(
      'href="https://max.test/t/click?r=T&amp;l=0#https://exemple.fr/offre?a=1&amp;b=2"',
    );
    expect(rewritten).toContain('href="https://max.test/t/click?r=T&amp;l=1#http://exemple.fr/deux"');
    expect(rewritten).toContain('href="mailto:contact@exemple.fr"');
  });

  it("makes our pictures absolute for mail clients", () => {
    expect(absoluteMedia(html, "https://max.test")).toContain('src="https://max.test/media/0f3c.png"');
  });

  it("keeps a template of the Espace Créa whole: its layout, styles and merge fields", () => {
    const template = readFileSync(
      new URL("../../prompts/newsletters/relance-devis-j3.html", import.meta.url),
      "utf8",
    );
    const prepared = prepareEmailHtml(template);
    expect(prepared.html).toContain('<table role="presentation"');
    expect(prepared.html).toMatch(/style="[^"]*font-family/);
    expect(prepared.html).toContain("{{nom}}");
  });
});
