// M.A.X. built once from its configuration: the tool set, the tools' settings, the brain, the
// pre-qualification classifier, the channel adapters and their pace, and the registry of job
// handlers. The server, its worker thread, the CLI and the tests all build it here, so each of these
// exists in one version. Only this file and the entry points import every room.
import type { Logger } from "pino";
import { mailAccountFor } from "../channels/email/account.js";
import { TOOLS } from "../tools/index.js";
import { abandonUndelivered, N8N_RUN_EXPIRY_JOB } from "../tools/schedule-n8n-scenario.js";
import { createBrain } from "./agent/brain.js";
import { toolSet, toolSettingsOf } from "./agent/tool.js";
import type { Config } from "./config.js";
import { INBOUND_JOB } from "./inbound/accept.js";
import { espoJobHandlers } from "./inbound/espocrm-jobs.js";
import { inboundHandler } from "./inbound/handle-inbound.js";
import type { JobDeps, JobHandlers } from "./inbound/jobs.js";
import { STORED_MAIL_JOB, storedMailHandler } from "./inbound/lead-message.js";
import { createLogger } from "./log.js";
import { buildAdapters, SEND_RATES } from "./outbox/adapters.js";
import type { ChannelDeps, ChannelFactory } from "./outbox/channel.js";
import { DELIVERY_REPORT_JOB, deliveryReportHandler } from "./outbox/delivery-report.js";
import { rateLimiter } from "./outbox/rate-limit.js";
import type { ChannelReadiness } from "./outbox/reach.js";
import { SCENARIO_JOB_HANDLERS } from "./scenarios/jobs.js";
import {
  llmClassifier,
  PREQUAL_TIMEOUT_JOB,
  prequalificationTimeout,
} from "./scenarios/prequalification/index.js";
import type { Store } from "./store/index.js";

/** Every kind of durable job and how it runs: registered here, claimed by the worker loop. */
const JOB_HANDLERS: JobHandlers = {
  [INBOUND_JOB]: inboundHandler,
  [STORED_MAIL_JOB]: storedMailHandler,
  [DELIVERY_REPORT_JOB]: deliveryReportHandler,
  ...SCENARIO_JOB_HANDLERS,
  [N8N_RUN_EXPIRY_JOB]: {
    run: async ({ store }, job) => abandonUndelivered(store, job.tenantId, job.payload),
    maxAttempts: 3,
    retryMs: 60_000,
  },
  [PREQUAL_TIMEOUT_JOB]: {
    run: async (deps, job) => {
      await prequalificationTimeout(deps, job.tenantId, job.payload);
    },
    maxAttempts: 3,
    retryMs: 60_000,
  },
};

/** What the server has connected, from the configuration (the CLI only queues: the server sends). */
function channelReadiness(config: Config, store: Store): ChannelReadiness {
  const { accountSid, authToken, whatsappFrom, contentSids } = config.twilio;
  return {
    missing(tenant, channel) {
      if (channel === "email") {
        return mailAccountFor(store, config, tenant.id)
          ? null
          : `Aucune boîte e-mail n'est reliée à ${tenant.name} : un administrateur la relie avec « max connect email --tenant ${tenant.slug} --smtp URL --imap URL --from ADRESSE ».`;
      }
      return accountSid && authToken && whatsappFrom
        ? null
        : "WhatsApp n'est pas configuré sur ce serveur : renseignez TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN et TWILIO_WHATSAPP_FROM, puis reliez le numéro du compte avec « max connect whatsapp ».";
    },
    hasTemplate: (name) => Object.hasOwn(contentSids, name),
  };
}

export interface Runtime extends JobDeps {
  config: Config;
  handlers: JobHandlers;
}

export interface RuntimeOptions {
  log?: Logger;
  /** The channels to deliver through; none where nothing is delivered (the CLI only queues). */
  channels?: readonly ChannelFactory[];
  /** Where the channels' webhooks hand their events (the server's ack writer). */
  accept?: ChannelDeps["accept"];
}

export function createRuntime(config: Config, store: Store, options: RuntimeOptions = {}): Runtime {
  const log = options.log ?? createLogger(config);
  const tools = toolSet(TOOLS);
  const accept = options.accept ?? (async () => false);
  return {
    config,
    store,
    log,
    tools,
    settings: toolSettingsOf(config, channelReadiness(config, store)),
    brain: createBrain(config.llm, tools, (detail) => log.warn({ detail }, "model turn failed")),
    classifier: llmClassifier(config.llm, (reason) => log.warn({ reason }, "classifier fell back offline")),
    adapters: buildAdapters(options.channels ?? [], { store, config, log, accept }),
    limiter: rateLimiter(SEND_RATES),
    // The EspoCRM sync's jobs depend on the configuration (how long a call may take, how often to poll).
    handlers: { ...JOB_HANDLERS, ...espoJobHandlers(config.espocrm) },
  };
}
