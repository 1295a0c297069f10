// The chat page's script: opens a session (demo or one-time login link), sends messages and card
// decisions with a client id (a retry is deduplicated by the server) and polls the conversation.
const TOKEN_KEY = "max.web.token";
const POLL_MS = 800;
const $ = (id) => document.getElementById(id);
const list = $("messages");
const form = $("composer");
const input = $("text");
const sendButton = form.querySelector("button");
const thinking = $("thinking");
const errorBox = $("error");

let lastId = 0;
let lastDirection = "out";
/** What M.A.X. says first, from the session: shown once, if the conversation is empty. */
let welcome = null;
/** Client ids sent but not yet seen in the conversation: M.A.X. has not taken them in yet. */
const unseen = new Set();
/** actionId -> the card's buttons and status line, while it is open on the page. */
const cards = new Map();

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** A v4 uuid; crypto.randomUUID only exists on https or localhost. */
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function api(method, path, body) {
  const headers = { "content-type": "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error || `erreur ${res.status}`);
  return data;
}

/** Posts with the same client id until the server answers: a network retry never runs twice. */
async function post(path, body, tries = 3) {
  for (let i = 1; ; i++) {
    try {
      return await api("POST", path, body);
    } catch (error) {
      if (i >= tries || (error instanceof ApiError && error.status < 500)) throw error;
      await new Promise((r) => setTimeout(r, 500 * i));
    }
  }
}

function showError(error) {
  errorBox.textContent = error ? `Erreur : ${error.message}` : "";
}

function updateThinking() {
  thinking.hidden = unseen.size === 0 && lastDirection !== "in";
}

/** Shows a card as the server says it stands: buttons only while open, and what happened. */
function showState(card, actionId, state) {
  // Just clicked: the card waits for the worker's decision, not for the state it was clicked in.
  if (card.clickedAt !== undefined && state.open && (state.line || "") === card.clickedAt) return;
  card.clickedAt = undefined;
  for (const b of card.buttons) b.hidden = !state.open;
  for (const b of card.buttons) b.disabled = !state.open;
  card.status.textContent = state.line || "";
  if (!state.open) cards.delete(actionId);
}

/** The header's mode and balance, current at every poll. */
function showStatus(status) {
  if (status) $("status").textContent = `Mode ${status.modeLabel} · ${status.balance} jetons`;
}

async function decide(card, actionId, decision) {
  card.clickedAt = card.status.textContent;
  for (const b of card.buttons) b.disabled = true;
  card.status.textContent = decision === "confirm" ? "Confirmation envoyée…" : "Annulation envoyée…";
  const clientId = uuid();
  unseen.add(clientId);
  updateThinking();
  try {
    showError(null);
    const { queued } = await post("/api/web/decisions", { actionId, decision, clientId });
    if (!queued) unseen.delete(clientId);
  } catch (error) {
    unseen.delete(clientId);
    for (const b of card.buttons) b.disabled = false;
    card.status.textContent = card.clickedAt;
    card.clickedAt = undefined;
    showError(error);
  }
  updateThinking();
  input.focus();
}

function renderCard(c) {
  const box = document.createElement("section");
  box.className = "card";
  box.setAttribute("aria-label", `Action n°${c.actionId} à confirmer`);
  const what = document.createElement("p");
  what.textContent = c.preview;
  const details = document.createElement("dl");
  for (const [term, value] of [
    ["Mode", c.modeLabel],
    ["Coût", c.cost === 0 ? "gratuit" : `${c.cost} jeton${c.cost > 1 ? "s" : ""}`],
    ["Solde après", `${c.balanceAfter} jetons`],
  ]) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    details.append(dt, dd);
  }
  const confirm = document.createElement("button");
  confirm.type = "button";
  confirm.textContent = "Confirmer";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "secondary";
  cancel.textContent = "Annuler";
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  const card = { buttons: [confirm, cancel], status };
  confirm.addEventListener("click", () => decide(card, c.actionId, "confirm"));
  cancel.addEventListener("click", () => decide(card, c.actionId, "cancel"));
  cards.set(c.actionId, card);
  box.append(what, details, confirm, " ", cancel, status);
  showState(card, c.actionId, c);
  return box;
}

/** Buttons that send their words as the user's message: a choice, « suite », an example. */
function suggestions(texts) {
  const box = document.createElement("div");
  box.className = "choices";
  for (const text of texts) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.addEventListener("click", () => {
      input.value = text;
      send();
    });
    box.append(button);
  }
  return box;
}

function scrollToNewest() {
  list.lastElementChild?.scrollIntoView({ block: "end" });
  window.scrollTo(0, document.documentElement.scrollHeight);
}

function bubble(direction, text) {
  const item = document.createElement("li");
  item.className = direction;
  const author = document.createElement("span");
  author.className = "visually-hidden";
  author.textContent = direction === "in" ? "Vous : " : "M.A.X. : ";
  const body = document.createElement("p");
  body.append(author, text);
  item.append(body);
  list.append(item);
  return item;
}

function render(m) {
  const item = bubble(m.direction, m.text);
  item.append(...m.cards.map(renderCard));
  const offers = [...(m.choices || []), ...(m.more ? ["suite"] : [])];
  if (offers.length) item.append(suggestions(offers));
  if (m.clientId) unseen.delete(m.clientId);
  lastId = m.id;
  lastDirection = m.direction;
}

async function poll() {
  try {
    const open = [...cards.keys()].slice(0, 50).join(",");
    const {
      messages,
      cards: states,
      status,
    } = await api("GET", `/api/web/messages?after=${lastId}&open=${open}`);
    // A first visit: who M.A.X. works for, its mode and balance, and what to ask.
    if (welcome && lastId === 0 && messages.length === 0 && !list.childElementCount) {
      bubble("out", welcome.text).append(suggestions(welcome.examples));
      scrollToNewest();
    }
    welcome = null;
    for (const m of messages) render(m);
    if (messages.length) scrollToNewest();
    for (const [id, state] of Object.entries(states)) {
      const card = cards.get(Number(id));
      if (card) showState(card, Number(id), state);
    }
    showStatus(status);
    updateThinking();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signedOut();
    showError(error);
  }
  setTimeout(poll, POLL_MS);
}

async function send() {
  const text = input.value.trim();
  if (!text) return;
  const clientId = uuid();
  unseen.add(clientId);
  updateThinking();
  input.value = "";
  try {
    showError(null);
    const { queued } = await post("/api/web/messages", { text, clientId });
    if (!queued) unseen.delete(clientId);
  } catch (error) {
    unseen.delete(clientId);
    input.value = text;
    showError(error);
  }
  updateThinking();
}

function signedOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  input.disabled = true;
  sendButton.disabled = true;
  $("who").textContent = "Session terminée : rechargez la page ou demandez un nouveau lien de connexion.";
}

/** The stored session if it still works, else a new one from the login link or the demo. */
async function connect() {
  const login = new URLSearchParams(location.hash.slice(1)).get("login");
  if (login) history.replaceState(null, "", location.pathname);
  if (!login && sessionStorage.getItem(TOKEN_KEY)) {
    try {
      return await api("GET", "/api/web/session");
    } catch {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  }
  const session = await api("POST", "/api/web/session", login ? { login } : {});
  sessionStorage.setItem(TOKEN_KEY, session.token);
  return session;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  send();
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});

connect().then(
  (session) => {
    $("who").textContent = `${session.user.name} — ${session.tenant.name}`;
    welcome = session.welcome;
    input.disabled = false;
    sendButton.disabled = false;
    input.focus();
    poll();
  },
  (error) => {
    $("who").textContent = "Non connecté";
    showError(error);
  },
);
