import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordDoc, RecordView, RefItem } from '@/lib/records/record.types';

/** Every stored value of a record (system fields start with "_"), current fields or not. */
export function recordData(doc: RecordDoc): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) data[key] = value;
  return data;
}

export function toRecordView(doc: RecordDoc, def: EntityDefinition, refs?: Record<string, RefItem[]>): RecordView {
  const current = new Set(def.fields.map((field) => field.key));
  const data: Record<string, unknown> = {};
  const retired: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(recordData(doc))) (current.has(key) ? data : retired)[key] = value;
  return {
    id: doc._id.toHexString(),
    ownerId: doc._ownerId,
    createdAt: doc._createdAt.toISOString(),
    createdBy: doc._createdBy,
    updatedAt: doc._updatedAt.toISOString(),
    updatedBy: doc._updatedBy,
    version: doc._version,
    ...(doc._deletedAt ? { deletedAt: doc._deletedAt.toISOString() } : {}),
    data,
    ...(Object.keys(retired).length > 0 ? { retired } : {}),
    display: String(doc[def.displayField] ?? ''),
    ...(refs ? { refs } : {}),
  };
}
