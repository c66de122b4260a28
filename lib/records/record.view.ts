import type { RecordDoc, RecordView } from '@/lib/records/record.types';

/** The entity's own fields of a stored record (system fields start with "_"). */
export function recordData(doc: RecordDoc): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) data[key] = value;
  return data;
}

export function toRecordView(doc: RecordDoc, displayField: string, refs?: Record<string, string>): RecordView {
  return {
    id: doc._id.toHexString(),
    ownerId: doc._ownerId,
    createdAt: doc._createdAt.toISOString(),
    createdBy: doc._createdBy,
    updatedAt: doc._updatedAt.toISOString(),
    updatedBy: doc._updatedBy,
    version: doc._version,
    data: recordData(doc),
    display: String(doc[displayField] ?? ''),
    ...(refs ? { refs } : {}),
  };
}
