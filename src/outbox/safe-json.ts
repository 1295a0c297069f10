// Request bodies are parsed only once their nesting is known to be shallow: a megabyte of `[` costs
// JSON.parse (and anything that later walks the value recursively) far more than one linear scan, so
// the scan counts the depth of `[` and `{` outside strings and refuses before anything is parsed.

export const MAX_JSON_DEPTH = 64;

/** A body that is not JSON, or nested deeper than allowed; its message is meant for the caller. */
export class JsonBodyError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether `bytes` nest deeper than `limit`, answered at the first bracket past it. Scanning UTF-8
 * bytes is safe: the quote, the backslash and the brackets never occur inside a multi-byte character.
 */
function depthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** JSON.parse behind a depth check; throws a JsonBodyError with a French message. */
export function parseJson(raw: string | Buffer, { maxDepth = MAX_JSON_DEPTH } = {}): unknown {
  // A typed array scans several times faster than a string's charCodeAt.
  if (depthExceeds(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw, maxDepth)) {
    throw new JsonBodyError(`JSON trop imbriqué (plus de ${maxDepth} niveaux)`);
  }
  try {
    return JSON.parse(typeof raw === "string" ? raw : raw.toString("utf8"));
  } catch {
    throw new JsonBodyError("JSON invalide");
  }
}
