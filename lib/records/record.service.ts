import { MongoBulkWriteError, ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { findByIds } from '@/lib/db/by-ids';
import { groupInsert } from '@/lib/db/group-insert';
import { assertCanOnRecord, AUTOMATION_ACTOR } from '@/lib/auth/permissions';
import { AppError, badRequest, conflict, forbidden, notFound, validationFailed } from '@/lib/http/errors';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { Translate } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import { publishRecordEvent, type WriteOrigin } from '@/lib/records/record.events';
import { checkRecordLock } from '@/lib/records/record.locks';
import { assignAutoNumbers } from '@/lib/records/auto-number';
import { resolveRefs } from '@/lib/records/record.refs';
import { InvalidRecord, prepareRecordData, prepareRecordsData, type PreparedRow, type ReferenceCache } from '@/lib/records/record.validation';
import type { FieldErrors } from '@/lib/validation/ajv-messages';
import { computeFormulas, FormulaFailed } from '@/lib/records/record.compute';
import { computeRollups, queueOwnRollupRecompute, rollupFields, rollupMatchChanged } from '@/lib/records/rollup.compute';
import { recordData, toRecordView } from '@/lib/records/record.view';
import { claimUniqueValues, claimUniqueValuesBatch, releaseUniqueValues, releaseUniqueValuesOf, UniqueConflict } from '@/lib/records/unique-values';
import type { AuditAction, RecordDoc, RecordView } from '@/lib/records/record.types';

export interface WriteContext {
  actor: Actor;
  t: Translate;
  /** The automation run making the write, if one is (its events carry it: the loop guard reads it). */
  origin?: WriteOrigin;
  /** An admin changing a record held by an approval: allowed, and recorded (lib/records/record.locks.ts). */
  overrideLock?: boolean;
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

/**
 * Fills a record's rollups (computed now, from the source records) into data, and computes the
 * formulas again, since they may read them. Runs when a record is created or its match fields change.
 */
async function fillRollups(def: EntityDefinition, data: Record<string, unknown>, id: ObjectId, ownerId: string): Promise<boolean> {
  if (rollupFields(def).length === 0) return false;
  for (const [key, value] of Object.entries(await computeRollups(def, { ...data, _id: id, _ownerId: ownerId }))) {
    if (value === undefined) delete data[key];
    else data[key] = value;
  }
  try {
    computeFormulas(def, data);
  } catch (error) {
    if (error instanceof FormulaFailed) throw new InvalidRecord({ [error.field]: [error.message] });
    throw error;
  }
  return true;
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
  { actor, t, origin }: WriteContext,
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
    const ownRollups = await fillRollups(def, data, id, options.ownerId ?? actor.id);
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
    await claimVersion(def, id, 1, 'create', actor, null, recordData(doc));
    await publishRecordEvent({ type: 'created', entity: def.key, record: doc, origin, automations: true });
    // A source record written while this one was being created is counted by this recompute.
    if (ownRollups) await queueOwnRollupRecompute(def, doc);
    // No display names here: every write would pay for lookups the caller rarely needs (GET has them).
    return { record: toRecordView(doc, def, actor), created: true };
  });
}

/**
 * What a create would store, checked as a create checks it, without writing anything (a
 * workflow's test run in the designer). Throws the same validation errors.
 */
