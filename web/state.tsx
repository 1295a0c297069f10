// What every room shares: who is signed in, the tenant's mode and balance (kept current by the live
// stream), the stream's events, and the notices shown to the user.
import { createContext } from "preact";
import { useContext, useEffect, useRef } from "preact/hooks";
import type { LiveState } from "./live";
import type { LiveEvent, Me, Mode } from "./types";

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "success" | "error";
}

export interface AppState {
  me: Me;
  mode: Mode;
  balance: number;
  live: LiveState;
  setStatus(status: { mode?: Mode; balance?: number }): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  notify(text: string, tone?: Notice["tone"]): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside the app");
  return app;
}

/** Calls `listener` for each live event while the component is shown (always its latest version). */
export function useLive(listener: (event: LiveEvent) => void): void {
  const { subscribe } = useApp();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/** The rooms and their addresses (#/crm…); the names are the product's, exactly. */
export const ROOMS = [
  { id: "espace", label: "Espace M.A.X." },
  { id: "crm", label: "CRM" },
  { id: "reporting", label: "Reporting" },
  { id: "automatisation", label: "Automatisation" },
  { id: "budget", label: "Budget IA" },
  { id: "crea", label: "Créa" },
] as const;

export type RoomId = (typeof ROOMS)[number]["id"];

export const formatNumber = (n: number) => new Intl.NumberFormat("fr-FR").format(n);
export const jetons = (n: number) => `${formatNumber(n)} jeton${Math.abs(n) > 1 ? "s" : ""}`;
