// The Bot Framework channel (Teams, Web Chat, the Emulator…). With MICROSOFT_APP_ID set, CloudAdapter
// verifies every request's JWT; without it nothing authenticates a caller, so the channel is off unless
// MAX_BOTFRAMEWORK_EMULATOR=true opens it to the local Emulator (loopback requests and serviceUrls).
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from "botbuilder";
import type { ChannelFactory } from "../../src/outbox/channel.js";
import { processMessages } from "./http.js";
import { botLogic } from "./inbound.js";
import { sender } from "./send.js";
import type { ServiceUrlPolicy } from "./service-url.js";

/**
 * The channel with extra botbuilder authentication settings; tests use it to point the channel's
 * OpenID metadata (the keys that sign Bot Connector tokens) at a loopback issuer.
 */
export function createBotframeworkChannel(
  authOptions: ConfigurationBotFrameworkAuthenticationOptions = {},
): ChannelFactory {
  return ({ store, config, log, accept }) => {
    const { appId = "", appPassword = "", emulator } = config.botframework;
    if (!appId && !emulator) return null;
    const policy: ServiceUrlPolicy = appId ? "connector" : "emulator";
    const auth = new ConfigurationBotFrameworkAuthentication({
      ...authOptions,
      MicrosoftAppId: appId,
      MicrosoftAppPassword: appPassword,
      MicrosoftAppType: "MultiTenant",
    });
    const adapter = new CloudAdapter(auth);
    adapter.onTurnError = async (_context, err) => {
      log.error({ err }, "botframework turn failed");
      throw err;
    };
    const messages = { adapter, auth, logic: botLogic({ store, log, accept }), policy };
    return {
      channel: "botframework",
      send: sender(adapter, appId, store, policy),
      routes: [
        {
          method: "POST",
          path: "/api/messages",
          handle: (req) => processMessages(messages, req),
        },
      ],
    };
  };
}

export const botframeworkChannel: ChannelFactory = createBotframeworkChannel();
