// The header on every room: the tenant, the global mode selector (« Mode »: Conseil, Assisté, Auto —
// a change is an action like any other, confirmed in a dialog, twice for Auto) and the balance, with
// the budget banner once 80 % of the month's allowance is used.
import { useState } from "preact/hooks";
import { useActions } from "./actions";
import { BudgetBanner } from "./rooms/budget/banner";
import { jetons, useApp } from "./state";
import type { Mode } from "./types";

const MODES: { value: Mode; label: string }[] = [
  { value: "conseil", label: "Conseil" },
  { value: "assiste", label: "Assisté" },
  { value: "auto", label: "Auto" },
];

export function Header() {
  const { me, mode, balance, live, setStatus } = useApp();
  const { run } = useActions();
  const [asked, setAsked] = useState<Mode | null>(null);

  async function change(next: Mode) {
    if (next === mode) return;
    setAsked(next);
    const outcome = await run("set_mode", { mode: next });
    if (outcome.kind === "executed") setStatus({ mode: next });
    setAsked(null);
  }

  return (
    <header class="top">
      <p class="brand">
        <strong>M.A.X.</strong> <span class="tenant">{me.tenant.name}</span>
      </p>
      <div class="mode">
        <label for="mode-select">Mode</label>
        <select
          id="mode-select"
          value={asked ?? mode}
          disabled={asked !== null || !me.user.manager}
          title={me.user.manager ? undefined : "Seul un propriétaire ou un administrateur change le mode."}
          onChange={(e) => change((e.currentTarget as HTMLSelectElement).value as Mode)}
        >
          {MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <p class="balance" aria-live="polite">
        <span class="visually-hidden">Solde : </span>
        {jetons(balance)}
      </p>
      <p class={`live live-${live}`} role="status">
        {live === "open" ? "En direct" : live === "connecting" ? "Reconnexion…" : "Hors ligne"}
      </p>
      <p class="who">{me.user.name}</p>
      <BudgetBanner />
    </header>
  );
}
