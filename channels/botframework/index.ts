// The Bot Framework channel (Teams, Web Chat, the Emulator…): always on. With MICROSOFT_APP_ID set,
// CloudAdapter verifies every request's JWT; without it the bot is anonymous, for the local Emulator.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { ChannelAdapter, ChannelDeps } from "../channel.js";
import { processMessages } from "./http.js";
import { botLogic } from "./inbound.js";
import { sender } from "./send.js";

export function botframeworkChannel({ store, config, log, accept }: ChannelDeps): ChannelAdapter {
  const { appId = "", appPassword = "" } = config.botframework;
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: appPassword,
      MicrosoftAppType: "MultiTenant",
    }),
  );
  adapter.onTurnError = async (_context, err) => {
    log.error({ err }, "botframework turn failed");
    throw err;
  };
  const logic = botLogic({ store, log, accept });
  return {
    channel: "botframework",
    send: sender(adapter, appId),
    routes: [
      {
        method: "POST",
        path: "/api/messages",
        handle: (req) => processMessages(adapter, logic, req, { anonymous: !appId }),
      },
    ],
  };
}
