// DNS rebinding: a web page on attacker.example can make the browser resolve its name to 127.0.0.1
// and then read our answers as its own origin. The browser still sends `Host: attacker.example`, so
// the server answers only requests addressed by name to itself: a loopback name or the public URL's.

export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** The names the server answers to: the loopback ones and MAX_PUBLIC_URL's (any port for each). */
export function allowedHostsOf(publicUrl: string): string[] {
  return [...new Set([...LOOPBACK_HOSTS, new URL(publicUrl).hostname.toLowerCase()])];
}

// A name or a bracketed IPv6 literal, then an optional port; anything else (userinfo, a path) is refused.
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/** Whether a request's Host header names one of the allowed hosts. */
export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = HOST_HEADER.exec(header ?? "")?.[1];
  return name !== undefined && allowed.has(name.toLowerCase());
}
