// Running an action from a button, as the gate decides: in Auto it runs, in Conseil it is a suggestion,
// in Assisté the confirmation card opens here — what it does, the mode, its cost and the balance after
// — and the user confirms (twice to switch to Auto) or cancels. The caller gets the final outcome, and
// the user a notice saying what really happened.
import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useCallback, useContext, useRef, useState } from "preact/hooks";
import { ApiError, post } from "./api";
import { Dialog } from "./components/dialog";
import { jetons, useApp } from "./state";
import type { Card, Outcome } from "./types";

type Run = (tool: string, args: Record<string, unknown>) => Promise<Outcome>;

/** Outcomes of a card that are no failure. */
const QUIET = new Set<Outcome["kind"]>(["cancelled", "already", "suggested", "pending", "confirm_again"]);

/** The notice's tone for a card's outcome: done, nothing wrong, or a failure. */
export const outcomeTone = (outcome: Outcome) =>
  outcome.kind === "executed" ? "success" : QUIET.has(outcome.kind) ? "info" : "error";

const ActionsContext = createContext<{ run: Run; decide: (card: Card) => Promise<Outcome> } | null>(null);

export function useActions() {
  const value = useContext(ActionsContext);
  if (!value) throw new Error("useActions outside ActionsProvider");
  return value;
}

const TONE: Partial<Record<Outcome["kind"], "success" | "error" | "info">> = {
  executed: "success",
  failed: "error",
  refused: "error",
  invalid: "error",
  unavailable: "error",
  insufficient: "error",
  forbidden: "error",
  expired: "error",
};

const failed = (error: unknown): Outcome => ({
  kind: "failed",
  tool: "",
  message: error instanceof ApiError ? error.message : "Erreur inattendue : réessayez.",
  cost: 0,
  balance: 0,
});

export function ActionsProvider(props: { children: ComponentChildren }) {
  const { notify, setStatus } = useApp();
  const [open, setOpen] = useState<{ card: Card; note: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const settle = useRef<((outcome: Outcome) => void) | null>(null);

  const finish = useCallback(
    (outcome: Outcome) => {
      if (outcome.balance) setStatus({ balance: outcome.balance });
      notify(outcome.message, TONE[outcome.kind] ?? "info");
      return outcome;
    },
    [notify, setStatus],
  );

  const decide = useCallback(
    (card: Card) =>
      new Promise<Outcome>((resolve) => {
        settle.current = resolve;
        setOpen({ card, note: null });
      }),
    [],
  );

  const run: Run = useCallback(
    async (tool, args) => {
      let outcome: Outcome;
      try {
        outcome = await post<Outcome>("/api/actions", { tool, args });
      } catch (error) {
        return finish(failed(error));
      }
      if (outcome.kind === "pending" && outcome.card) return finish(await decide(outcome.card));
      return finish(outcome);
    },
    [decide, finish],
  );

  async function answer(decision: "confirm" | "cancel") {
    if (!open) return;
    setBusy(true);
    let outcome: Outcome;
    try {
      outcome = await post<Outcome>("/api/actions/decide", { actionId: open.card.actionId, decision });
    } catch (error) {
      outcome = failed(error);
    }
    setBusy(false);
    if (outcome.kind === "confirm_again" && outcome.card) {
      setOpen({
        card: outcome.card,
        note: "Première confirmation reçue. Confirmez une seconde fois pour l'exécuter.",
      });
      return;
    }
    setOpen(null);
    settle.current?.(outcome);
    settle.current = null;
  }

  const card = open?.card;
  return (
    <ActionsContext.Provider value={{ run, decide }}>
      {props.children}
      {card && (
        <Dialog title={`Confirmer l'action n°${card.actionId}`} onClose={() => answer("cancel")}>
          <p class="card-preview">{card.preview}</p>
          <dl class="card-facts">
            <dt>Mode</dt>
            <dd>{card.modeLabel}</dd>
            <dt>Coût</dt>
            <dd>{card.cost === 0 ? "gratuit" : jetons(card.cost)}</dd>
            <dt>Solde après</dt>
            <dd>{jetons(card.balanceAfter)}</dd>
          </dl>
          {open.note && <p role="status">{open.note}</p>}
          {busy && <p role="status">Exécution en cours…</p>}
          <div class="buttons">
            <button type="button" class="primary" disabled={busy} onClick={() => answer("confirm")}>
              {open.note ? "Confirmer définitivement" : "Confirmer"}
            </button>
            <button type="button" disabled={busy} onClick={() => answer("cancel")}>
              Annuler
            </button>
          </div>
        </Dialog>
      )}
    </ActionsContext.Provider>
  );
}
