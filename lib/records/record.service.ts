import { isDeepStrictEqual } from 'node:util';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { departmentOfUser } from '@/lib/permissions/access.snapshot';
import { requireAction, requirePurge, requireRecord } from '@/lib/permissions/guards';
import { AppError, badRequest, conflict, notFound, validationFailed } from '@/lib/errors/app-error';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { Translate } from '@/lib/i18n/messages';
import { DEFAULT_LOCALE, pick } from '@/lib/i18n/locale';
import type { Actor } from '@/lib/users/user.types';
import { resolveRefs } from '@/lib/records/record.refs';
import { InvalidRecord, prepareRecordData, prepareRecordsData, type PreparedRow, type ReferenceCache } from '@/lib/records/record.validation';
import type { FieldErrors } from '@/lib/validation/ajv-messages';
import { computeFormulas, FormulaFailed } from '@/lib/records/record.compute';
import { computeRollups, rollupFields, rollupMatchChanged } from '@/lib/records/rollup.compute';
import { recordData, toRecordView } from '@/lib/records/record.view';
import { claimUniqueValues, claimUniqueValuesBatch, releaseUniqueValues, releaseUniqueValuesOf, UniqueConflict } from '@/lib/records/unique-values';
import type { RecordDoc, RecordView } from '@/lib/records/record.types';
import { ensureHistoryEntries, historyEntry } from '@/lib/records/record.history';
import { completeCreate, runCreate, runCreates, runVersion, type CreatePlan } from '@/lib/records/record.write';
import type { WriteOrigin } from '@/lib/records/record.events';
import { checkRecordLock } from '@/lib/records/record.locks';
import { finishIntent, intentId, IntentTaken } from '@/lib/records/write-intents';
import { openValues, sealValues } from '@/lib/security/field-crypto';
import { queueOwnRollupRecompute } from '@/lib/records/rollup.compute';
import { publishRecordEvent } from '@/lib/records/record.events';
import { checkRules } from '@/lib/rules/registry';

export interface WriteContext {
  actor: Actor;
  t: Translate;
  /** The automation run making the write, if one is (its events carry it: the loop guard reads it). */
  origin?: WriteOrigin;
  /** An admin changing a record held by an approval: allowed, and recorded (lib/records/record.locks.ts). */
  overrideLock?: boolean;
  /**
   * The entity action whose workflow makes the write (set by the workflow runner, never from a
   * request): on that action's record it may set the values only that action may set.
   */
  viaAction?: { entity: string; recordId: string; action: string };
}

export interface CreateOptions {
  /** A fixed id makes a repeated create (an automation retried, an Idempotency-Key sent again) find the first one. */
  id?: ObjectId;
  ownerId?: string;
  /**
   * A hash of the request that chose the fixed id (Idempotency-Key): a repeat with another
   * body is refused instead of answered with the first record.
   */
  requestHash?: string;
}

/** How a unique-value error names the record holding the value: its number and name, e.g. CUS-000012 “ACME Ltd”. */
async function holderName(def: EntityDefinition, id: string | undefined, actor: Actor): Promise<string | null> {
  if (!id || !ObjectId.isValid(id)) return null;
  const number = def.fields.find((field) => field.type === 'autonumber' && field.key !== def.displayField)?.key;
  const doc = await (await recordCollection(def.key)).findOne({ _id: new ObjectId(id) }, { projection: { _ownerId: 1, _departmentId: 1, [def.displayField]: 1, ...(number ? { [number]: 1 } : {}) } });
  // A record outside the actor's read scope is not named: the value is taken, no more is said.
  if (!doc || !actor.access.allows(def.key, 'read', doc)) return null;
  const display = doc[def.displayField];
  const parts = [number && doc[number] ? String(doc[number]) : '', display !== undefined && display !== null && display !== '' ? `“${String(display)}”` : ''];
  return parts.filter(Boolean).join(' ') || null;
}

/** Field errors as one sentence that names each field by its label in the user's language ("Lost reason: This field is required."). */
function namedErrors(def: EntityDefinition, fields: FieldErrors, t: Translate): string {
  const locale = t.locale ?? DEFAULT_LOCALE;
  return Object.entries(fields)
    .map(([key, messages]) => {
      const field = def.fields.find((candidate) => candidate.key === key);
      return key ? t('error.fieldMessage', { field: (field && pick(field.label, locale)) || key, message: messages.join(' ') }) : messages.join(' ');
    })
    .join(' ');
}

