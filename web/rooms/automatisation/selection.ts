// The leads ticked in a scenario's list, kept across the room's pages: « Créer une nouvelle
// automatisation » offers them as « les leads sélectionnés ». Keyed by enrollment (a lead's row).
export interface Picked {
  enrollmentId: number;
  leadId: number;
  name: string;
}

export const selection: { scenario: string | null; rows: Map<number, Picked> } = {
  scenario: null,
  rows: new Map(),
};

/** The selected leads, each once. */
export const selectedLeadIds = (): number[] => [
  ...new Set([...selection.rows.values()].map((p) => p.leadId)),
];
