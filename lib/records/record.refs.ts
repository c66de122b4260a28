import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { getEntity } from '@/lib/entities/entity.service';
import { userNames } from '@/lib/users/user.service';
import type { RecordDoc } from '@/lib/records/record.types';

/**
 * Display names for what a page of records points to: owners and related records. One query
 * per target (FerretDB v1 has no server-side join), never one per row.
 */
export async function resolveRefs(def: EntityDefinition, docs: RecordDoc[]): Promise<Record<string, string>[]> {
  const owners = await userNames(docs.map((doc) => doc._ownerId));
  const relationNames = new Map<string, Map<string, string>>();
  for (const [field, presentation] of Object.entries(def.fields)) {
    const targetKey = presentation.relation?.entity;
    if (!targetKey) continue;
    const ids = [...new Set(docs.map((doc) => doc[field]).filter((id): id is string => typeof id === 'string' && ObjectId.isValid(id)))];
    if (ids.length === 0) continue;
    const target = await getEntity(targetKey).catch(() => null);
    if (!target) continue;
    const rows = await (await recordCollection(targetKey))
      .find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }, { projection: { [target.displayField]: 1 } })
      .toArray();
    relationNames.set(field, new Map(rows.map((row) => [row._id.toHexString(), String(row[target.displayField] ?? '')])));
  }
  return docs.map((doc) => {
    const refs: Record<string, string> = { ownerId: owners.get(doc._ownerId) ?? '' };
    for (const [field, names] of relationNames) {
      const name = names.get(String(doc[field]));
      if (name !== undefined) refs[field] = name;
    }
    return refs;
  });
}
