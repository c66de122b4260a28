import { ObjectId, type Filter, type Sort } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { config } from '@/lib/config';
import { assertCanOnRecord } from '@/lib/auth/permissions';
import { badRequest, conflict, notFound, validationFailed } from '@/lib/http/errors';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { Translate } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import { dispatchRecordEvent } from '@/lib/workflows/workflow.dispatcher';
import { resolveRefs } from '@/lib/records/record.refs';
import { normaliseInput, relationErrors, schemaErrors } from '@/lib/records/record.validation';
import { recordData, toRecordView } from '@/lib/records/record.view';
import type { AuditEntryDoc, RecordDoc, RecordEvent, RecordView } from '@/lib/records/record.types';

export interface WriteContext {
  actor: Actor;
  t: Translate;
}

export interface CreateOptions {
  /** A fixed id makes a repeated create (an automation retried) find the first one. */
  id?: ObjectId;
  ownerId?: string;
}

async function checkedData(def: EntityDefinition, input: Record<string, unknown>, t: Translate) {
  const data = normaliseInput(input);
  const errors = schemaErrors(def, data, t) ?? (await relationErrors(def, data, t));
  if (errors) throw validationFailed(errors);
  return data;
}

async function audit(entry: Omit<AuditEntryDoc, '_id' | 'at'>) {
  await (await collection('auditLog')).insertOne({ _id: new ObjectId(), at: new Date(), ...entry });
}

async function afterWrite(def: EntityDefinition, event: RecordEvent, doc: RecordDoc, actor: Actor, before: RecordDoc | null) {
  await Promise.all([
    audit({
      entity: def.key,
      recordId: doc._id.toHexString(),
      action: event === 'created' ? 'create' : event === 'updated' ? 'update' : 'delete',
      actorId: actor.id,
      before: before ? recordData(before) : null,
      after: event === 'deleted' ? null : recordData(doc),
    }),
    dispatchRecordEvent(def.key, event, doc),
  ]);
}

/** The one door for creating records: forms, the API and automations all come here. */
export async function createRecord(
  entityKey: string,
  input: Record<string, unknown>,
  { actor, t }: WriteContext,
  options: CreateOptions = {},
): Promise<{ record: RecordView; created: boolean }> {
  const def = await getEntity(entityKey);
  assertCanOnRecord(actor, 'create');
  const data = await checkedData(def, input, t);
  const now = new Date();
  const doc: RecordDoc = {
    ...data,
    _id: options.id ?? new ObjectId(),
    _ownerId: options.ownerId ?? actor.id,
    _createdAt: now,
    _createdBy: actor.id,
    _updatedAt: now,
    _updatedBy: actor.id,
    _version: 1,
  };
  const records = await recordCollection(entityKey);
  try {
    await records.insertOne(doc);
  } catch (error) {
    if (options.id && isDuplicateKeyError(error)) {
      const existing = await records.findOne({ _id: options.id });
      if (existing) return { record: toRecordView(existing, def.displayField), created: false };
    }
    throw error;
  }
  await afterWrite(def, 'created', doc, actor, null);
  return { record: toRecordView(doc, def.displayField), created: true };
}

async function findDoc(entityKey: string, id: string): Promise<RecordDoc> {
  if (!ObjectId.isValid(id)) throw notFound();
  const doc = await (await recordCollection(entityKey)).findOne({ _id: new ObjectId(id) });
  if (!doc) throw notFound();
  return doc;
}

/**
 * Updates a record. "replace" takes the input as the whole record (forms send every field);
 * "merge" changes only the fields given, and null removes one. A stale expectedVersion is a 409.
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
  if (expectedVersion !== undefined && expectedVersion !== before._version) {
    throw conflict(`the record was changed by someone else (version ${before._version})`);
  }
  const data = await checkedData(def, mode === 'merge' ? { ...recordData(before), ...input } : input, t);
  const system = Object.fromEntries(Object.entries(before).filter(([key]) => key.startsWith('_')));
  const doc = { ...data, ...system, _updatedAt: new Date(), _updatedBy: actor.id, _version: before._version + 1 } as RecordDoc;
  const result = await (await recordCollection(entityKey)).replaceOne({ _id: before._id, _version: before._version }, doc);
  if (result.matchedCount === 0) throw conflict('the record was changed by someone else');
  await afterWrite(def, 'updated', doc, actor, before);
  return toRecordView(doc, def.displayField);
}

export async function deleteRecord(entityKey: string, id: string, { actor }: WriteContext): Promise<void> {
  const def = await getEntity(entityKey);
  const before = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'delete', before);
  await (await recordCollection(entityKey)).deleteOne({ _id: before._id });
  await afterWrite(def, 'deleted', before, actor, before);
}

export async function getRecord(entityKey: string, id: string, actor: Actor): Promise<RecordView> {
  const def = await getEntity(entityKey);
  const doc = await findDoc(entityKey, id);
  assertCanOnRecord(actor, 'read', doc);
  const [refs] = await resolveRefs(def, [doc]);
  return toRecordView(doc, def.displayField, refs);
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  direction?: 'asc' | 'desc';
  q?: string;
  /** Equality filters on relation fields, e.g. a customer's tasks. */
  where?: Record<string, string>;
}

export interface RecordPage {
  items: RecordView[];
  total: number;
  page: number;
  pageSize: number;
}

const SYSTEM_SORT_FIELDS: Record<string, string> = { createdAt: '_createdAt', updatedAt: '_updatedAt' };

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export async function listRecords(entityKey: string, query: ListQuery, actor: Actor): Promise<RecordPage> {
  const def = await getEntity(entityKey);
  assertCanOnRecord(actor, 'read');
  const properties = def.schema.properties ?? {};
  const pageSize = Math.min(positiveInt(query.pageSize, def.listView.pageSize), config.maxPageSize);
  const page = positiveInt(query.page, 1);

  const sortField = query.sort ?? def.listView.sort.field;
  const storedSortField = SYSTEM_SORT_FIELDS[sortField] ?? (sortField in properties ? sortField : null);
  if (!storedSortField) throw badRequest(`cannot sort by "${sortField}"`);
  const direction = (query.direction ?? def.listView.sort.direction) === 'asc' ? 1 : -1;
  const sort: Sort = { [storedSortField]: direction, _id: direction };

  const filter: Filter<RecordDoc> = {};
  const text = query.q?.trim().slice(0, 100);
  if (text) {
    // Plain text only: the search box never becomes a query operator or a raw pattern.
    const pattern = escapeRegex(text);
    filter.$or = def.listView.searchFields.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } }));
  }
  for (const [field, value] of Object.entries(query.where ?? {})) {
    if (!def.fields[field]?.relation) throw badRequest(`cannot filter by "${field}"`);
    filter[field] = String(value);
  }

  const records = await recordCollection(entityKey);
  const [docs, total] = await Promise.all([
    records.find(filter).sort(sort).skip((page - 1) * pageSize).limit(pageSize).toArray(),
    records.countDocuments(filter),
  ]);
  const refs = await resolveRefs(def, docs);
  return { items: docs.map((doc, index) => toRecordView(doc, def.displayField, refs[index])), total, page, pageSize };
}
