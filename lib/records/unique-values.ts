import { createHash } from 'node:crypto';
import { MongoBulkWriteError, ObjectId, type Db } from 'mongodb';
import { collection, recordCollection, recordCollectionName } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import { badRequest } from '@/lib/errors/app-error';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { RecordDoc } from '@/lib/records/record.types';

/**
 * A claim on a value of a unique field. Uniqueness is enforced by the unique _id index of
 * this collection rather than by a unique index on the records: a missing value must not
 * collide with another missing value (FerretDB v1 has no partial indexes), and values are
 * compared as people see them ("ACME Ltd" = "acme ltd", "138 0013 8000" = "13800138000").
 */
export interface UniqueValueDoc {
  _id: string;
  entity: string;
  field: string;
  recordId: string;
  at: Date;
}

export class UniqueConflict extends Error {
  constructor(
    readonly field: string,
    /** The record that holds the value, when known. */
    readonly holderId?: string,
  ) {
    super(`another record already has this ${field}`);
  }
}

/**
 * A phone number as a key: its digits, without the 86 / 0086 country code in front of an
 * 11-digit mainland mobile ("+86 138-0013-8000" = "13800138000").
 */
export function comparablePhone(value: string): string {
  const digits = value.normalize('NFKC').replace(/\D/g, '');
  const mobile = /^(?:0086|86)(1\d{10})$/.exec(digits);
  return mobile ? mobile[1] : digits;
}

/**
 * A value as uniqueness compares it (stored values are never changed, only the claim key):
 * text in NFKC (full-width "ＡＣＭＥ" = "ACME"), case-folded, with all whitespace removed
 * ("ACME  Ltd" = "acme ltd" = "acmeltd"); phone numbers by comparablePhone.
 */
export function comparable(field: Pick<FieldDefinition, 'type'>, value: unknown): string {
  if (field.type === 'phone') return comparablePhone(String(value));
  return String(value).normalize('NFKC').toUpperCase().toLowerCase().replace(/\s+/gu, '');
}

function claimId(entity: string, field: FieldDefinition, value: unknown): string {
  const text = comparable(field, value);
  const key = text.length > 200 ? createHash('sha256').update(text).digest('hex') : text;
  return `${entity}|${field.key}|${key}`;
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

async function claimOne(entity: string, field: FieldDefinition, value: unknown, recordId: string): Promise<string> {
  const claims = await collection('uniqueValues');
  const _id = claimId(entity, field, value);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      // Shares its write with the other inserts of the moment (one writer at a time).
      await groupInsert(claims, { _id, entity, field: field.key, recordId, at: new Date() });
      return _id;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await claims.findOne({ _id });
      if (!holder || holder.recordId === recordId) return _id;
      // A claim whose record is gone (a crash between claim and insert) is taken over.
      const exists = ObjectId.isValid(holder.recordId) && (await (await recordCollection(entity)).findOne({ _id: new ObjectId(holder.recordId) }, { projection: { _id: 1 } }));
      if (exists) throw new UniqueConflict(field.key, holder.recordId);
      await claims.deleteOne({ _id, recordId: holder.recordId });
    }
  }
  throw new UniqueConflict(field.key);
}

export interface UniqueClaims {
  /** Gives back the claims of a write that did not happen. */
  rollback(): Promise<void>;
  /** Frees the values the record no longer holds, once the write is stored. */
  commit(): Promise<void>;
}

/** Claims the unique values a write brings; throws UniqueConflict when another record has one. */
export async function claimUniqueValues(
  def: EntityDefinition,
  recordId: string,
  data: Record<string, unknown>,
  previous: Record<string, unknown> | null,
): Promise<UniqueClaims> {
  const claimed: string[] = [];
  const released: string[] = [];
  const claims = await collection('uniqueValues');
  try {
    for (const field of def.fields.filter((candidate) => candidate.unique)) {
      const next = data[field.key];
      const old = previous?.[field.key];
      const nextId = hasValue(next) ? claimId(def.key, field, next) : null;
      const oldId = hasValue(old) ? claimId(def.key, field, old) : null;
      if (nextId === oldId) continue;
      if (nextId) claimed.push(await claimOne(def.key, field, next, recordId));
      if (oldId) released.push(oldId);
    }
  } catch (error) {
    if (claimed.length > 0) await claims.deleteMany({ _id: { $in: claimed }, recordId });
    throw error;
  }
  return {
    rollback: async () => {
      if (claimed.length > 0) await claims.deleteMany({ _id: { $in: claimed }, recordId });
    },
    commit: async () => {
      if (released.length > 0) await claims.deleteMany({ _id: { $in: released }, recordId });
    },
  };
}

