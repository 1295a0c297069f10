// The page's address after the # : « #/crm/lead/12 » -> room crm, path ["lead", "12"]. Links are plain
// anchors, so the back button, a reload and a bookmark all work.
import { useEffect, useState } from "preact/hooks";
import { ROOMS, type RoomId } from "./state";

export interface Route {
  room: RoomId;
  path: string[];
}

export function parseRoute(hash: string): Route {
  const [room = "", ...path] = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const known = ROOMS.find((r) => r.id === room);
  return { room: known ? known.id : "espace", path: known ? path.map(decodeURIComponent) : [] };
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
