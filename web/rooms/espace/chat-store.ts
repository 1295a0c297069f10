// The chat with M.A.X., kept for the whole visit (leaving the Espace M.A.X. and coming back finds it
// as it was, and reads on from the last message seen): the conversation read after its last id, the
// client ids sent but not yet taken in (« M.A.X. réfléchit… »), and each card's real state — asked
// again while it is open, since it may be decided elsewhere (typed « oui », Slack, the terminal).
// Messages and decisions go with a client id: a retry after a network error is the same request, which
// the server takes once.
import { ApiError, get, post, uuid } from "../../api";
import type { CardState, WebMessage, WebMessages } from "./types";

/** What the page shows. */
export interface ChatView {
  messages: WebMessage[];
  /** The conversation was empty at the first visit: the welcome and its examples come first. */
  welcome: boolean;
  loaded: boolean;
  thinking: boolean;
  error: string | null;
  signedOut: boolean;
  /** Each card's state as shown: the server's, or « Confirmation envoyée… » just after a click. */
  cards: ReadonlyMap<number, CardView>;
}

export interface CardView extends CardState {
  /** Clicked here and not yet decided: its buttons wait. */
  waiting: boolean;
}

/** A page asks at most this many cards' states at once (the API's limit). */
const MAX_OPEN = 50;
/** The API's page of messages: a full page means there is more to read. */
const PAGE = 50;

function clean(error: unknown): string {
  return error instanceof ApiError ? error.message : "Erreur inattendue : réessayez.";
}

/** Posts with the same body until the server answers: a network retry never runs twice. */
async function postRetrying<T>(path: string, body: unknown, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await post<T>(path, body);
    } catch (error) {
      if (i >= tries || (error instanceof ApiError && error.status > 0 && error.status < 500)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * i));
    }
  }
}

export class ChatStore {
  private messages: WebMessage[] = [];
  private lastId = 0;
  private lastDirection: "in" | "out" = "out";
  private welcome = false;
  private loaded = false;
  private error: string | null = null;
  private signedOut = false;
  /** Client ids sent but not yet in the conversation. */
  private readonly unseen = new Set<string>();
  private readonly states = new Map<number, CardState>();
  /** actionId -> the line the card showed when clicked, and what the click said. */
  private readonly clicked = new Map<number, { line: string; note: string }>();
  private readonly listeners = new Set<() => void>();
  private reading: Promise<void> | null = null;
  private again = false;
  private view: ChatView | null = null;
  /** Told the tenant's mode and balance at each read (the header's). */
  onStatus: ((status: WebMessages["status"]) => void) | null = null;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ChatView {
    if (!this.view) {
      const cards = new Map<number, CardView>();
      for (const [id, state] of this.states) {
        const click = this.clicked.get(id);
        cards.set(
          id,
          click ? { open: state.open, line: click.note, waiting: true } : { ...state, waiting: false },
        );
      }
      this.view = {
        messages: this.messages,
        welcome: this.welcome,
        loaded: this.loaded,
        thinking: this.unseen.size > 0 || this.lastDirection === "in",
        error: this.error,
        signedOut: this.signedOut,
        cards,
      };
    }
    return this.view;
  }

  /** Whether M.A.X. owes an answer: the page then reads sooner. */
  get waiting(): boolean {
    return this.unseen.size > 0 || this.lastDirection === "in";
  }

  private changed(): void {
    this.view = null;
    for (const listener of this.listeners) listener();
  }

  private showError(error: unknown): void {
    if (error instanceof ApiError && error.status === 401) this.signedOut = true;
    this.error = error === null ? null : clean(error);
  }

  /** A card's state from the server; a card just clicked waits for its decision, not its old state. */
  private setState(actionId: number, state: CardState): void {
    const click = this.clicked.get(actionId);
    if (click && state.open && (state.line ?? "") === click.line) return;
    this.clicked.delete(actionId);
    this.states.set(actionId, state);
  }

  /** Reads what is new; calls made while a read runs are folded into one more read. */
  refresh(): Promise<void> {
    if (this.signedOut) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          await this.readOnce();
        } while (this.again && !this.signedOut);
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    const open = [...this.states]
      .filter(([, s]) => s.open)
      .map(([id]) => id)
      .slice(-MAX_OPEN);
    let answer: WebMessages;
    try {
      answer = await get<WebMessages>(`/api/web/messages?after=${this.lastId}&open=${open.join(",")}`);
    } catch (error) {
      this.showError(error);
      this.changed();
      return;
    }
    if (!this.loaded && answer.messages.length === 0 && this.lastId === 0) this.welcome = true;
    this.loaded = true;
    if (this.error) this.error = null;
    if (answer.messages.length) {
      for (const m of answer.messages) {
        for (const c of m.cards) this.setState(c.actionId, { open: c.open, line: c.line });
        if (m.clientId) this.unseen.delete(m.clientId);
        this.lastId = m.id;
        this.lastDirection = m.direction;
      }
      this.messages = [...this.messages, ...answer.messages];
      if (answer.messages.length >= PAGE) this.again = true;
    }
    for (const [id, state] of Object.entries(answer.cards)) this.setState(Number(id), state);
    this.onStatus?.(answer.status);
    this.changed();
  }

  /** Sends the user's words to M.A.X.; they come back in the conversation once taken in. */
  async send(text: string): Promise<boolean> {
    const words = text.trim();
    if (!words || this.signedOut) return false;
    const clientId = uuid();
    this.unseen.add(clientId);
    this.error = null;
    this.changed();
    try {
      const { queued } = await postRetrying<{ queued: boolean }>("/api/web/messages", {
        text: words,
        clientId,
      });
      if (!queued) this.unseen.delete(clientId);
      this.changed();
      void this.refresh();
      return true;
    } catch (error) {
      this.unseen.delete(clientId);
      this.showError(error);
      this.changed();
      return false;
    }
  }

  /** « Confirmer » or « Annuler » on a card: the worker decides it like a typed « confirme 12 ». */
  async decide(actionId: number, decision: "confirm" | "cancel"): Promise<void> {
    const state = this.states.get(actionId);
    if (!state?.open || this.clicked.has(actionId)) return;
    const note = decision === "confirm" ? "Confirmation envoyée…" : "Annulation envoyée…";
    this.clicked.set(actionId, { line: state.line ?? "", note });
    const clientId = uuid();
    this.unseen.add(clientId);
    this.error = null;
    this.changed();
    try {
      const { queued } = await postRetrying<{ queued: boolean }>("/api/web/decisions", {
        actionId,
        decision,
        clientId,
      });
      if (!queued) this.unseen.delete(clientId);
      void this.refresh();
    } catch (error) {
      this.unseen.delete(clientId);
      this.clicked.delete(actionId);
      this.showError(error);
    }
    this.changed();
  }
}

/** The one chat of this tab. */
export const chat = new ChatStore();