/** Frees every unique value of a record deleted for good. */
export async function releaseUniqueValues(def: EntityDefinition, recordId: string, data: Record<string, unknown>): Promise<void> {
  const ids = def.fields.filter((field) => field.unique && hasValue(data[field.key])).map((field) => claimId(def.key, field, data[field.key]));
  if (ids.length > 0) await (await collection('uniqueValues')).deleteMany({ _id: { $in: ids }, recordId });
}

/**
 * A field made unique claims the values records already hold; duplicates refuse the change
 * and name the records, so the admin can clean them first.
 */
export async function claimExistingUniqueValues(entity: string, field: FieldDefinition): Promise<void> {
  const docs = await (await recordCollection(entity)).find({ [field.key]: { $exists: true } }, { projection: { [field.key]: 1 } }).toArray();
  const claimed: string[] = [];
  const duplicates: string[] = [];
  for (const doc of docs) {
    try {
      claimed.push(await claimOne(entity, field, doc[field.key], doc._id.toHexString()));
    } catch (error) {
      if (!(error instanceof UniqueConflict)) throw error;
      duplicates.push(`${doc._id.toHexString()} (${String(doc[field.key])})`);
    }
  }
  if (duplicates.length > 0) {
    const claims = await collection('uniqueValues');
    await claims.deleteMany({ _id: { $in: claimed } });
    throw badRequest(`${field.key} cannot be unique: ${duplicates.length} records repeat a value, e.g. ${duplicates.slice(0, 5).join(', ')}`);
  }
}

/** Indexes (in the batch) of the writes whose unique values another record holds, with the field. */
export interface BatchClaims {
  conflicts: Map<number, string>;
  /** Gives back the claims of the writes at these indexes (they did not happen). */
  rollback(indexes: number[]): Promise<void>;
}

/**
 * claimUniqueValues for many new records at once: one insertMany of every claim (unordered);
 * a claim already held by the same record (a retried write) is kept, one held by a record
 * that is gone is taken over, and one held by another record (or by an earlier write of the
 * same batch) marks that write as a conflict and gives back its other claims.
 */
export async function claimUniqueValuesBatch(def: EntityDefinition, writes: { recordId: string; data: Record<string, unknown> }[]): Promise<BatchClaims> {
  const fields = def.fields.filter((field) => field.unique);
  const conflicts = new Map<number, string>();
  const owned = new Map<number, string[]>();
  if (fields.length === 0) return { conflicts, rollback: async () => undefined };
  const claims = await collection('uniqueValues');
  const docs: (UniqueValueDoc & { index: number })[] = [];
  const at = new Date();
  writes.forEach(({ recordId, data }, index) => {
    for (const field of fields) {
      if (!hasValue(data[field.key])) continue;
      docs.push({ _id: claimId(def.key, field, data[field.key]), entity: def.key, field: field.key, recordId, at, index });
    }
  });
  const failedAt = new Set<number>();
  if (docs.length > 0) {
    try {
      await claims.insertMany(
        docs.map(({ index: _index, ...doc }) => doc),
        { ordered: false },
      );
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      for (const failure of failures) {
        if (failure.code !== 11000) throw error;
        failedAt.add(failure.index);
      }
    }
  }
  const batchIds = new Set(writes.map((write) => write.recordId));
  for (const [position, doc] of docs.entries()) {
    if (!failedAt.has(position)) {
      owned.set(doc.index, [...(owned.get(doc.index) ?? []), doc._id]);
      continue;
    }
    const holder = await claims.findOne({ _id: doc._id });
    if (holder?.recordId === doc.recordId) {
      owned.set(doc.index, [...(owned.get(doc.index) ?? []), doc._id]);
      continue;
    }
    if (holder && batchIds.has(holder.recordId)) {
      conflicts.set(doc.index, doc.field);
      continue;
    }
    try {
      await claimOne(def.key, fields.find((field) => field.key === doc.field)!, writes[doc.index].data[doc.field], doc.recordId);
      owned.set(doc.index, [...(owned.get(doc.index) ?? []), doc._id]);
    } catch (error) {
      if (!(error instanceof UniqueConflict)) throw error;
      conflicts.set(doc.index, doc.field);
    }
  }
  const rollback = async (indexes: number[]) => {
    const ids = indexes.flatMap((index) => (owned.get(index) ?? []).map((id) => ({ id, recordId: writes[index].recordId })));
    // One lookup by _id each: the only filter the embedded database serves from its index.
    await Promise.all(
      ids.map(async ({ id, recordId }) => {
        const holder = await claims.findOne({ _id: id });
        if (holder?.recordId === recordId) await claims.deleteOne({ _id: id });
      }),
    );
    for (const index of indexes) owned.delete(index);
  };
  await rollback([...conflicts.keys()]);
  return { conflicts, rollback };
}

