import type { SortSpec } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';

/** A list or board someone saved: personal, or shared with everyone. */
export interface SavedView {
  id: string;
  entity: string;
  name: string;
  kind: 'table' | 'kanban';
  ownerId: string;
  shared: boolean;
  columns: string[];
  sort: SortSpec[];
  filter: FilterGroup;
  q?: string;
  pageSize: number;
  /** The single-select field whose options are the lanes (kanban only). */
  kanbanField?: string;
  createdAt: string;
  updatedAt: string;
}

export type SavedViewInput = Pick<SavedView, 'name' | 'kind' | 'shared' | 'columns' | 'sort' | 'filter' | 'q' | 'pageSize' | 'kanbanField'>;

export interface KanbanLane {
  /** The option value; null is the lane of records with no value. */
  value: string | null;
  total: number;
  items: import('@/lib/records/record.types').RecordView[];
}

export interface BulkResult {
  succeeded: string[];
  failed: { id: string; message: string; fields?: Record<string, string[]> }[];
}
