// Where a Bot Framework reply may go. An activity names its own serviceUrl, and the reply (with the
// bot's token, when it has one) is POSTed there: trusted blindly, it lets whoever can post an activity
// make M.A.X. send a turn's answer to any address. So it is checked when the activity arrives and
// again before each send. With an app id, only the Bot Connector's https hosts: *.botframework.com
// (Direct Line, Web Chat and the other connectors), smba.trafficmanager.net (Teams) and
// *.teams.microsoft.com (Teams GCC). Not every *.trafficmanager.net: any Azure customer can name one.
// For the local Emulator (no app id), only http(s) on a loopback name.

export type ServiceUrlPolicy = "connector" | "emulator";

const CONNECTOR_HOSTS = new Set(["botframework.com", "smba.trafficmanager.net"]);
const CONNECTOR_SUFFIXES = [".botframework.com", ".teams.microsoft.com"];
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether a reply may be sent to `serviceUrl` under the policy. */
export function serviceUrlAllowed(serviceUrl: unknown, policy: ServiceUrlPolicy): boolean {
  if (typeof serviceUrl !== "string") return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname;
  if (policy === "emulator") {
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_NAMES.has(host);
  }
  return (
    url.protocol === "https:" &&
    (CONNECTOR_HOSTS.has(host) || CONNECTOR_SUFFIXES.some((suffix) => host.endsWith(suffix)))
  );
}

const LOOPBACK_PEERS = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Whether a request came over the loopback interface (the TCP peer's address, not a header). */
export const isLoopbackPeer = (remoteAddress: string): boolean => LOOPBACK_PEERS.has(remoteAddress);
