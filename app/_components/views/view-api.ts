import type { LocalizedText } from '@/lib/i18n/locale';
import type { RecordView } from '@/lib/records/record.types';
import type { KanbanLane } from '@/lib/views/view.types';

/** Answers of the record API as docs/engine-contract.md describes them. */
export interface RecordPage {
  items: RecordView[];
  total: number;
  page: number;
  pageSize: number;
}

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'purge';

export interface HistoryEntry {
  version: number;
  action: HistoryAction;
  actor: { id: string; name: string };
  at: string;
  changes: { field: string; before: unknown; after: unknown }[];
  /** Names of the records and users the changed values point to, by id. */
  names?: Record<string, string>;
}

export interface RelatedGroup {
  entity: string;
  /** Sent by the server beside the contract's fields. */
  entityLabel?: LocalizedText;
  field: string;
  label: LocalizedText | string;
  total: number;
  items: RecordView[];
}

export interface KanbanPage {
  field: string;
  lanes: KanbanLane[];
}

export interface UserRef {
  id: string;
  name: string;
  email: string;
}
