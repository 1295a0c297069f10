// A campaign's HTML made fit for mail clients: sanitised with an allowlist suited to e-mail (layout
// tables, inline styles, pictures from the web or our own /media/, links to web pages or mail
// addresses — no script, no handler, no form, no frame), then its <style> rules inlined by juice
// (clients like Gmail drop <style>) and removed. Its links are listed in order: the click redirect
// only ever sends a reader to one of them, by its index, so nobody can use it as an open redirect.
// Not exported from the domain's index: juice and sanitize-html load only where a body is prepared.
import juice from "juice";
import sanitizeHtml from "sanitize-html";

/** An image URL a mail client can load: the web, or an upload served from our origin (made absolute when sent). */
const IMAGE_SRC = /^(https?:\/\/|\/media\/[\w.-]+$)/i;
/** Where a link may lead: a web page or a mail address (no javascript:, data:, relative path…). */
const LINK_HREF = /^(https?:|mailto:)/i;
/** A web link: the ones clicks are counted on. */
const WEB_LINK = /^https?:\/\//i;

const TEXT_TAGS = ["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"];
const INLINE_TAGS = ["a", "span", "strong", "b", "em", "i", "u", "s", "small", "sup", "sub", "font"];
const TABLE_TAGS = ["table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"];
const LAYOUT_ATTRIBUTES = [
  "style",
  "align",
  "valign",
  "width",
  "height",
  "bgcolor",
  "border",
  "cellpadding",
  "cellspacing",
  "colspan",
  "rowspan",
  "dir",
  "lang",
  "role",
  "class",
  "color",
  "face",
  "size",
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "html",
    "head",
    "title",
    "body",
    "style",
    "div",
    "center",
    "ul",
    "ol",
    "li",
    "img",
    ...TEXT_TAGS,
    ...INLINE_TAGS,
    ...TABLE_TAGS,
  ],
  allowedAttributes: {
    "*": LAYOUT_ATTRIBUTES,
    a: ["href", "title", "name", "target"],
    img: ["src", "alt", "title"],
  },
  // <style> is kept for juice, which inlines then removes it; nothing else of it reaches the mail.
  allowVulnerableTags: true,
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  // A picture from anywhere else (data:, a relative path) is dropped whole, not left broken.
  exclusiveFilter: (frame) => frame.tag === "img" && !IMAGE_SRC.test(frame.attribs.src ?? ""),
  transformTags: {
    // A relative or scheme-less href (« [Votre lien ici] ») leads nowhere in a mail: the text stays, unlinked.
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      return {
        tagName,
        attribs: href && LINK_HREF.test(href.trim()) ? { ...rest, href: href.trim() } : rest,
      };
    },
  },
  parseStyleAttributes: false,
};

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };
const decodeAttribute = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name] ?? "");
const encodeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// The serialiser behind sanitize-html and juice writes every attribute in double quotes.
const ANCHOR_HREF = /(<a\b[^>]*?\shref=")([^"]*)(")/gi;

/**
 * The body with each web link replaced by `replace(url, index)` (index: its rank among the body's web
 * links), on HTML this module prepared. The prepared body's links and the sender's rewritten ones are
 * found by this one function, so link n in the mail is link n of the campaign.
 */
export function rewriteWebLinks(html: string, replace: (url: string, index: number) => string): string {
  let index = 0;
  return html.replace(ANCHOR_HREF, (whole, before: string, raw: string, after: string) => {
    const url = decodeAttribute(raw);
    if (!WEB_LINK.test(url)) return whole;
    return `${before}${encodeAttribute(replace(url, index++))}${after}`;
  });
}

/** The web links of a prepared body, in order. */
export function webLinksOf(html: string): string[] {
  const links: string[] = [];
  rewriteWebLinks(html, (url) => {
    links.push(url);
    return url;
  });
  return links;
}

/** Where our uploaded pictures are served from (the Espace Créa's images). */
export const MEDIA_PATH = "/media/";

/** The body's own pictures (/media/…) as addresses a mail client can load, at our public URL. */
export const absoluteMedia = (html: string, publicUrl: string): string =>
  html.replace(
    /(<img\b[^>]*?\ssrc=")\/media\//gi,
    (_, before: string) => `${before}${publicUrl}${MEDIA_PATH}`,
  );

/** Sanitised, CSS inlined, <style> removed; and its web links in order. */
export function prepareEmailHtml(input: string): { html: string; links: string[] } {
  const clean = sanitizeHtml(input, OPTIONS);
  const html = juice(clean, {
    removeStyleTags: true,
    preserveMediaQueries: false,
    preserveFontFaces: false,
    preserveKeyFrames: false,
    applyWidthAttributes: true,
    applyHeightAttributes: false,
  });
  return { html, links: webLinksOf(html) };
}
