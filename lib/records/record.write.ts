import { isDeepStrictEqual } from 'node:util';
import { MongoServerError } from 'mongodb';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert, insertManyOutcomes, InsertOutcomeUnknown } from '@/lib/db/group-insert';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { AppError, conflict } from '@/lib/errors/app-error';
import { logger } from '@/lib/logger';
import type { Actor } from '@/lib/users/user.types';
import { publishRecordEvent, type WriteOrigin } from '@/lib/records/record.events';
import { assignAutoNumbers } from '@/lib/records/auto-number';
import { claimHistoryEntry, ensureHistoryEntries, findHistoryEntry, historyEntry, releaseHistoryEntry, VersionTaken } from '@/lib/records/record.history';
import type { AuditAction, AuditEntryDoc, RecordDoc, RecordEvent } from '@/lib/records/record.types';
import { recordData } from '@/lib/records/record.view';
import { queueOwnRollupRecompute } from '@/lib/records/rollup.compute';
import { releaseUniqueValues, type UniqueClaims } from '@/lib/records/unique-values';
import { finishIntent, finishIntents, intentId, IntentTaken, recordIntent, staleIntents, type WriteIntentDoc } from '@/lib/records/write-intents';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';

/**
 * The steps every record write takes, in this order, whatever starts it (a form, the API,
 * an automation, an import, undo):
 *
 *   normalise → validate → claim → store → number → history → events
 *
 * The first three (record.validation.ts, unique-values.ts) decide whether the write may
 * happen and change nothing that is not undone on refusal. The last four are here. A create
 * records an intent before it stores anything; from then on it completes — in the request,
 * or by the worker's recovery sweep after a crash or an outage — and is never left
 * half-made. A new version of a record writes its history entry first (the entry is the
 * record's lock), then the record; an entry left behind by a process that died in between
 * is rolled forward by the next write that meets it.
 */

/** The create was stored but not finished (a connection failed): the sweep finishes it. */
export const writeIncomplete = (id: string) => new AppError('unavailable', 'write_incomplete', 'error.writeIncomplete', { id });

/** The database could not be reached: nothing or not all was written, and nothing is left half-made. */
export const storeUnavailable = () => new AppError('unavailable', 'unavailable', 'error.unavailable', {});

export interface CreatePlan {
  def: EntityDefinition;
  doc: RecordDoc;
  actor: Actor;
  triggerWorkflows: boolean;
  /** The record has rollups of its own, to recompute once stored. */
  ownRollups: boolean;
  /** The automation run making the create, if one is (the loop guard reads it from the event). */
  origin?: WriteOrigin;
}

function intentOf({ def, doc, actor, triggerWorkflows, ownRollups }: CreatePlan): WriteIntentDoc {
  return { _id: intentId(def.key, doc), entity: def.key, kind: 'create', doc, actorId: actor.id, triggerWorkflows, ownRollups, at: new Date() };
}

