// Secrets out of a provider's error text before it is logged: the configured key wherever it appears,
// and anything shaped like a credential (Bearer tokens, sk- keys, Authorization and api-key values).
import { describe, expect, it } from "vitest";
import { redact } from "../../src/domain/index.js";

const KEY = "live-key-5f9c2e7a";

describe("redacting a provider's error text", () => {
  it.each([
    [`401 Incorrect API key provided: ${KEY}.`, "401 Incorrect API key provided: [secret]."],
    ["echo: Authorization: Bearer abc.def-ghi", "echo: Authorization: [secret]"],
    ['{"authorization":"Bearer abc123","model":"m"}', '{"authorization":"[secret]","model":"m"}'],
    ["got bearer eyJhbGciOi.x.y from you", "got Bearer [secret] from you"],
    ["key sk-proj-AbC_123-xyz is invalid", "key [secret] is invalid"],
    ["api_key=hunter22&x=1", "api_key=[secret]&x=1"],
    ['"x-api-key": "zzz999"', '"x-api-key": "[secret]"'],
    ["Service Unavailable (503)", "Service Unavailable (503)"],
  ])("%s", (text, expected) => {
    expect(redact(text, [KEY])).toBe(expected);
  });

  it("masks every occurrence of each given secret, and ignores empty or tiny ones", () => {
    expect(redact(`${KEY} then ${KEY}`, [KEY, undefined, null, "", "ab"])).toBe("[secret] then [secret]");
    expect(redact("a tab is not a key", ["ab"])).toBe("a tab is not a key");
  });
});
