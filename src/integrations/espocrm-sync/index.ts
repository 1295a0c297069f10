// EspoCRM as the CRM of record, kept in step with M.A.X. both ways: connecting a tenant, importing
// and polling its leads, applying webhooks, and the outbox of local changes (see each file).
export { noCounts, type PullCounts } from "./apply.js";
export { type ConnectInput, type ConnectReport, connectEspo, WEBHOOK_PATH } from "./connect.js";
export { openSync, type SyncDeps, SyncPaused, type TenantSync } from "./context.js";
export { type EspoJobSettings, ensureEspoPolls, runEspoJob, schedulePoll, syncPass } from "./jobs.js";