/** Frees the unique values of records deleted for good, one lookup by _id per value. */
export async function releaseUniqueValuesOf(def: EntityDefinition, records: { recordId: string; data: Record<string, unknown> }[]): Promise<void> {
  const claims = await collection('uniqueValues');
  const fields = def.fields.filter((field) => field.unique);
  const wanted = records.flatMap(({ recordId, data }) => fields.filter((field) => hasValue(data[field.key])).map((field) => ({ id: claimId(def.key, field, data[field.key]), recordId })));
  await Promise.all(
    wanted.map(async ({ id, recordId }) => {
      const holder = await claims.findOne({ _id: id });
      if (holder?.recordId === recordId) await claims.deleteOne({ _id: id });
    }),
  );
}

/**
 * Claims every unique value of an entity again under the current comparison (a migration
 * after the comparison changed): stale claims go, missing ones are made. A value records
 * now share stays with the oldest of them; the others are returned ("field: id (value)")
 * for the caller to report, and are refused only once someone changes that value.
 */
export async function rebuildUniqueClaims(db: Db, def: EntityDefinition): Promise<string[]> {
  const claims = db.collection<UniqueValueDoc>('unique_values');
  const records = db.collection<RecordDoc>(recordCollectionName(def.key));
  const shared: string[] = [];
  for (const field of def.fields.filter((candidate) => candidate.unique)) {
    const docs = await records.find({ [field.key]: { $exists: true } }, { projection: { [field.key]: 1, _createdAt: 1 } }).toArray();
    docs.sort((a, b) => (a._createdAt?.getTime() ?? 0) - (b._createdAt?.getTime() ?? 0));
    const wanted = new Map<string, string>();
    for (const doc of docs) {
      if (!hasValue(doc[field.key])) continue;
      const id = claimId(def.key, field, doc[field.key]);
      if (wanted.has(id)) shared.push(`${field.key}: ${doc._id.toHexString()} (${String(doc[field.key])})`);
      else wanted.set(id, doc._id.toHexString());
    }
    const existing = await claims.find({ entity: def.key, field: field.key }).toArray();
    const kept = new Set(existing.filter((claim) => wanted.get(claim._id) === claim.recordId).map((claim) => claim._id));
    const stale = existing.filter((claim) => !kept.has(claim._id)).map((claim) => claim._id);
    for (let i = 0; i < stale.length; i += 1000) await claims.deleteMany({ _id: { $in: stale.slice(i, i + 1000) } });
    const now = new Date();
    const missing = [...wanted].filter(([id]) => !kept.has(id)).map(([_id, recordId]) => ({ _id, entity: def.key, field: field.key, recordId, at: now }));
    for (let i = 0; i < missing.length; i += 1000) await claims.insertMany(missing.slice(i, i + 1000));
  }
  return shared;
}
