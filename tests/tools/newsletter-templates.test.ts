import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  htmlToText,
  IMAGE_PLACEHOLDER,
  renderMergeFields,
  textToHtml,
  unknownMergeFields,
} from "../../src/domain/index.js";
import {
  fillDraftSlots,
  loadTemplate,
  parseTemplate,
  TEMPLATE_IDS,
} from "../../tools/newsletter-templates.js";

const VOID = new Set(["meta", "br", "img", "hr", "link", "input"]);

/** Open and close tags pair up (void elements aside): enough to catch a broken edit. */
function unbalancedTags(html: string): string[] {
  const stack: string[] = [];
  const errors: string[] = [];
  for (const [, slash, name] of html
    .replace(/<!--[\s\S]*?-->/g, "")
    .matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const tag = name?.toLowerCase() ?? "";
    if (VOID.has(tag)) continue;
    if (!slash) stack.push(tag);
    else if (stack.pop() !== tag) errors.push(`</${tag}>`);
  }
  return [...errors, ...stack];
}

const lead = (over: Partial<Parameters<typeof renderMergeFields>[1]> = {}) => ({
  firstName: "Jean",
  lastName: "Dupont",
  company: "Dupont BTP",
  fields: { secteur_b2b: "BTP" },
  ...over,
});

describe("the newsletter templates", () => {
  it("are exactly the files of prompts/newsletters, each with a French header and a channel", () => {
    const files = readdirSync(new URL("../../prompts/newsletters/", import.meta.url)).filter((f) =>
      f.endsWith(".html"),
    );
    expect(files.map((f) => f.replace(/\.html$/, "")).sort()).toEqual([...TEMPLATE_IDS].sort());
    const channels = TEMPLATE_IDS.map((id) => loadTemplate(id).channel);
    expect(channels.filter((c) => c === "whatsapp")).toHaveLength(1);
    expect(loadTemplate("remerciement-whatsapp").channel).toBe("whatsapp");
    expect(loadTemplate("relance-devis-j3")).toMatchObject({ title: "Relance devis J+3", channel: "email" });
  });

  it.each(TEMPLATE_IDS)(
    "%s is balanced HTML with the merge fields, the image placeholder and both slots",
    (id) => {
      const { html, subject } = loadTemplate(id);
      expect(subject.length).toBeGreaterThan(5);
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).toContain('<html lang="fr">');
      expect(unbalancedTags(html)).toEqual([]);
      expect(html).toContain("Bonjour {{nom}}");
      expect(html).toContain(IMAGE_PLACEHOLDER);
      expect(html).toContain("<!-- intro -->");
      expect(html).toContain("<!-- signature -->");
    },
  );

  it("use all three merge fields between them", () => {
    const all = TEMPLATE_IDS.map((id) => loadTemplate(id).html).join("\n");
    for (const field of ["{{nom}}", "{{entreprise}}", "{{secteur}}"]) expect(all).toContain(field);
  });

  it("refuse a file without its header or with an unknown channel", () => {
    expect(() => parseTemplate("x", "<p>Bonjour</p>")).toThrow(/header/);
    expect(() => parseTemplate("x", "<!--\ntitre: T\nsujet: S\ncanal: fax\n-->\n<p>Bonjour</p>")).toThrow(
      /canal/,
    );
    expect(
      parseTemplate("x", "<!--\r\ntitre: T\r\nsujet: S : suite\r\ncanal: email\r\n-->\r\n<p>B</p>"),
    ).toEqual({
      id: "x",
      title: "T",
      subject: "S : suite",
      channel: "email",
      html: "<p>B</p>\n",
    });
  });
});

describe("renderMergeFields", () => {
  it("fills the fields for one lead and escapes what the lead's record holds", () => {
    const html = "<p>Bonjour {{nom}}, pour {{ entreprise }} du secteur {{secteur}} ({{inconnu}})</p>";
    const out = renderMergeFields(
      html,
      lead({
        firstName: "<script>alert(1)</script>",
        company: 'Dupont & "Fils"',
        fields: { secteur_b2b: "BTP" },
      }),
    );
    expect(out).toBe(
      "<p>Bonjour &lt;script&gt;alert(1)&lt;/script&gt; Dupont, pour Dupont &amp; &quot;Fils&quot; du secteur BTP ({{inconnu}})</p>",
    );
  });

  it("falls back to French words that read well where the templates use them", () => {
    const html = "Bonjour {{nom}}, pour {{entreprise}} du secteur {{secteur}}";
    expect(renderMergeFields(html, lead({ firstName: "", lastName: "", company: null, fields: {} }))).toBe(
      "Bonjour Madame, Monsieur, pour votre entreprise du secteur de votre activité",
    );
    expect(
      renderMergeFields("Bonjour {{nom}}", lead({ firstName: "", lastName: "", company: "Atelier Lumière" })),
    ).toBe("Bonjour Atelier Lumière");
  });
});

describe("the draft slots and the HTML helpers", () => {
  it("put the typed intro as escaped paragraphs and the signature, keeping a $ as it is", () => {
    const html = "<td><!-- intro --><p>x</p><p><!-- signature --></p></td>";
    const out = fillDraftSlots(html, {
      intro: "Promo -20 $& plus <b>\n\nÀ bientôt",
      signature: "Beauté & Co",
    });
    expect(out).toContain("Promo -20 $&amp; plus &lt;b&gt;</p>");
    expect(out).toContain(">À bientôt</p>");
    expect(out).toContain("<p>Beauté &amp; Co</p>");
    expect(fillDraftSlots(html, { signature: "S" })).toBe("<td><p>x</p><p>S</p></td>");
  });

  it("turn typed text into paragraphs and HTML back into readable text", () => {
    expect(textToHtml("Ligne 1\nLigne 2\n\nSuite")).toBe(
      '<p style="margin:0 0 16px;font-size:16px;line-height:1.5;">Ligne 1<br>Ligne 2</p>\n<p style="margin:0 0 16px;font-size:16px;line-height:1.5;">Suite</p>',
    );
    expect(escapeHtml(`<a href="x">l'été</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;l&#39;été&lt;/a&gt;");
    const text = htmlToText(
      '<html><head><title>T</title></head><body><h1>Titre&nbsp;!</h1><p>Bonjour {{nom}},<br>merci &amp; à bientôt</p><ul><li>Un</li><li>Deux</li></ul><a href="https://ex.fr">Voir</a></body></html>',
    );
    expect(text).toBe(
      "Titre !\n\nBonjour {{nom}},\nmerci & à bientôt\n\n- Un\n- Deux\n\nVoir (https://ex.fr)",
    );
  });
});

describe("unknownMergeFields", () => {
  it("flags each unknown field once and accepts the three merge fields with spaces", () => {
    const html = "<p>{{ nom }} {{entreprise}} {{secteur}} {{prenom}} {{ prenom }} {{ville}}</p>";
    expect(unknownMergeFields(html)).toEqual(["prenom", "ville"]);
  });

  it("finds nothing in the five templates", () => {
    for (const id of TEMPLATE_IDS) expect(unknownMergeFields(loadTemplate(id).html)).toEqual([]);
  });
});
