// The channels this build knows. Each factory returns null when its channel is not configured
// (Slack, WhatsApp, Bot Framework without an app id or the emulator flag); web and e-mail are always on.

import type { ChannelFactory } from "../src/outbox/channel.js";
import { botframeworkChannel } from "./botframework/index.js";
import { emailChannel } from "./email/index.js";
import { slackChannel } from "./slack/index.js";
import { webChannel } from "./web/index.js";
import { whatsappChannel } from "./whatsapp/index.js";

export const CHANNELS: readonly ChannelFactory[] = [
  webChannel,
  slackChannel,
  whatsappChannel,
  botframeworkChannel,
  emailChannel,
];