async function checked<T>({ t, actor }: WriteContext, def: EntityDefinition, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidRecord) throw validationFailed(error.fields, namedErrors(def, error.fields, t));
    if (error instanceof UniqueConflict) {
      const holder = await holderName(def, error.holderId, actor);
      const fields = { [error.field]: [holder ? t('validation.uniqueUsedBy', { record: holder }) : t('validation.unique')] };
      throw validationFailed(fields, namedErrors(def, fields, t));
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

/**
 * A record that exists already under the id a repeated create chose: completed (a create
 * whose request died is finished here rather than left to the sweep) and answered as it is.
 */
async function repeatedCreate(def: EntityDefinition, existing: RecordDoc, actor: Actor, requestHash: string | undefined): Promise<{ record: RecordView; created: boolean }> {
  if (requestHash && existing._requestHash !== undefined && existing._requestHash !== requestHash) {
    throw new AppError('unprocessable', 'idempotency_key_reused', 'error.idempotencyReused');
  }
  await completeCreate({ def, doc: existing, actor, triggerWorkflows: true, ownRollups: rollupFields(def).length > 0 }, { recovering: true });
  await finishIntent(intentId(def.key, existing));
  return { record: toRecordView(existing, def, actor), created: false };
}

/**
 * The one door for creating records: forms, the API, automations and imports all come here,
 * through the write sequence: normalise → validate → claim (here), store → number → history
 * → events (record.write.ts).
 */
export async function createRecord(
  entityKey: string,
  input: Record<string, unknown>,
  { actor, t, origin }: WriteContext,
  options: CreateOptions = {},
): Promise<{ record: RecordView; created: boolean }> {
  const def = await getEntity(entityKey);
  requireAction(actor, entityKey, 'create');
  const records = await recordCollection(entityKey);
  if (options.id) {
    const existing = await records.findOne({ _id: options.id });
    if (existing) return repeatedCreate(def, existing, actor, options.requestHash);
  }
  const id = options.id ?? new ObjectId();
  const ownerId = options.ownerId ?? actor.id;
  const departmentId = await departmentOfUser(ownerId);
  return checked({ t, actor }, def, async () => {
    // normalise, validate
    const data = await prepareRecordData(def, input, { actor, t, before: null });
    const ownRollups = await fillRollups(def, data, id, ownerId);
    // claim
    const claims = await claimUniqueValues(def, id.toHexString(), data, null);
    const now = new Date();
    // Sensitive fields are sealed from here on: the intent, the record and its history hold ciphertext.
    const doc: RecordDoc = { ...sealValues(def, data), _id: id, _ownerId: ownerId, _departmentId: departmentId, _createdAt: now, _createdBy: actor.id, _updatedAt: now, _updatedBy: actor.id, _version: 1, ...(options.requestHash ? { _requestHash: options.requestHash } : {}) };
    // store, number, history, events
    let created: boolean;
    try {
      ({ created } = await runCreate({ def, doc, actor, triggerWorkflows: true, ownRollups, origin }, claims));
    } catch (error) {
      if (error instanceof IntentTaken) throw new AppError('conflict', 'idempotency_in_progress', 'error.idempotencyInProgress');
      throw error;
    }
    // No display names here: every write would pay for lookups the caller rarely needs (GET has them).
    return { record: toRecordView(doc, def, actor), created };
  });
}

/**
 * What a create would store, checked as a create checks it, without writing anything (a
 * workflow's test run in the designer). Throws the same validation errors.
 */
export async function prepareRecordPreview(entityKey: string, input: Record<string, unknown>, { actor, t }: WriteContext): Promise<Record<string, unknown>> {
  const def = await getEntity(entityKey);
  return checked({ t, actor }, def, () => prepareRecordData(def, input, { actor, t, before: null }));
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

/**
 * Updates a record. "replace" takes the input as the whole record (forms send every field);
 * "merge" changes only the fields given, and null clears one. A stale expectedVersion is a 409.
 */
export async function updateRecord(
  entityKey: string,
  id: string,
  input: Record<string, unknown>,
  { actor, t, origin, overrideLock, viaAction }: WriteContext,
  mode: 'replace' | 'merge',
  expectedVersion?: number,
  options: { triggerWorkflows?: boolean } = {},
): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  requireRecord(actor, entityKey, 'update', before);
  if (before._deletedAt) throw badRequest('the record is in the recycle bin; restore it first');
  await checkRecordLock(entityKey, id, actor, 'update', overrideLock);
  if (expectedVersion !== undefined && expectedVersion !== before._version) {
    throw conflict(`the record was changed by someone else (version ${before._version})`);
  }
  return checked({ t, actor }, def, async () => {
    // Validation, formulas and transitions see the values as people do; they are sealed again to be stored.
    const sealedStored = recordData(before);
    const stored = openValues(sealedStored);
    const current = Object.fromEntries(def.fields.filter((field) => field.key in stored).map((field) => [field.key, stored[field.key]]));
    const action = viaAction?.entity === def.key && viaAction.recordId === id ? viaAction.action : undefined;
    const data = await prepareRecordData(def, mode === 'merge' ? { ...current, ...input } : input, { actor, t, before: stored, actingAction: action });
    // A merge writes only the fields given: the others keep their stored values exactly as
    // they are (unless a visibility rule now hides them).
    if (mode === 'merge') for (const key of Object.keys(current)) if (!(key in input) && key in data) data[key] = current[key];
    const ownRollups = rollupMatchChanged(def, stored, data) && (await fillRollups(def, data, before._id, before._ownerId));
    // The entity's business rules, before anything is claimed or stored: a refusal leaves nothing behind.
    const warnings = await ruleWarnings(def, stored, data, t);
    const claims = await claimUniqueValues(def, id, data, stored);
    const doc = { ...keptValues(def, before), ...sealValues(def, data, sealedStored), _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 } as RecordDoc;
    // An update that changes nothing writes nothing: no version, no history entry, no events.
    if (isDeepStrictEqual(recordData(doc), sealedStored)) {
      await claims.rollback();
      return toRecordView(before, def, actor);
    }
    try {
      await runVersion({ def, before, doc, action: 'update', actor, origin, event: options.triggerWorkflows === false ? undefined : 'updated' });
    } catch (error) {
      await claims.rollback().catch(() => undefined);
      throw error;
    }
    await claims.commit();
    if (ownRollups) await queueOwnRollupRecompute(def, doc);
    return { ...toRecordView(doc, def, actor), ...(warnings.length > 0 ? { warnings } : {}) };
  });
}

/**
 * The findings of the entity's rules (lib/rules) on one write: a refusal throws InvalidRecord
 * with the messages beside the rule's field (a 400 in the user's language); warnings are
 * answered with the write.
 */
async function ruleWarnings(def: EntityDefinition, before: Record<string, unknown> | null, data: Record<string, unknown>, t: Translate): Promise<string[]> {
  if (!def.rules?.length) return [];
  const findings = await checkRules({ def, before, data, t, loadEntity: getEntity });
  const refusals: FieldErrors = {};
  for (const finding of findings) if (finding.refuse) (refusals[finding.field] ??= []).push(...finding.messages);
  if (Object.keys(refusals).length > 0) throw new InvalidRecord(refusals);
  return findings.flatMap((finding) => finding.messages);
}

/** Moves a record to the recycle bin: it keeps its values and unique claims until purged. */
export async function deleteRecord(entityKey: string, id: string, { actor, origin, overrideLock }: WriteContext): Promise<void> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  requireRecord(actor, entityKey, 'delete', before);
  if (before._deletedAt) return;
  await checkRecordLock(entityKey, id, actor, 'delete', overrideLock);
  const now = new Date();
  const doc: RecordDoc = { ...before, _deletedAt: now, _deletedBy: actor.id, _updatedAt: now, _updatedBy: actor.id, _version: before._version + 1 };
  await runVersion({ def, before, doc, action: 'delete', actor, origin, event: 'deleted' });
}

