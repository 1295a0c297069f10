// The budget banner under the header of every room: shown once this period's usage reaches 80 % of the
// allowance, stronger at 100 %, with the way to the Budget IA room. Kept current by the live stream.
import { useRoute } from "../../route";
import type { BudgetAlert } from "./types";
import { useBudget } from "./use-budget";
import "./budget.css";

export function BudgetBanner() {
  const { room } = useRoute();
  const { data } = useBudget<{ alert: BudgetAlert | null }>("/api/budget/alert", "");
  const alert = data?.alert;
  return (
    <div role="status" class="budget-banner-slot">
      {alert && (
        <p class={`budget-banner budget-banner-${alert.threshold}`}>
          <strong>Budget IA : </strong>
          {alert.text} {room !== "budget" && <a href="#/budget">Voir le budget et ajouter un pack</a>}
        </p>
      )}
    </div>
  );
}
