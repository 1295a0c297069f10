// The CRM list a Reporting figure opens, as a shareable address: `#/crm?status=a&status=b&inactiveDays=5`,
// `#/crm?campaign=3&campaignEvent=opened`. The page reads it back (web/rooms/crm/list-query.ts) with
// the same names as GET /api/leads.
export interface CrmFilters {
  status?: readonly string[];
  heat?: string;
  inactiveDays?: number;
  campaign?: number;
  campaignEvent?: "sent" | "opened" | "clicked" | "bounced";
}

export function crmList(filters: CrmFilters): string {
  const params = new URLSearchParams();
  for (const status of filters.status ?? []) params.append("status", status);
  if (filters.heat) params.set("heat", filters.heat);
  if (filters.inactiveDays !== undefined) params.set("inactiveDays", String(filters.inactiveDays));
  if (filters.campaign !== undefined) params.set("campaign", String(filters.campaign));
  if (filters.campaignEvent) params.set("campaignEvent", filters.campaignEvent);
  const query = params.toString();
  return query ? `#/crm?${query}` : "#/crm";
}

/** A lead's page in the CRM. */
export const leadPage = (leadId: number) => `#/crm/lead/${leadId}`;
