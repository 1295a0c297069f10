// The runtime the server builds (tools, settings, brain, job handlers), on a test store: offline
// brain, silent log, no channel adapter unless the test hands one in. Its configuration has WhatsApp
// connected (messages are only queued: no adapter sends them); e-mail is connected per tenant, by
// its mailbox (tests/helpers/store.ts makeTenant connects one).
import { parseConfig } from "../../src/config.js";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../src/runtime.js";
import type { Store } from "../../src/store/index.js";

export const TEST_WHATSAPP = {
  TWILIO_ACCOUNT_SID: "ACtest",
  TWILIO_AUTH_TOKEN: "twilio-test-token",
  TWILIO_WHATSAPP_FROM: "whatsapp:+33100000000",
  // COACH-01's questions have an approved template, so they may go out of WhatsApp's 24-hour window.
  TWILIO_CONTENT_SIDS: "pre-qualification=HXtestprequal",
};

export function testRuntime(
  store: Store,
  env: Record<string, string> = {},
  options: RuntimeOptions = {},
): Runtime {
  return createRuntime(
    parseConfig({ LOG_LEVEL: "silent", MAX_N8N_TIMEOUT_MS: "2000", ...TEST_WHATSAPP, ...env }),
    store,
    options,
  );
}
