// A loopback fake of EspoCRM's REST API, for the EspoCRM connector's tests (see espocrm-fake/server.ts
// and ../shared/espocrm-api.md, the contract it follows).
export type { AuthMethod } from "./espocrm-fake/auth.js";
export type { EspoFault } from "./espocrm-fake/faults.js";
export { parsePhpQuery, phpJson } from "./espocrm-fake/php.js";
export type { FieldDefs } from "./espocrm-fake/schema.js";
export {
  type EspoFake,
  type EspoFakeOptions,
  type FakeRequest,
  startEspoFake,
} from "./espocrm-fake/server.js";
export type { Row } from "./espocrm-fake/state.js";
export { signWebhookBody, type WebhookDelivery } from "./espocrm-fake/webhooks.js";