export async function restoreRecord(entityKey: string, id: string, { actor, origin }: WriteContext): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  requireRecord(actor, entityKey, 'delete', before);
  if (!before._deletedAt) return toRecordView(before, def, actor);
  const { _deletedAt, _deletedBy, ...rest } = before;
  const doc: RecordDoc = { ...rest, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 };
  await runVersion({ def, before, doc, action: 'restore', actor, origin, event: 'updated' });
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
  await runVersion({ def, before, doc, action: 'update', actor: AUTOMATION_ACTOR, event: 'updated' });
  return toRecordView(doc, def, AUTOMATION_ACTOR);
}

/**
 * Gives a record to another owner (and so to their department), as a new version: the
 * actor must be allowed to change the record. Bulk transfers call this once per record.
 */
export async function transferRecord(entityKey: string, id: string, ownerId: string, { actor, origin, overrideLock }: WriteContext): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  requireRecord(actor, entityKey, 'update', before);
  if (before._deletedAt) throw badRequest('the record is in the recycle bin; restore it first');
  if (before._ownerId === ownerId) return toRecordView(before, def, actor);
  await checkRecordLock(entityKey, id, actor, 'transfer', overrideLock);
  const doc: RecordDoc = { ...before, _ownerId: ownerId, _departmentId: await departmentOfUser(ownerId), _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 };
  await runVersion({ def, before, doc, action: 'update', actor, origin, event: 'updated' });
  return toRecordView(doc, def, actor);
}

