// The page's address after the # : « #/crm/lead/12 » -> room crm, path ["lead", "12"]; what follows a
// « ? » is the room's query (« #/crm?status=gagne » -> the CRM list filtered). Links are plain
// anchors, so the back button, a reload, a bookmark and a shared link all work.
import { useEffect, useState } from "preact/hooks";
import { ROOMS, type RoomId } from "./state";

export interface Route {
  room: RoomId;
  path: string[];
  /** The query after « ? », without it (« status=gagne&heat=chaud »); "" when none. */
  query: string;
}

export function parseRoute(hash: string): Route {
  const address = hash.replace(/^#\/?/, "");
  const mark = address.indexOf("?");
  const where = mark < 0 ? address : address.slice(0, mark);
  const [room = "", ...path] = where.split("/").filter(Boolean);
  const known = ROOMS.find((r) => r.id === room);
  return {
    room: known ? known.id : "espace",
    path: known ? path.map(decodeURIComponent) : [],
    query: known && mark >= 0 ? address.slice(mark + 1) : "",
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}

export const go = (hash: string) => {
  location.hash = hash;
};
