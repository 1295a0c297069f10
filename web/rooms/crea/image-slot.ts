// Where an uploaded picture goes in the HTML being edited: in place of the « [Votre image ici] »
// placeholder — an <img> whose src or alt holds it is replaced whole, else the first placeholder
// written as text — or, when none is left, where the cursor stands. The URL stays relative
// (/media/…): the preview loads it from our origin, and the sender makes it absolute in each mail.
import type { UploadedImage } from "./types";

const escapeAttribute = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The widest a newsletter's body is (the templates' 600 px). */
const BODY_WIDTH = 600;

export function imageTag(image: UploadedImage, alt: string): string {
  const width = Math.min(image.width, BODY_WIDTH);
  return `<img src="${escapeAttribute(image.url)}" alt="${escapeAttribute(alt)}" width="${width}" style="max-width:100%;height:auto;display:block;margin:0 auto;border:0;">`;
}

/** The HTML with the first placeholder replaced by the tag; null when it holds no placeholder. */
export function replacePlaceholder(html: string, placeholder: string, tag: string): string | null {
  const inImage = new RegExp(`<img\\b[^>]*${escapeRegex(placeholder)}[^>]*>`, "i").exec(html);
  if (inImage) return html.slice(0, inImage.index) + tag + html.slice(inImage.index + inImage[0].length);
  const at = html.indexOf(placeholder);
  if (at < 0) return null;
  return html.slice(0, at) + tag + html.slice(at + placeholder.length);
}

/** How many placeholders are left to fill. */
export const placeholdersLeft = (html: string, placeholder: string) => html.split(placeholder).length - 1;