export async function prepareRecordPreview(entityKey: string, input: Record<string, unknown>, { actor, t }: WriteContext): Promise<Record<string, unknown>> {
  const def = await getEntity(entityKey);
  return checked(t, def, () => prepareRecordData(def, input, { actor, t, before: null }));
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
    if (key.startsWith('_') || !field || field.type === 'autonumber' || field.type === 'rollup') kept[key] = value;
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
  { actor, t, origin, overrideLock }: WriteContext,
  mode: 'replace' | 'merge',
  expectedVersion?: number,
  options: { triggerWorkflows?: boolean } = {},
): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'update', before);
  if (before._deletedAt) throw badRequest('the record is in the recycle bin; restore it first');
  await checkRecordLock(entityKey, id, actor, 'update', overrideLock);
  if (expectedVersion !== undefined && expectedVersion !== before._version) {
    throw conflict(`the record was changed by someone else (version ${before._version})`);
  }
  return checked(t, def, async () => {
    const stored = recordData(before);
    const current = Object.fromEntries(def.fields.filter((field) => field.key in stored).map((field) => [field.key, stored[field.key]]));
    const data = await prepareRecordData(def, mode === 'merge' ? { ...current, ...input } : input, { actor, t, before: stored });
    const ownRollups = rollupMatchChanged(def, stored, data) && (await fillRollups(def, data, before._id, before._ownerId));
    const claims = await claimUniqueValues(def, id, data, stored);
    const doc = { ...keptValues(def, before), ...data, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 } as RecordDoc;
    try {
      await writeVersion(def, before, doc, 'update', actor);
    } catch (error) {
      await claims.rollback();
      throw error;
    }
    await claims.commit();
    await publishRecordEvent({ type: 'updated', entity: def.key, record: doc, before, origin, automations: options.triggerWorkflows !== false });
    if (ownRollups) await queueOwnRollupRecompute(def, doc);
    return toRecordView(doc, def, actor);
  });
}

/** Moves a record to the recycle bin: it keeps its values and unique claims until purged. */
export async function deleteRecord(entityKey: string, id: string, { actor, origin, overrideLock }: WriteContext): Promise<void> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'delete', before);
  if (before._deletedAt) return;
  await checkRecordLock(entityKey, id, actor, 'delete', overrideLock);
  const now = new Date();
  const doc: RecordDoc = { ...before, _deletedAt: now, _deletedBy: actor.id, _updatedAt: now, _updatedBy: actor.id, _version: before._version + 1 };
  await writeVersion(def, before, doc, 'delete', actor);
  await publishRecordEvent({ type: 'deleted', entity: def.key, record: doc, before, origin, automations: true });
}

export async function restoreRecord(entityKey: string, id: string, { actor, origin }: WriteContext): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'delete', before);
  if (!before._deletedAt) return toRecordView(before, def, actor);
  const { _deletedAt, _deletedBy, ...rest } = before;
  const doc: RecordDoc = { ...rest, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 };
  await writeVersion(def, before, doc, 'restore', actor);
  await publishRecordEvent({ type: 'restored', entity: def.key, record: doc, before, origin, automations: true });
  return toRecordView(doc, def, actor);
}

/**
 * Stores newly computed rollup values of a record (the worker's recompute), locked on the
 * version they were computed from: a 409 means another write came first, and the caller
 * computes again. Formulas reading the rollups follow; nothing else changes.
 */
export async function writeRollupValues(entityKey: string, id: string, values: Record<string, number | undefined>, expectedVersion: number): Promise<RecordView | null> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  if (before._version !== expectedVersion) throw conflict(`the record was changed by someone else (version ${before._version})`);
  if (before._deletedAt) return null;
  const doc = { ...before, _updatedAt: new Date(), _updatedBy: AUTOMATION_ACTOR.id, _version: before._version + 1 } as RecordDoc;
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete doc[key];
    else doc[key] = value;
  }
  computeFormulas(def, doc);
  await writeVersion(def, before, doc, 'update', AUTOMATION_ACTOR);
  await publishRecordEvent({ type: 'updated', entity: def.key, record: doc, before, automations: true });
  return toRecordView(doc, def, AUTOMATION_ACTOR);
}

/**
 * Gives a record to another owner, as a new version: the actor must be allowed to change the
 * record, and a record held by an approval stays with its owner unless an admin overrides.
 */
export async function transferRecord(entityKey: string, id: string, ownerId: string, { actor, origin, overrideLock }: WriteContext): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'update', before);
  if (before._deletedAt) throw badRequest('the record is in the recycle bin; restore it first');
  if (before._ownerId === ownerId) return toRecordView(before, def, actor);
  await checkRecordLock(entityKey, id, actor, 'transfer', overrideLock);
  const doc: RecordDoc = { ...before, _ownerId: ownerId, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 };
  await writeVersion(def, before, doc, 'update', actor);
  await publishRecordEvent({ type: 'updated', entity: def.key, record: doc, before, origin, automations: true });
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
  await publishRecordEvent({ type: 'purged', entity: def.key, before, automations: false });
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