/** Step: store — the intent first, then the record. False when the record was stored already (a repeated create). */
async function storeCreate(plan: CreatePlan): Promise<boolean> {
  await recordIntent(intentOf(plan));
  try {
    await groupInsert(await recordCollection(plan.def.key), plan.doc);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Steps number, history and events of a stored create. Each is idempotent, so completing a
 * create twice (the request and the sweep, or a retry) gives the same record, one history
 * entry and one run per workflow. `recovering`: the create may have been partly done before.
 */
export async function completeCreate(plan: CreatePlan, { recovering = false } = {}): Promise<void> {
  const { def, doc, actor, triggerWorkflows, ownRollups, origin } = plan;
  Object.assign(doc, await assignAutoNumbers(def, doc, { recovering }));
  const entry = historyEntry({ entity: def.key, recordId: doc._id, version: 1, action: 'create', actorId: actor.id, at: doc._createdAt, before: null, after: recordData(doc) });
  // Events: workflows and rollups subscribe (lib/subscribers.ts).
  await Promise.all([recovering ? ensureHistoryEntries([entry]) : claimHistoryEntry(entry), publishRecordEvent({ type: 'created', entity: def.key, record: doc, origin, automations: triggerWorkflows })]);
  // A source record written while this one was being created is counted by this recompute.
  if (ownRollups) await queueOwnRollupRecompute(def, doc);
}

/**
 * A create after normalise, validate and claim: stored and completed. If anything fails
 * before the intent is written, nothing was stored (the caller gives the claims back); after
 * it, the create completes later and the caller gets 503 write_incomplete, never a 500 for a
 * record that exists half-made.
 */
export async function runCreate(plan: CreatePlan, claims: UniqueClaims): Promise<{ created: boolean }> {
  let created: boolean;
  try {
    created = await storeCreate(plan);
  } catch (error) {
    if (error instanceof InsertOutcomeUnknown) throw writeIncomplete(plan.doc._id.toHexString());
    // The same create is under way in another request: its claims and intent are its own.
    if (error instanceof IntentTaken) throw error;
    await claims.rollback().catch(() => undefined);
    await finishIntent(intentOf(plan)._id).catch(() => undefined);
    throw error;
  }
  try {
    if (!created) Object.assign(plan.doc, await reread(plan));
    await completeCreate(plan, { recovering: !created });
    await finishIntent(intentOf(plan)._id);
  } catch (error) {
    logger.warn({ err: error, entity: plan.def.key, recordId: plan.doc._id.toHexString() }, 'create stored but not finished; the recovery sweep will finish it');
    throw writeIncomplete(plan.doc._id.toHexString());
  }
  return { created };
}

async function reread(plan: CreatePlan): Promise<RecordDoc> {
  return (await (await recordCollection(plan.def.key)).findOne({ _id: plan.doc._id })) ?? plan.doc;
}

export type BatchOutcome = 'created' | 'existing' | { failed: unknown };

/**
 * The store, number, history and events steps for many creates (an import batch): intents
 * and records each in one insertMany, numbers one by one, history in one insertMany. Records
 * stored by an earlier attempt of the same batch are completed, not created again.
 */
export async function runCreates(plans: CreatePlan[]): Promise<BatchOutcome[]> {
  if (plans.length === 0) return [];
  const def = plans[0].def;
  const outcomes: BatchOutcome[] = new Array(plans.length);
  // An intent already there is this batch's own from an earlier attempt.
  const intentOutcomes = await insertManyOutcomes(await collection('writeIntents'), plans.map(intentOf));
  const storing: number[] = [];
  intentOutcomes.forEach((outcome, index) => {
    if (outcome.kind === 'failed' && !isDuplicateKeyError(outcome.error)) outcomes[index] = { failed: outcome.error };
    else storing.push(index);
  });
  const stored = await insertManyOutcomes(await recordCollection(def.key), storing.map((index) => plans[index].doc));
  const done: { plan: CreatePlan; recovering: boolean }[] = [];
  const notStored: string[] = [];
  storing.forEach((index, position) => {
    const plan = plans[index];
    const outcome = stored[position];
    if (outcome.kind === 'inserted') {
      outcomes[index] = 'created';
      done.push({ plan, recovering: false });
    } else if (isDuplicateKeyError(outcome.error)) {
      outcomes[index] = 'existing';
      done.push({ plan, recovering: true });
    } else if (outcome.error instanceof InsertOutcomeUnknown) {
      outcomes[index] = { failed: writeIncomplete(plan.doc._id.toHexString()) }; // its intent stays: the sweep settles it
    } else {
      outcomes[index] = { failed: outcome.error };
      notStored.push(intentOf(plan)._id);
    }
  });
  await finishIntents(notStored);
  const existing = done.filter(({ recovering }) => recovering).map(({ plan }) => plan.doc._id);
  if (existing.length > 0) {
    const current = new Map((await (await recordCollection(def.key)).find({ _id: { $in: existing } }).toArray()).map((doc) => [doc._id.toHexString(), doc]));
    for (const { plan } of done) Object.assign(plan.doc, current.get(plan.doc._id.toHexString()) ?? {});
  }
  for (const { plan, recovering } of done) Object.assign(plan.doc, await assignAutoNumbers(def, plan.doc, { recovering }));
  await ensureHistoryEntries(
    done.map(({ plan }) => historyEntry({ entity: def.key, recordId: plan.doc._id, version: 1, action: 'create', actorId: plan.actor.id, at: plan.doc._createdAt, before: null, after: recordData(plan.doc) })),
  );
  for (const { plan } of done) await publishRecordEvent({ type: 'created', entity: def.key, record: plan.doc, origin: plan.origin, automations: plan.triggerWorkflows });
  await finishIntents(done.map(({ plan }) => intentOf(plan)._id));
  return outcomes;
}

/**
 * The recovery sweep: creates whose request died (or could not finish) more than
 * `recoveryAfterMs` ago are completed from their intent — the record stored if it is not,
 * then numbered, given its history and its workflow runs. Returns how many it completed.
 */
export async function recoverCreates(loadEntity: (key: string) => Promise<EntityDefinition>, now = new Date()): Promise<number> {
  const stale = await staleIntents(new Date(now.getTime() - config.recoveryAfterMs));
  let completed = 0;
  for (const intent of stale) {
    try {
      const def = await loadEntity(intent.entity);
      const records = await recordCollection(intent.entity);
      try {
        await records.insertOne(intent.doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const doc = (await records.findOne({ _id: intent.doc._id })) ?? intent.doc;
      await completeCreate({ def, doc, actor: { ...AUTOMATION_ACTOR, id: intent.actorId }, triggerWorkflows: intent.triggerWorkflows, ownRollups: intent.ownRollups }, { recovering: true });
      await finishIntent(intent._id);
      completed += 1;
    } catch (error) {
      logger.warn({ err: error, intent: intent._id }, 'could not complete an unfinished create yet');
      await (await collection('writeIntents')).updateOne({ _id: intent._id }, { $inc: { attempts: 1 } }).catch(() => undefined);
    }
  }
  if (completed > 0) logger.info({ completed }, 'completed unfinished creates');
  return completed;
}

export interface VersionPlan {
  def: EntityDefinition;
  before: RecordDoc;
  /** The record's next version as it is to be stored (or null: deleted for good). */
  doc: RecordDoc | null;
  action: AuditAction;
  actor: Actor;
  /** Whether it starts workflows ("updated"/"deleted"; none: undo, purge, a quiet update). */
  event?: RecordEvent;
  origin?: WriteOrigin;
}

/**
 * A history entry that holds a version the record never got: its writer died between the
 * entry and the record. Rolled forward once it is old enough (the writer is surely gone):
 * the record takes the entry's values, the values it no longer holds are released, and the
 * events follow. True when it was repaired (the caller's write then meets the new version).
 */
export async function repairStaleVersion(def: EntityDefinition, entryId: string, before: RecordDoc, { force = false } = {}): Promise<boolean> {
  const entry = await findHistoryEntry(entryId);
  if (!entry || entry.version !== before._version + 1) return false;
  if (!force && Date.now() - entry.at.getTime() < config.recoveryAfterMs) return false;
  const records = await recordCollection(def.key);
  const system = Object.fromEntries(Object.entries(before).filter(([key]) => key.startsWith('_')));
  if (entry.action === 'purge') {
    await records.deleteOne({ _id: before._id, _version: before._version });
  } else {
    const doc = { ...system, ...(entry.after ?? recordData(before)), _updatedAt: entry.at, _updatedBy: entry.actorId, _version: entry.version } as RecordDoc;
    if (entry.action === 'delete') Object.assign(doc, { _deletedAt: entry.at, _deletedBy: entry.actorId });
    if (entry.action === 'restore') {
      delete doc._deletedAt;
      delete doc._deletedBy;
    }
    const replaced = await records.replaceOne({ _id: before._id, _version: before._version }, doc);
    if (replaced.matchedCount === 0) return false;
    await publishRecordEvent({ type: entry.action === 'delete' ? 'deleted' : 'updated', entity: def.key, record: doc, before, automations: true });
  }
  await releaseDropped(def, entry);
  logger.warn({ entry: entryId }, 'rolled forward a version whose writer died');
  return true;
}

/** Unique values the entry's version no longer holds are released (the write that died would have). */
async function releaseDropped(def: EntityDefinition, entry: AuditEntryDoc): Promise<void> {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const dropped = Object.fromEntries(def.fields.filter((field) => field.unique && !isDeepStrictEqual(before[field.key], after[field.key])).map((field) => [field.key, before[field.key]]));
  if (Object.keys(dropped).length > 0) await releaseUniqueValues(def, entry.recordId, dropped);
}

/**
 * Steps store, history and events of a new version: the history entry first (the lock),
 * then the record; the entry is released again if the record could not be written. A
 * version taken by another write is a 409 (after rolling forward one whose writer died).
 */
export async function runVersion({ def, before, doc, action, actor, event, origin }: VersionPlan): Promise<void> {
  const version = before._version + 1;
  const entry = historyEntry({ entity: def.key, recordId: before._id, version, action, actorId: actor.id, at: doc?._updatedAt ?? new Date(), before: recordData(before), after: doc && action !== 'delete' ? recordData(doc) : null });
  try {
    await claimHistoryEntry(entry);
  } catch (error) {
    if (error instanceof VersionTaken) {
      await repairStaleVersion(def, error.entryId, before).catch((repair) => logger.warn({ err: repair }, 'could not repair a stale version'));
      throw conflict(`the record was changed by someone else (version ${before._version})`);
    }
    // The entry may be stored: then the next write to the record rolls this version forward.
    if (error instanceof InsertOutcomeUnknown) throw writeIncomplete(before._id.toHexString());
    throw error;
  }
  const records = await recordCollection(def.key);
  let matched = 1;
  try {
    // Replaced only while it holds the version it was read at (`{_id, _version}`: one indexed
    // row, on MongoDB and in the embedded database's SQL alike): a write that bypassed the
    // history lock, or a record purged meanwhile, is a conflict rather than a lost update.
    if (doc) matched = (await records.replaceOne({ _id: before._id, _version: before._version }, doc)).matchedCount;
    else await records.deleteOne({ _id: before._id });
  } catch (error) {
    if (error instanceof MongoServerError) {
      await releaseHistoryEntry(entry._id).catch(() => undefined);
      throw error;
    }
    // The connection failed: the record may have been written. Read back what happened; if
    // even that fails, the entry stays and the next write to the record rolls it forward.
    const now = await records.findOne({ _id: before._id }, { projection: { _version: 1 } }).catch(() => undefined);
    if (now === undefined) throw writeIncomplete(before._id.toHexString());
    if (doc ? now?._version !== version : now !== null) {
      await releaseHistoryEntry(entry._id).catch(() => undefined);
      throw storeUnavailable();
    }
  }
  if (matched === 0) {
    await releaseHistoryEntry(entry._id).catch(() => undefined);
    throw conflict(`the record was changed by someone else (version ${before._version})`);
  }
  // Events: workflows (when `event` says so) and rollups subscribe (lib/subscribers.ts).
  const automations = event !== undefined;
  if (!doc) await publishRecordEvent({ type: 'purged', entity: def.key, before, origin, automations: false });
  else if (action === 'delete') await publishRecordEvent({ type: 'deleted', entity: def.key, record: doc, before, origin, automations });
  else if (action === 'restore') await publishRecordEvent({ type: 'restored', entity: def.key, record: doc, before, origin, automations });
  else await publishRecordEvent({ type: 'updated', entity: def.key, record: doc, before, origin, automations });
}
