// Routes of the pipeline board: GET /api/board (one column per status of the tenant's pipeline, in its
// order, with the label in words, the count, the sum of the known budgets and the first cards) and
// GET /api/board/column?status=&offset=&limit= (more cards of one column). The read models are the
// store's (store.board); a move is an action (update_status through POST /api/actions), not a route.
import { z } from "zod";
import { queryOf, signedIn } from "../../../channels/web/handler.js";
import { json, type Route } from "../../outbox/route.js";
import type { BoardCard } from "../../store/index.js";
import type { DashboardDeps } from "./context.js";

const boardQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() });
const columnQuery = z.object({
  status: z.string().trim().min(1).max(80),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** A card as the page draws it (dates as ISO strings). */
const cardView = (card: BoardCard) => ({
  id: card.id,
  name: card.name,
  company: card.company,
  heat: card.heat,
  heatLabel: card.heatLabel,
  score: card.score,
  daysSinceContact: card.daysSinceContact,
  lastActivityAt: card.lastActivityAt?.toISOString() ?? null,
  budget: card.budget,
  tags: card.tags,
});

export function boardRoutes({ store }: DashboardDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/board",
      handle: signedIn(store, (req, me) => {
        const { limit } = queryOf(req, boardQuery);
        const board = store.board.get(me.tenant.id, { limit });
        return json(200, {
          total: board.total,
          pageSize: board.pageSize,
          columns: board.columns.map((c) => ({ ...c, cards: c.cards.map(cardView) })),
        });
      }),
    },
    {
      method: "GET",
      path: "/api/board/column",
      handle: signedIn(store, (req, me) => {
        const { status, offset, limit } = queryOf(req, columnQuery);
        const page = store.board.column(me.tenant.id, status, { offset, limit });
        return json(200, { ...page, cards: page.cards.map(cardView) });
      }),
    },
  ];
}
