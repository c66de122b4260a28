import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { findEntity } from '@/lib/entities/entity.service';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { userNames } from '@/lib/users/user.service';
import type { RecordDoc, RefItem } from '@/lib/records/record.types';

interface RefSource {
  /** Key in refs: "customer", or "items.product" for a sub-table column. */
  path: string;
  field: FieldDefinition;
  ids: (doc: RecordDoc) => string[];
}

function idsIn(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === 'string' && ObjectId.isValid(id));
}

function sourcesOf(def: EntityDefinition): RefSource[] {
  const sources: RefSource[] = [];
  for (const field of def.fields) {
    if (field.type === 'relation' || field.type === 'user') sources.push({ path: field.key, field, ids: (doc) => idsIn(doc[field.key]) });
    for (const column of field.type === 'subtable' ? (field.fields ?? []) : []) {
      if (column.type !== 'relation' && column.type !== 'user') continue;
      const rows = (doc: RecordDoc) => (Array.isArray(doc[field.key]) ? (doc[field.key] as Record<string, unknown>[]) : []);
      sources.push({ path: `${field.key}.${column.key}`, field: column, ids: (doc) => rows(doc).flatMap((row) => idsIn(row?.[column.key])) });
    }
  }
  return sources;
}

/** Names of the records of one entity, by id. */
async function recordNames(entity: string, ids: string[]): Promise<Map<string, string>> {
  const target = await findEntity(entity);
  if (!target || ids.length === 0) return new Map();
  const rows = await findByIds(await recordCollection(entity), ids.map((id) => new ObjectId(id)), { [target.displayField]: 1 });
  return new Map(rows.map((row) => [row._id.toHexString(), String(row[target.displayField] ?? '')]));
}

/**
 * Names already looked up, kept across the batches of one long read (an export), so that
 * records and users that repeat are fetched once. Bounded: it starts over when full.
 */
export class RefNameCache {
  private readonly names = new Map<string, string>();
  constructor(private readonly limit = 20_000) {}
  get(kind: string, id: string): string | undefined {
    return this.names.get(`${kind}:${id}`);
  }
  set(kind: string, found: Map<string, string>, asked: string[]): void {
    if (this.names.size + asked.length > this.limit) this.names.clear();
    // An id that was not found is remembered too (as no name), so it is not asked again.
    for (const id of asked) this.names.set(`${kind}:${id}`, found.get(id) ?? '');
  }
}

/** Looks up the names a cache lacks; answers every asked id's name (cached or fetched). */
async function cachedNames(kind: string, ids: string[], fetch: (ids: string[]) => Promise<Map<string, string>>, cache?: RefNameCache): Promise<Map<string, string>> {
  if (!cache) return fetch(ids);
  const missing = ids.filter((id) => cache.get(kind, id) === undefined);
  if (missing.length > 0) cache.set(kind, await fetch(missing), missing);
  return new Map(ids.map((id): [string, string] => [id, cache.get(kind, id) ?? '']).filter(([, name]) => name !== ''));
}

/**
 * What a page of records points to, with display names: owners, related records, users,
 * also inside sub-tables. One batch of lookups per target, never a query per row.
 */
export async function resolveRefs(def: EntityDefinition, docs: RecordDoc[], cache?: RefNameCache): Promise<Record<string, RefItem[]>[]> {
  const sources = sourcesOf(def);
  const userIds = new Set(docs.map((doc) => doc._ownerId));
  const recordIds = new Map<string, Set<string>>();
  for (const source of sources) {
    for (const doc of docs) {
      for (const id of source.ids(doc)) {
        if (source.field.type === 'user') userIds.add(id);
        else {
          const entity = source.field.relation?.entity ?? '';
          if (!recordIds.has(entity)) recordIds.set(entity, new Set());
          recordIds.get(entity)!.add(id);
        }
      }
    }
  }
  const [users, ...names] = await Promise.all([
    cachedNames('user', [...userIds], (ids) => userNames(ids), cache),
    ...[...recordIds].map(([entity, ids]) => cachedNames(entity, [...ids], (missing) => recordNames(entity, missing), cache)),
  ]);
  const byEntity = new Map([...recordIds.keys()].map((entity, index) => [entity, names[index]]));
  return docs.map((doc) => {
    const refs: Record<string, RefItem[]> = { ownerId: [{ id: doc._ownerId, name: users.get(doc._ownerId) ?? '' }] };
    for (const source of sources) {
      const lookup = source.field.type === 'user' ? users : byEntity.get(source.field.relation?.entity ?? '');
      const items = source.ids(doc).map((id) => ({ id, name: lookup?.get(id) ?? '' }));
      if (items.length > 0) refs[source.path] = items;
    }
    return refs;
  });
}

/** Names of every record and user the given values point to, by id (for history entries). */
export async function referenceNames(def: EntityDefinition, values: Record<string, unknown>[]): Promise<Record<string, string>> {
  const docs = values.map((data) => ({ ...data, _ownerId: '' }) as unknown as RecordDoc);
  const refs = await resolveRefs(def, docs);
  const names: Record<string, string> = {};
  for (const ref of refs) {
    for (const [path, items] of Object.entries(ref)) if (path !== 'ownerId') for (const item of items) names[item.id] = item.name;
  }
  return names;
}
