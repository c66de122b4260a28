import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import { assertCanOnRecord } from '@/lib/auth/permissions';
import { badRequest, conflict, forbidden, notFound, validationFailed } from '@/lib/http/errors';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { Translate } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import { dispatchRecordEvent } from '@/lib/workflows/workflow.dispatcher';
import { assignAutoNumbers } from '@/lib/records/auto-number';
import { resolveRefs } from '@/lib/records/record.refs';
import { InvalidRecord, prepareRecordData } from '@/lib/records/record.validation';
import { recordData, toRecordView } from '@/lib/records/record.view';
import { claimUniqueValues, releaseUniqueValues, UniqueConflict } from '@/lib/records/unique-values';
import type { AuditAction, RecordDoc, RecordView } from '@/lib/records/record.types';

export interface WriteContext {
  actor: Actor;
  t: Translate;
}

export interface CreateOptions {
  /** A fixed id makes a repeated create (an automation retried) find the first one. */
  id?: ObjectId;
  ownerId?: string;
}

/** How a unique-value error names the record holding the value: its number and name, e.g. CUS-000012 “ACME Ltd”. */
async function holderName(def: EntityDefinition, id: string | undefined): Promise<string | null> {
  if (!id || !ObjectId.isValid(id)) return null;
  const number = def.fields.find((field) => field.type === 'autonumber' && field.key !== def.displayField)?.key;
  const doc = await (await recordCollection(def.key)).findOne({ _id: new ObjectId(id) }, { projection: { [def.displayField]: 1, ...(number ? { [number]: 1 } : {}) } });
  if (!doc) return null;
  const display = doc[def.displayField];
  const parts = [number && doc[number] ? String(doc[number]) : '', display !== undefined && display !== null && display !== '' ? `“${String(display)}”` : ''];
  return parts.filter(Boolean).join(' ') || null;
}

async function checked<T>(t: Translate, def: EntityDefinition, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidRecord) throw validationFailed(error.fields);
    if (error instanceof UniqueConflict) {
      const holder = await holderName(def, error.holderId);
      throw validationFailed({ [error.field]: [holder ? t('validation.uniqueUsedBy', { record: holder }) : t('validation.unique')] });
    }
    throw error;
  }
}

function auditId(entity: string, recordId: ObjectId, version: number): string {
  return `${entity}:${recordId.toHexString()}:${version}`;
}

/**
 * Writes the history entry of a record's next version. Its id is entity:record:version, so
 * of two writes that start from the same version only one gets here: the history entry is
 * also the record's lock, and costs no extra write.
 */
async function claimVersion(
  def: EntityDefinition,
  recordId: ObjectId,
  version: number,
  action: AuditAction,
  actor: Actor,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<string> {
  const _id = auditId(def.key, recordId, version);
  try {
    await groupInsert(await collection('auditLog'), { _id, entity: def.key, recordId: recordId.toHexString(), version, action, actorId: actor.id, at: new Date(), before, after });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict('the record was changed by someone else');
    throw error;
  }
  return _id;
}

async function releaseVersion(id: string): Promise<void> {
  await (await collection('auditLog')).deleteOne({ _id: id });
}

/** The one door for creating records: forms, the API, automations and imports all come here. */
export async function createRecord(
  entityKey: string,
  input: Record<string, unknown>,
  { actor, t }: WriteContext,
  options: CreateOptions = {},
): Promise<{ record: RecordView; created: boolean }> {
  const def = await getEntity(entityKey);
  assertCanOnRecord(actor, 'create');
  const records = await recordCollection(entityKey);
  if (options.id) {
    const existing = await records.findOne({ _id: options.id });
    if (existing) return { record: toRecordView(existing, def, actor), created: false };
  }
  const id = options.id ?? new ObjectId();
  return checked(t, def, async () => {
    const data = await prepareRecordData(def, input, { actor, t, before: null });
    const claims = await claimUniqueValues(def, id.toHexString(), data, null);
    const now = new Date();
    const doc: RecordDoc = { ...data, _id: id, _ownerId: options.ownerId ?? actor.id, _createdAt: now, _createdBy: actor.id, _updatedAt: now, _updatedBy: actor.id, _version: 1 };
    try {
      await groupInsert(records, doc);
    } catch (error) {
      await claims.rollback();
      if (options.id && isDuplicateKeyError(error)) {
        const existing = await records.findOne({ _id: options.id });
        if (existing) return { record: toRecordView(existing, def, actor), created: false };
      }
      throw error;
    }
    Object.assign(doc, await assignAutoNumbers(def, id, now));
    await Promise.all([claimVersion(def, id, 1, 'create', actor, null, recordData(doc)), dispatchRecordEvent(def.key, 'created', doc)]);
    // No display names here: every write would pay for lookups the caller rarely needs (GET has them).
    return { record: toRecordView(doc, def, actor), created: true };
  });
}

async function findDoc(entityKey: string, id: string): Promise<RecordDoc> {
  if (!ObjectId.isValid(id)) throw notFound();
  const doc = await (await recordCollection(entityKey)).findOne({ _id: new ObjectId(id) });
  if (!doc) throw notFound();
  return doc;
}

/** Values the input does not decide: system fields, numbers already given, and fields the definition no longer has. */
function keptValues(def: EntityDefinition, before: RecordDoc): Record<string, unknown> {
  const current = new Map(def.fields.map((field) => [field.key, field]));
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(before)) {
    const field = current.get(key);
    if (key.startsWith('_') || !field || field.type === 'autonumber') kept[key] = value;
  }
  return kept;
}

