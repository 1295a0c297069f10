// Downloads a scenario's n8n workflow: the request carries the session's bearer (a plain link could
// not), and the file keeps the name the server gives it. Returns why it failed, or null.
import { authHeaders } from "../../api";

export async function downloadWorkflow(scenario: string): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(`/api/automations/workflow?scenario=${encodeURIComponent(scenario)}`, {
      headers: authHeaders(),
    });
  } catch {
    return "Le serveur ne répond pas : réessayez.";
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    return body.message ?? `Téléchargement impossible (erreur ${res.status}).`;
  }
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = disposition.match(/filename="([^"]+)"/)?.[1] ?? `n8n-${scenario}.json`;
  const href = URL.createObjectURL(await res.blob());
  const anchor = Object.assign(document.createElement("a"), { href, download: name, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return null;
}
