// A room of the next delivery: what it will hold, and where to go meanwhile.
export function Soon(props: { title: string; what: string }) {
  return (
    <section class="room soon" aria-labelledby="room-title">
      <h1 id="room-title">{props.title}</h1>
      <p>Bientôt : {props.what}</p>
      <p>
        En attendant, M.A.X. vous répond dans le chat : <a href="#/espace">lui poser la question</a>.
      </p>
    </section>
  );
}