export interface BatchCreateItem {
  /** Fixed ids make a repeated batch (a retried import) find the records it already wrote. */
  id: ObjectId;
  input: Record<string, unknown>;
}

export interface BatchCreateOptions {
  /** Start the workflows of the "created" event (off by default for bulk loads). */
  triggerWorkflows?: boolean;
  /** Marks each record with the system field _importId (undo finds them by it). */
  importId?: string;
  ownerId?: string;
  /** Reference lookups remembered across batches of one job. */
  refCache?: ReferenceCache;
  /**
   * What prepareRecordsData gave for these very inputs moments ago (an import plans a batch
   * with it before writing), so the batch is not validated twice.
   */
  prepared?: PreparedRow[];
}

export type BatchCreateResult =
  | { status: 'created' }
  /** The id was already stored: a repeated batch. */
  | { status: 'existing' }
  | { status: 'failed'; fields: FieldErrors };

/**
 * createRecord for many records at once, with the same steps: validation (references looked
 * up once per distinct id), formulas, unique claims in one unordered insertMany (a write whose
 * claim collides fails with the reason, the others go on), the records in one insertMany,
 * auto numbers, the history entries in one insertMany, and workflow events only when asked.
 * Each item gets its own outcome, in order.
 */
export async function createRecords(
  entityKey: string,
  items: BatchCreateItem[],
  { actor, t, origin }: WriteContext,
  options: BatchCreateOptions = {},
): Promise<BatchCreateResult[]> {
  const def = await getEntity(entityKey);
  assertCanOnRecord(actor, 'create');
  const results: BatchCreateResult[] = new Array(items.length);
  const prepared =
    options.prepared?.length === items.length ? options.prepared : await prepareRecordsData(def, items.map((item) => item.input), { actor, t, before: null }, options.refCache);
  const valid: { index: number; data: Record<string, unknown> }[] = [];
  for (const [index, row] of prepared.entries()) {
    if (!row.ok) {
      results[index] = { status: 'failed', fields: row.fields };
      continue;
    }
    try {
      await fillRollups(def, row.data, items[index].id, options.ownerId ?? actor.id);
      valid.push({ index, data: row.data });
    } catch (error) {
      if (!(error instanceof InvalidRecord)) throw error;
      results[index] = { status: 'failed', fields: error.fields };
    }
  }
  const claims = await claimUniqueValuesBatch(def, valid.map(({ index, data }) => ({ recordId: items[index].id.toHexString(), data })));
  const now = new Date();
  const writes: { index: number; claim: number; doc: RecordDoc }[] = [];
  valid.forEach(({ index, data }, claim) => {
    const field = claims.conflicts.get(claim);
    if (field) {
      results[index] = { status: 'failed', fields: { [field]: [t('validation.unique')] } };
      return;
    }
    const doc: RecordDoc = {
      ...data,
      _id: items[index].id,
      _ownerId: options.ownerId ?? actor.id,
      _createdAt: now,
      _createdBy: actor.id,
      _updatedAt: now,
      _updatedBy: actor.id,
      _version: 1,
      ...(options.importId ? { _importId: options.importId } : {}),
    };
    writes.push({ index, claim, doc });
  });
  const failedWrites = new Set<number>();
  const existing = new Set<number>();
  if (writes.length > 0) {
    try {
      await (await recordCollection(entityKey)).insertMany(
        writes.map((write) => write.doc),
        { ordered: false },
      );
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      for (const failure of failures) {
        if (failure.code === 11000) existing.add(failure.index);
        else failedWrites.add(failure.index);
      }
      const rollback = [...failedWrites].map((position) => writes[position].claim);
      await claims.rollback(rollback);
      for (const position of failedWrites) {
        results[writes[position].index] = { status: 'failed', fields: { _record: [t('imports.row.writeFailed', { detail: failures.find((f) => f.index === position)?.errmsg ?? '' })] } };
      }
    }
  }
  const stored = writes.filter((_, position) => !failedWrites.has(position) && !existing.has(position));
  for (const position of existing) results[writes[position].index] = { status: 'existing' };
  for (const write of stored) {
    Object.assign(write.doc, await assignAutoNumbers(def, write.doc._id, now));
    results[write.index] = { status: 'created' };
  }
  if (stored.length > 0) {
    try {
      await (await collection('auditLog')).insertMany(
        stored.map(({ doc }) => ({ _id: auditId(def.key, doc._id, 1), entity: def.key, recordId: doc._id.toHexString(), version: 1, action: 'create' as const, actorId: actor.id, at: now, before: null, after: recordData(doc) })),
        { ordered: false },
      );
    } catch (error) {
      // An entry already written by an earlier attempt of the same batch is fine.
      if (!(error instanceof MongoBulkWriteError) || (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).some((failure) => failure.code !== 11000)) throw error;
    }
    for (const { doc } of stored) await publishRecordEvent({ type: 'created', entity: def.key, record: doc, origin, automations: options.triggerWorkflows === true });
  }
  return results;
}

