// What a block shows when its answer could not be loaded: the reason, and a way to ask again.
export function LoadError(props: { message: string; retry: () => unknown }) {
  return (
    <p role="alert">
      {props.message}{" "}
      <button type="button" class="link" onClick={() => void props.retry()}>
        Réessayer
      </button>
    </p>
  );
}
