// The bench's model server in its own process, as a real model server would be: it answers each
// request at once (a tool call to add_note for the lead given in argv, then a text once the tool
// result is in) and prints its base URL on stdout.
import { startOpenAiLoopback } from "../tests/helpers/openai-loopback.js";

const leadId = Number(process.argv[2]);
const server = await startOpenAiLoopback(
  (request) =>
    request.messages.at(-1)?.role === "tool"
      ? { content: "C'est noté." }
      : { toolCalls: [{ name: "add_note", args: { leadId, text: "Rappeler lundi" } }] },
  { keepRequests: false },
);
process.stdout.write(`${server.baseUrl}\n`);
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