/** Deletes a record from the recycle bin for good (admins only); its history stays. */
export async function purgeRecord(entityKey: string, id: string, { actor }: WriteContext): Promise<void> {
  requirePurge(actor, entityKey);
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  if (!before._deletedAt) throw badRequest('only records in the recycle bin can be deleted for good');
  await runVersion({ def, before, doc: null, action: 'purge', actor });
  await releaseUniqueValues(def, id, recordData(before));
}

export async function getRecord(entityKey: string, id: string, actor: Actor): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const doc = await findDoc(entityKey, id);
  requireRecord(actor, entityKey, 'read', doc);
  const [refs] = await resolveRefs(def, [doc]);
  return { ...toRecordView(doc, def, actor, refs), can: { update: actor.access.allows(entityKey, 'update', doc), delete: actor.access.allows(entityKey, 'delete', doc) } };
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
 * createRecord for many records at once, through the same write sequence: normalise and
 * validate (references looked up once per distinct id), formulas, unique claims in one
 * unordered insertMany (a write whose claim collides fails with the reason, the others go
 * on), then store, number, history and events for the batch (record.write.ts). Workflows
 * start only when asked. Records an earlier attempt of the same batch stored are completed,
 * not created again. Each item gets its own outcome, in order.
 */
export async function createRecords(
  entityKey: string,
  items: BatchCreateItem[],
  { actor, t }: WriteContext,
  options: BatchCreateOptions = {},
): Promise<BatchCreateResult[]> {
  const def = await getEntity(entityKey);
  requireAction(actor, entityKey, 'create');
  const ownerId = options.ownerId ?? actor.id;
  const departmentId = await departmentOfUser(ownerId);
  const results: BatchCreateResult[] = new Array(items.length);
  // normalise, validate
  const prepared =
    options.prepared?.length === items.length ? options.prepared : await prepareRecordsData(def, items.map((item) => item.input), { actor, t, before: null }, options.refCache);
  const valid: { index: number; data: Record<string, unknown> }[] = [];
  for (const [index, row] of prepared.entries()) {
    if (!row.ok) {
      results[index] = { status: 'failed', fields: row.fields };
      continue;
    }
    try {
      await fillRollups(def, row.data, items[index].id, ownerId);
      valid.push({ index, data: row.data });
    } catch (error) {
      if (!(error instanceof InvalidRecord)) throw error;
      results[index] = { status: 'failed', fields: error.fields };
    }
  }
  // claim
  const claims = await claimUniqueValuesBatch(def, valid.map(({ index, data }) => ({ recordId: items[index].id.toHexString(), data })));
  const now = new Date();
  const writes: { index: number; claim: number; plan: CreatePlan }[] = [];
  valid.forEach(({ index, data }, claim) => {
    const field = claims.conflicts.get(claim);
    if (field) {
      results[index] = { status: 'failed', fields: { [field]: [t('validation.unique')] } };
      return;
    }
    const doc: RecordDoc = {
      ...sealValues(def, data),
      _id: items[index].id,
      _ownerId: ownerId,
      _departmentId: departmentId,
      _createdAt: now,
      _createdBy: actor.id,
      _updatedAt: now,
      _updatedBy: actor.id,
      _version: 1,
      ...(options.importId ? { _importId: options.importId } : {}),
    };
    writes.push({ index, claim, plan: { def, doc, actor, triggerWorkflows: Boolean(options.triggerWorkflows), ownRollups: false } });
  });
  // store, number, history, events
  const outcomes = await runCreates(writes.map((write) => write.plan));
  const rollback: number[] = [];
  writes.forEach((write, position) => {
    const outcome = outcomes[position];
    if (outcome === 'created' || outcome === 'existing') {
      results[write.index] = { status: outcome };
      return;
    }
    const failure = outcome.failed;
    // A record that may be stored keeps its claims: the recovery sweep completes it.
    if (!(failure instanceof AppError && failure.code === 'write_incomplete')) rollback.push(write.claim);
    const detail = failure instanceof AppError ? t(failure.messageKey, failure.params) : failure instanceof Error ? failure.message : String(failure);
    results[write.index] = { status: 'failed', fields: { _record: [t('imports.row.writeFailed', { detail })] } };
  });
  if (rollback.length > 0) await claims.rollback(rollback);
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
  // History first (an entry already there is an earlier attempt's), then the records.
  await ensureHistoryEntries(docs.map((doc) => historyEntry({ entity: def.key, recordId: doc._id, version: doc._version + 1, action: 'purge', actorId: actor.id, at: now, before: recordData(doc), after: null })));
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
    await runVersion({ def, before, doc, action: 'update', actor });
  } catch (error) {
    await claims.rollback().catch(() => undefined);
    if (error instanceof AppError && error.code === 'conflict') return false;
    throw error;
  }
  await claims.commit();
  return true;
}
