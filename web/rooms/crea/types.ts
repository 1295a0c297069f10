// The shapes the Créa API answers with (src/http/dashboard/crea-*.ts), as the room reads them.
export type DocKind = "file" | "own" | "draft";

export interface FileTemplate {
  id: string;
  title: string;
  subject: string;
  channel: string;
  channelLabel: string;
}

export interface OwnTemplate {
  id: number;
  name: string;
  subject: string;
  basedOn: string | null;
  updatedAt: string;
}

export interface DraftSummary {
  id: number;
  subject: string;
  template: string | null;
  templateTitle: string | null;
  channel: string;
  channelLabel: string;
  segment: string;
  createdAt: string;
}

export interface Library {
  files: FileTemplate[];
  own: OwnTemplate[];
  drafts: DraftSummary[];
}

/** A template or a draft opened in the editor. */
export interface EditedDoc {
  kind: DocKind;
  id: string | number;
  title: string;
  name?: string;
  subject: string;
  html: string;
  channel: string;
  channelLabel: string;
  basedOn?: string | null;
  segment?: Segment;
  segmentWords?: string;
  mergeFields: string[];
  imagePlaceholder: string;
}

export interface Preview {
  url: string;
  unknownFields: string[];
  mergeFields: string[];
  refusal: string | null;
  lead: { id: number; name: string; company: string | null } | null;
}

export interface UploadedImage {
  name: string;
  url: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
}

export interface Segment {
  status?: string[];
  tag?: string[];
  heat?: string;
  inactiveDays?: number;
}

export interface Audience {
  segment: Segment;
  matched: number;
  recipients: number;
  excluded: number;
  cost: number;
  timezone: string;
  moment:
    | { date: string; time: string; at: string; atLabel: string; problem: string | null }
    | { problem: string };
}

export interface CampaignCounts {
  total: number;
  queued: number;
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  failed: number;
}

export interface CampaignRow {
  id: number;
  name: string;
  subject: string;
  status: string;
  statusLabel: string;
  scheduledAt: string;
  scheduledLabel: string;
  startedAt: string | null;
  finishedAt: string | null;
  recipients: number;
  excluded: number;
  cost: number;
  error: string | null;
  counts: CampaignCounts;
}

/** The room's addresses: #/crea/modele/annonce-produit, #/crea/perso/3, #/crea/brouillon/12. */
export const KIND_PATHS: Record<DocKind, string> = { file: "modele", own: "perso", draft: "brouillon" };
export const editorHref = (kind: DocKind, id: string | number) => `#/crea/${KIND_PATHS[kind]}/${id}`;
