// The chat with M.A.X. in the Espace M.A.X.: the conversation both ways, the welcome and its examples
// on a first visit, cards with mode, cost and balance after and their « Confirmer » / « Annuler »
// buttons (their state stays true when decided elsewhere), numbered choices and « suite » as buttons,
// « M.A.X. réfléchit… » while an answer is on its way. New messages come by the live stream; a slower
// read covers a stream that is down. Entrée sends, Maj+Entrée goes to the line.
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { jetons, useApp, useLive } from "../../state";
import { type CardView, chat } from "./chat-store";
import type { WebCard, WebMessage } from "./types";

/** Reads while the live stream is up (a safety net), and while it is down. */
const SLOW_POLL_MS = 4000;
const FAST_POLL_MS = 800;
const LIVE_DEBOUNCE_MS = 40;

function useChat() {
  const [view, setView] = useState(() => chat.snapshot());
  useEffect(() => {
    const update = () => setView(chat.snapshot());
    update();
    return chat.subscribe(update);
  }, []);
  return view;
}

function Choices(props: { texts: string[]; disabled: boolean }) {
  if (props.texts.length === 0) return null;
  return (
    <div class="choices">
      {props.texts.map((text) => (
        <button key={text} type="button" disabled={props.disabled} onClick={() => void chat.send(text)}>
          {text}
        </button>
      ))}
    </div>
  );
}

function ChatCard(props: { card: WebCard; state: CardView | undefined; after: () => void }) {
  const { card } = props;
  // The buttons go once decided: the focus goes back to the message box.
  const decide = (decision: "confirm" | "cancel") => {
    void chat.decide(card.actionId, decision);
    props.after();
  };
  const state = props.state ?? { open: card.open, line: card.line, waiting: false };
  return (
    <section class="chat-card" aria-label={`Action n°${card.actionId} à confirmer`}>
      <p>{card.preview}</p>
      <dl>
        <dt>Mode</dt>
        <dd>{card.modeLabel}</dd>
        <dt>Coût</dt>
        <dd>{card.cost === 0 ? "gratuit" : jetons(card.cost)}</dd>
        <dt>Solde après</dt>
        <dd>{jetons(card.balanceAfter)}</dd>
      </dl>
      {state.open && (
        <div class="buttons">
          <button type="button" class="primary" disabled={state.waiting} onClick={() => decide("confirm")}>
            Confirmer
          </button>
          <button type="button" disabled={state.waiting} onClick={() => decide("cancel")}>
            Annuler
          </button>
        </div>
      )}
      <p class="card-line" role="status">
        {state.line ?? ""}
      </p>
    </section>
  );
}

function Bubble(props: { direction: "in" | "out"; text: string; children?: ComponentChildren }) {
  return (
    <li class={props.direction}>
      <p class="bubble-text">
        <span class="visually-hidden">{props.direction === "in" ? "Vous : " : "M.A.X. : "}</span>
        {props.text}
      </p>
      {props.children}
    </li>
  );
}

function Message(props: {
  message: WebMessage;
  cards: ReadonlyMap<number, CardView>;
  disabled: boolean;
  after: () => void;
}) {
  const m = props.message;
  const offers = [...m.choices, ...(m.more ? ["suite"] : [])];
  return (
    <Bubble direction={m.direction} text={m.text}>
      {m.cards.map((c) => (
        <ChatCard key={c.actionId} card={c} state={props.cards.get(c.actionId)} after={props.after} />
      ))}
      <Choices texts={offers} disabled={props.disabled} />
    </Bubble>
  );
}

export function Chat() {
  const { me, live, setStatus } = useApp();
  const view = useChat();
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLElement>(null);
  const shown = useRef(0);

  // The header's mode and balance, current at each read.
  useEffect(() => {
    chat.onStatus = (status) => setStatus({ mode: status.mode, balance: status.balance });
    return () => {
      chat.onStatus = null;
    };
  }, [setStatus]);

  // Reads at once, then on each live event about messages or cards, and on a timer as a safety net.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const loop = async () => {
      await chat.refresh();
      if (stopped) return;
      timer = setTimeout(loop, live === "open" && !chat.waiting ? SLOW_POLL_MS : FAST_POLL_MS);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [live]);

  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLive((event) => {
    if (!event.changes.message && !event.changes.action && !event.reset) return;
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => void chat.refresh(), LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => clearTimeout(debounce.current), []);

  // The newest message in sight when one arrives (and when coming back to the room).
  const count = view.messages.length + (view.welcome ? 1 : 0);
  useLayoutEffect(() => {
    const box = log.current;
    if (box && count !== shown.current) box.scrollTop = box.scrollHeight;
    shown.current = count;
  }, [count]);

  async function submit() {
    const words = text.trim();
    if (!words) return;
    setText("");
    if (!(await chat.send(words))) setText(words);
  }

  const disabled = view.signedOut || !view.loaded;
  return (
    <section class="chat" aria-labelledby="chat-title">
      <h2 id="chat-title" class="visually-hidden">
        Conversation avec M.A.X.
      </h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling area is reached by the keyboard to scroll it */}
      <section class="chat-log" ref={log} tabIndex={0} aria-label="Messages de la conversation">
        <ol aria-live="polite" aria-relevant="additions">
          {view.welcome && (
            <Bubble direction="out" text={me.welcome.text}>
              <Choices texts={me.welcome.examples} disabled={disabled} />
            </Bubble>
          )}
          {view.messages.map((m) => (
            <Message
              key={m.id}
              message={m}
              cards={view.cards}
              disabled={view.signedOut}
              after={() => input.current?.focus()}
            />
          ))}
        </ol>
        {!view.loaded && !view.error && <p class="chat-loading">Chargement de la conversation…</p>}
      </section>
      <p id="thinking" class="thinking" role="status" hidden={!view.thinking || view.signedOut}>
        M.A.X. réfléchit…
      </p>
      <p class="chat-error" role="alert">
        {view.signedOut
          ? "Session terminée : rechargez la page ou demandez un nouveau lien de connexion."
          : view.error
            ? `Erreur : ${view.error}`
            : ""}
      </p>
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label for="chat-text">Votre message à M.A.X.</label>
        <textarea
          id="chat-text"
          ref={input}
          rows={2}
          maxLength={4000}
          required
          disabled={view.signedOut}
          aria-describedby="chat-hint"
          placeholder="Ex. : ajoute le tag vip à Dupont"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button type="submit" class="primary" disabled={view.signedOut}>
          Envoyer
        </button>
        <p id="chat-hint" class="hint">
          Entrée pour envoyer, Maj+Entrée pour aller à la ligne.
        </p>
      </form>
    </section>
  );
}
