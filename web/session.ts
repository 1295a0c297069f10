// Signing in: the session kept in this tab if it still works, else a new one from the one-time login
// link (« /#login=… », removed from the address at once) or, on a loopback server, the demo.
import { api, token } from "./api";

export async function connect(): Promise<void> {
  const login = new URLSearchParams(location.hash.slice(1)).get("login");
  if (login) history.replaceState(null, "", location.pathname);
  if (!login && token.get()) {
    try {
      await api("GET", "/api/web/session");
      return;
    } catch {
      token.clear();
    }
  }
  const session = await api<{ token: string }>("POST", "/api/web/session", login ? { login } : {});
  token.set(session.token);
}
