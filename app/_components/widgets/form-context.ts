import type { Registry } from '@rjsf/utils';
import type { RecordView } from '@/lib/records/record.types';

/** What the record form tells its widgets beyond their own field (rjsf formContext). */
export interface RecordFormContext {
  /** Key of the entity whose record the form edits (uploads name it). */
  entity: string;
  /** Display names of the records and users the record points to, by id, so pickers need not look them up. */
  names?: Record<string, string>;
}

export function recordFormContext(registry: Registry): RecordFormContext {
  const context = (registry.formContext ?? {}) as Partial<RecordFormContext>;
  return { entity: context.entity ?? '', names: context.names };
}

/** Every id → name pair of a record's refs (related records, users, sub-table cells). */
export function namesFromRefs(refs: RecordView['refs']): Record<string, string> {
  const names: Record<string, string> = {};
  for (const items of Object.values(refs ?? {})) for (const item of items) names[item.id] = item.name;
  return names;
}
