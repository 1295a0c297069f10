// Secrets out of text that came from elsewhere before it is logged: a model server's error may echo
// our own request (its Authorization header, the key in it). The configured secrets themselves go,
// and so does anything shaped like a credential, whoever's it is.

const MASK = "[secret]";
/** Secrets shorter than this are not looked for: masking every "ab" would hide the text, not a key. */
const MIN_SECRET = 4;

const SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  // « Authorization: Bearer xyz », « "authorization":"Basic xyz" », « api_key=xyz »…
  [
    /((?:authorization|api[-_]?key)\W{0,3}\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;}&]+/gi,
    `$1${MASK}`,
  ],
  [/\bbearer\s+[^\s"',;}&]+/gi, `Bearer ${MASK}`],
  [/\bsk-[\w-]{4,}/g, MASK],
];

/** The text with every given secret and every credential-shaped run replaced by « [secret] ». */
export function redact(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET) out = out.split(secret).join(MASK);
  }
  for (const [shape, by] of SHAPES) out = out.replace(shape, by);
  return out;
}
