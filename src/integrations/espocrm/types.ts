// The shapes EspoCRM's REST API answers with, as far as M.A.X. reads them. Records carry more
// attributes than listed (custom fields with their `c` prefix, link names…): they stay in the object.

/** A where item: `{type, attribute, value}`; and/or/not take a list of items as value. */
export interface EspoWhere {
  type: string;
  attribute?: string;
  value?: unknown;
  /** Day semantics on a datetime attribute (e.g. `after 2026-11-16` = after that day's end). */
  dateTime?: boolean;
  timeZone?: string;
}

export type EspoLeadStatus = "New" | "Assigned" | "In Process" | "Converted" | "Recycled" | "Dead";
export const ESPO_LEAD_STATUSES: readonly EspoLeadStatus[] = [
  "New",
  "Assigned",
  "In Process",
  "Converted",
  "Recycled",
  "Dead",
];

export interface EspoLead {
  id: string;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  accountName?: string | null;
  emailAddress?: string | null;
  /** E.164 (`+33612345678`), or EspoCRM refuses it. */
  phoneNumber?: string | null;
  status?: EspoLeadStatus | string | null;
  source?: string | null;
  description?: string | null;
  assignedUserId?: string | null;
  /** `YYYY-MM-DD HH:mm:ss`, UTC. */
  createdAt?: string | null;
  modifiedAt?: string | null;
  /** Only when optimistic concurrency is on for Lead. */
  versionNumber?: number | null;
  [attribute: string]: unknown;
}

/** Writable values of a lead (unknown attributes are silently dropped by EspoCRM). */
export type EspoLeadValues = Omit<Partial<EspoLead>, "id" | "createdAt" | "modifiedAt" | "versionNumber">;

export interface EspoList<T> {
  /** -1 / -2 when counting was skipped (more / no more pages). */
  total: number;
  list: T[];
}

export interface EspoListParams {
  /** At most 200 (EspoCRM answers 403 above). */
  maxSize?: number;
  offset?: number;
  orderBy?: string;
  order?: "asc" | "desc";
  select?: string[];
  where?: EspoWhere[];
  textFilter?: string;
  primaryFilter?: string;
}

/** One field's definition in `entityDefs.Lead.fields`. */
export interface EspoFieldDefs {
  type: string;
  options?: string[];
  isCustom?: boolean;
  required?: boolean;
  [param: string]: unknown;
}

/** What the field manager is given: the name without prefix, a type, a label and the type's params. */
export interface EspoNewField {
  name: string;
  type: string;
  label: string;
  options?: string[];
  [param: string]: unknown;
}

export interface EspoNote {
  id: string;
  type: string;
  post?: string | null;
  parentType?: string | null;
  parentId?: string | null;
  createdAt?: string | null;
  data?: unknown;
  [attribute: string]: unknown;
}

export interface EspoEmail {
  id: string;
  name: string;
  status: string;
  isHtml: boolean;
  body?: string | null;
  parentType?: string | null;
  parentId?: string | null;
  [attribute: string]: unknown;
}

export type EspoWebhookEvent = "Lead.create" | "Lead.update" | "Lead.delete" | `Lead.fieldUpdate.${string}`;

export interface EspoWebhook {
  id: string;
  event: string;
  url: string;
  /** 32 hex characters: the HMAC key of every delivery. Store it like a password. */
  secretKey: string;
  userId?: string | null;
  skipOwn?: boolean;
  [attribute: string]: unknown;
}

export interface EspoUser {
  id: string;
  userName: string;
  type?: string;
  isAdmin?: boolean;
  [attribute: string]: unknown;
}
