// The runtime the server builds (tools, settings, brain, job handlers), on a test store: offline
// brain, silent log, no channel unless the test hands one in.
import { parseConfig } from "../../src/config.js";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../src/runtime.js";
import type { Store } from "../../src/store/index.js";

export function testRuntime(
  store: Store,
  env: Record<string, string> = {},
  options: RuntimeOptions = {},
): Runtime {
  return createRuntime(
    parseConfig({ LOG_LEVEL: "silent", MAX_N8N_TIMEOUT_MS: "2000", ...env }),
    store,
    options,
  );
}