/** Stores a new version of a record: history entry first (the lock), then the record. */
async function writeVersion(def: EntityDefinition, before: RecordDoc, doc: RecordDoc, action: AuditAction, actor: Actor) {
  const entry = await claimVersion(def, before._id, doc._version, action, actor, recordData(before), action === 'delete' ? null : recordData(doc));
  try {
    await (await recordCollection(def.key)).replaceOne({ _id: before._id }, doc);
  } catch (error) {
    await releaseVersion(entry);
    throw error;
  }
}

/**
 * Updates a record. "replace" takes the input as the whole record (forms send every field);
 * "merge" changes only the fields given, and null clears one. A stale expectedVersion is a 409.
 */
export async function updateRecord(
  entityKey: string,
  id: string,
  input: Record<string, unknown>,
  { actor, t }: WriteContext,
  mode: 'replace' | 'merge',
  expectedVersion?: number,
): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'update', before);
  if (before._deletedAt) throw badRequest('the record is in the recycle bin; restore it first');
  if (expectedVersion !== undefined && expectedVersion !== before._version) {
    throw conflict(`the record was changed by someone else (version ${before._version})`);
  }
  return checked(t, def, async () => {
    const stored = recordData(before);
    const current = Object.fromEntries(def.fields.filter((field) => field.key in stored).map((field) => [field.key, stored[field.key]]));
    const data = await prepareRecordData(def, mode === 'merge' ? { ...current, ...input } : input, { actor, t, before: stored });
    const claims = await claimUniqueValues(def, id, data, stored);
    const doc = { ...keptValues(def, before), ...data, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 } as RecordDoc;
    try {
      await writeVersion(def, before, doc, 'update', actor);
    } catch (error) {
      await claims.rollback();
      throw error;
    }
    await claims.commit();
    await dispatchRecordEvent(def.key, 'updated', doc);
    return toRecordView(doc, def, actor);
  });
}

/** Moves a record to the recycle bin: it keeps its values and unique claims until purged. */
export async function deleteRecord(entityKey: string, id: string, { actor }: WriteContext): Promise<void> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'delete', before);
  if (before._deletedAt) return;
  const now = new Date();
  const doc: RecordDoc = { ...before, _deletedAt: now, _deletedBy: actor.id, _updatedAt: now, _updatedBy: actor.id, _version: before._version + 1 };
  await writeVersion(def, before, doc, 'delete', actor);
  await dispatchRecordEvent(def.key, 'deleted', before);
}

export async function restoreRecord(entityKey: string, id: string, { actor }: WriteContext): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'delete', before);
  if (!before._deletedAt) return toRecordView(before, def, actor);
  const { _deletedAt, _deletedBy, ...rest } = before;
  const doc: RecordDoc = { ...rest, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 };
  await writeVersion(def, before, doc, 'restore', actor);
  await dispatchRecordEvent(def.key, 'updated', doc);
  return toRecordView(doc, def, actor);
}

/** Deletes a record from the recycle bin for good (admins only); its history stays. */
export async function purgeRecord(entityKey: string, id: string, { actor }: WriteContext): Promise<void> {
  if (actor.role !== 'admin') throw forbidden();
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  if (!before._deletedAt) throw badRequest('only records in the recycle bin can be deleted for good');
  await claimVersion(def, before._id, before._version + 1, 'purge', actor, recordData(before), null);
  await (await recordCollection(entityKey)).deleteOne({ _id: before._id });
  await releaseUniqueValues(def, id, recordData(before));
}

export async function getRecord(entityKey: string, id: string, actor: Actor): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const doc = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'read', doc);
  const [refs] = await resolveRefs(def, [doc]);
  return toRecordView(doc, def, actor, refs);
}

/**
 * Drops every record of an entity with its unique-value claims (an uninstalled template whose
 * admin asked for its data to go). Answers how many records there were; history stays.
 */
export async function dropEntityRecords(entityKey: string): Promise<number> {
  const records = await recordCollection(entityKey);
  const count = await records.countDocuments({});
  await records.drop().catch((error: unknown) => {
    // 26 NamespaceNotFound: nothing was ever stored.
    if ((error as { code?: number }).code !== 26) throw error;
  });
  await (await collection('uniqueValues')).deleteMany({ entity: entityKey });
  return count;
}
