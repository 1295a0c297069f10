// The Espace M.A.X.: the chat with M.A.X.
export function Espace() {
  return (
    <section class="room" aria-labelledby="room-title">
      <h1 id="room-title">Espace M.A.X.</h1>
    </section>
  );
}
