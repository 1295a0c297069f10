// The dashboard: sign in, then the header (mode, balance), the rooms' links and the current room; the
// live stream keeps the header current and tells each room what changed.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ActionsProvider } from "./actions";
import { ApiError, get } from "./api";
import { Header } from "./header";
import { connectLive, type LiveState } from "./live";
import { Nav } from "./nav";
import { Automatisation } from "./rooms/automatisation";
import { Budget } from "./rooms/budget";
import { Crea } from "./rooms/crea";
import { Crm } from "./rooms/crm";
import { Espace } from "./rooms/espace";
import { Reporting } from "./rooms/reporting";
import { useRoute } from "./route";
import { connect } from "./session";
import { AppContext, type AppState, type Notice, ROOMS } from "./state";
import type { LiveEvent, Me, Mode } from "./types";

function Room() {
  const { room, path } = useRoute();
  useEffect(() => {
    const label = ROOMS.find((r) => r.id === room)?.label ?? "";
    document.title = `${label} — M.A.X.`;
  }, [room]);
  switch (room) {
    case "espace":
      return <Espace />;
    case "crm":
      return <Crm path={path} />;
    case "reporting":
      return <Reporting />;
    case "automatisation":
      return <Automatisation path={path} />;
    case "budget":
      return <Budget path={path} />;
    case "crea":
      return <Crea path={path} />;
  }
}

function Notices(props: { notices: Notice[]; dismiss: (id: number) => void }) {
  return (
    <div class="notices" role="status" aria-live="polite">
      {props.notices.map((n) => (
        <p key={n.id} class={`notice notice-${n.tone}`}>
          {n.text}
          <button type="button" class="link" onClick={() => props.dismiss(n.id)}>
            Fermer<span class="visually-hidden"> la notification</span>
          </button>
        </p>
      ))}
    </div>
  );
}

function Shell(props: { me: Me }) {
  const [status, setStatusState] = useState({ mode: props.me.tenant.mode, balance: props.me.balance });
  const [live, setLive] = useState<LiveState>("connecting");
  const [notices, setNotices] = useState<Notice[]>([]);
  const listeners = useRef(new Set<(event: LiveEvent) => void>());
  const noticeId = useRef(0);
  const { room } = useRoute();

  const notify = useCallback((text: string, tone: Notice["tone"] = "info") => {
    const id = ++noticeId.current;
    setNotices((all) => [...all.slice(-3), { id, text, tone }]);
    setTimeout(() => setNotices((all) => all.filter((n) => n.id !== id)), tone === "error" ? 15_000 : 8_000);
  }, []);
  const setStatus = useCallback((next: { mode?: Mode; balance?: number }) => {
    setStatusState((s) => ({ ...s, ...next }));
  }, []);
  const subscribe = useCallback((listener: (event: LiveEvent) => void) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);

  useEffect(() => {
    const connection = connectLive(
      props.me.liveFrom,
      (event) => {
        if (event.status) setStatus(event.status);
        for (const listener of listeners.current) listener(event);
      },
      setLive,
    );
    return () => connection.stop();
  }, [props.me.liveFrom, setStatus]);

  const app: AppState = useMemo(
    () => ({ me: props.me, mode: status.mode, balance: status.balance, live, setStatus, subscribe, notify }),
    [props.me, status, live, setStatus, subscribe, notify],
  );
  return (
    <AppContext.Provider value={app}>
      <ActionsProvider>
        <a class="skip" href="#main">
          Aller au contenu
        </a>
        <Header />
        <Nav current={room} />
        <main id="main" tabIndex={-1}>
          <Room />
        </main>
        <Notices notices={notices} dismiss={(id) => setNotices((all) => all.filter((n) => n.id !== id))} />
      </ActionsProvider>
    </AppContext.Provider>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    connect()
      .then(() => get<Me>("/api/me"))
      .then(setMe, (e: unknown) => setError(e instanceof ApiError ? e.message : "Connexion impossible."));
  }, []);
  if (error) {
    return (
      <main class="signin">
        <h1>M.A.X.</h1>
        <p role="alert">{error}</p>
      </main>
    );
  }
  if (!me) {
    return (
      <main class="signin">
        <p role="status">Connexion…</p>
      </main>
    );
  }
  return <Shell me={me} />;
}
