// The Espace M.A.X.: the chat with M.A.X. in the main column; suggestions, quick buttons and the
// history of requests beside it (under it on a phone).
import { Chat } from "./chat";
import { Panel } from "./panel";
import "./espace.css";

export function Espace() {
  return (
    <section class="room espace" aria-labelledby="room-title">
      <h1 id="room-title">Espace M.A.X.</h1>
      <div class="espace-grid">
        <Chat />
        <Panel />
      </div>
    </section>
  );
}
