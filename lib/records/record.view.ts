import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { Actor } from '@/lib/users/user.types';
import type { RecordDoc, RecordView, RefItem } from '@/lib/records/record.types';
import { openValues } from '@/lib/security/field-crypto';

/** Every stored value of a record (system fields start with "_"), current fields or not; sensitive ones sealed, as stored. */
export function recordData(doc: RecordDoc): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) data[key] = value;
  return data;
}

/** A record's values as people and automations see them: sensitive fields decrypted. */
export function plainData(doc: RecordDoc): Record<string, unknown> {
  return openValues(recordData(doc));
}

/**
 * A record as the HTTP API sends it to someone: the fields their field mask hides
 * (lib/permissions) are left out, with what they point to.
 */
export function toRecordView(doc: RecordDoc, def: EntityDefinition, viewer: Pick<Actor, 'access'>, refs?: Record<string, RefItem[]>): RecordView {
  const current = new Set(def.fields.map((field) => field.key));
  const { hidden } = viewer.access.fieldMask(def);
  const data: Record<string, unknown> = {};
  const retired: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plainData(doc))) {
    if (!hidden.has(key)) (current.has(key) ? data : retired)[key] = value;
  }
  const shownRefs = refs && hidden.size > 0 ? Object.fromEntries(Object.entries(refs).filter(([path]) => !hidden.has(path.split('.')[0]))) : refs;
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
    ...(shownRefs ? { refs: shownRefs } : {}),
  };
}