/**
 * Deletes records for good without the recycle bin (an import undone): each gets a "purge"
 * history entry with its last values, its unique values are freed. Ids not found are skipped.
 * Returns how many were removed.
 */
export async function purgeRecords(entityKey: string, ids: ObjectId[], { actor }: WriteContext): Promise<number> {
  const def = await getEntity(entityKey);
  const records = await recordCollection(entityKey);
  const docs = await findByIds(records, ids);
  if (docs.length === 0) return 0;
  const now = new Date();
  try {
    await (await collection('auditLog')).insertMany(
      docs.map((doc) => ({ _id: auditId(def.key, doc._id, doc._version + 1), entity: def.key, recordId: doc._id.toHexString(), version: doc._version + 1, action: 'purge' as const, actorId: actor.id, at: now, before: recordData(doc), after: null })),
      { ordered: false },
    );
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).some((failure) => failure.code !== 11000)) throw error;
  }
  // One delete by _id each: the embedded database serves only that filter from its index.
  await Promise.all(docs.map((doc) => records.deleteOne({ _id: doc._id })));
  await releaseUniqueValuesOf(def, docs.map((doc) => ({ recordId: doc._id.toHexString(), data: recordData(doc) })));
  for (const doc of docs) await publishRecordEvent({ type: 'purged', entity: def.key, before: doc, automations: false });
  return docs.length;
}

/**
 * Puts a record back to earlier values (an import's update undone), as a new version, if it
 * is still at expectedVersion; returns false when it changed since (or is gone).
 */
export async function revertRecord(
  entityKey: string,
  id: string,
  values: Record<string, unknown>,
  expectedVersion: number,
  { actor }: WriteContext,
): Promise<boolean> {
  const def = await getEntity(entityKey);
  if (!ObjectId.isValid(id)) return false;
  const before = await (await recordCollection(entityKey)).findOne({ _id: new ObjectId(id) });
  if (!before || before._version !== expectedVersion || before._deletedAt) return false;
  const system = Object.fromEntries(Object.entries(before).filter(([key]) => key.startsWith('_')));
  const doc = { ...system, ...values, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 } as RecordDoc;
  let claims;
  try {
    claims = await claimUniqueValues(def, id, values, recordData(before));
  } catch (error) {
    if (error instanceof UniqueConflict) return false;
    throw error;
  }
  try {
    await writeVersion(def, before, doc, 'update', actor);
  } catch (error) {
    await claims.rollback();
    if (error instanceof AppError && error.code === 'conflict') return false;
    throw error;
  }
  await claims.commit();
  await publishRecordEvent({ type: 'updated', entity: def.key, record: doc, before, automations: false });
  return true;
}
