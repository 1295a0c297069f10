// EspoCRM as the CRM of record: the REST client, its errors, and webhook verification.
export * from "./auth.js";
export * from "./client.js";
export * from "./datetime.js";
export * from "./errors.js";
export * from "./types.js";
export * from "./webhook.js";
