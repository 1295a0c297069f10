// What GET /api/board and GET /api/board/column answer (src/http/dashboard/board.ts).
export interface BoardCard {
  id: number;
  name: string;
  company: string | null;
  heat: string | null;
  /** « chaud », « tiède », « froid »; null when the heat is not known. */
  heatLabel: string | null;
  /** Whole days since the last contact (0 = today); null when there was none. */
  daysSinceContact: number | null;
  /** The budget counted in the column's sum, in euros; null when not known. */
  budget: number | null;
  score: number | null;
  lastActivityAt: string | null;
  tags: string[];
}

export interface BoardColumn {
  status: string;
  label: string;
  count: number;
  /** Sum of the budgets known in the column, in euros; null when none is known. */
  budgetSum: number | null;
  cards: BoardCard[];
  hasMore: boolean;
}

export interface BoardView {
  total: number;
  pageSize: number;
  columns: BoardColumn[];
}

export interface ColumnPage {
  status: string;
  label: string;
  count: number;
  offset: number;
  limit: number;
  cards: BoardCard[];
  hasMore: boolean;
}
