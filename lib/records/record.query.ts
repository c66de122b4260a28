import { openValues } from '@/lib/security/field-crypto';
import { ObjectId, type Filter } from 'mongodb';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { requireAction, requireRecord } from '@/lib/permissions/guards';
import { maskedEntity } from '@/lib/permissions/field-mask';
import { badRequest, notFound } from '@/lib/errors/app-error';
import { getEntity, listEntities } from '@/lib/entities/entity.service';
import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { Actor } from '@/lib/users/user.types';
import { userNames } from '@/lib/users/user.service';
import { findView } from '@/lib/views/view.service';
import type { KanbanLane, SavedView } from '@/lib/views/view.types';
import { binnedRecords, combine, keywordFilter, liveRecords, mongoFilter, mongoSort, parseSort } from '@/lib/records/record.filter';
import { OPEN_MASK } from '@/lib/permissions/field-mask';
import { referenceNames, resolveRefs } from '@/lib/records/record.refs';
import { toRecordView } from '@/lib/records/record.view';
import { storedRecordErrors } from '@/lib/records/record.validation';
import type { RecordDoc, RecordView } from '@/lib/records/record.types';

export interface ListQuery {
  page?: number;
  pageSize?: number;
  sort?: string | SortSpec[];
  q?: string;
  filter?: FilterGroup;
  /** A saved view whose filter, sort, search and page size apply unless given here. */
  view?: string;
  /** The recycle bin instead of the live records. */
  deleted?: boolean;
}

export interface RecordPage {
  items: RecordView[];
  total: number;
  page: number;
  pageSize: number;
}

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function liveOrBin(deleted: boolean | undefined): Filter<RecordDoc> {
  return deleted ? binnedRecords() : liveRecords();
}

async function pageOf(def: EntityDefinition, docs: RecordDoc[], actor: Actor): Promise<RecordView[]> {
  const refs = await resolveRefs(def, docs);
  return docs.map((doc, index) => toRecordView(doc, def, actor, refs[index]));
}

/** What a list query selects: its filter, sort, page size and the saved view it named (also what an export reads). */
export interface ListSelection {
  def: EntityDefinition;
  view: SavedView | null;
  filter: Filter<RecordDoc>;
  sort: Record<string, 1 | -1>;
  pageSize: number;
}

export async function listSelection(entityKey: string, query: ListQuery, actor: Actor, locale: Locale = 'en', action: 'read' | 'export' = 'read'): Promise<ListSelection> {
  const def = await getEntity(entityKey);
  requireAction(actor, entityKey, action);
  const mask = actor.access.fieldMask(def);
  const view = query.view ? await findView(entityKey, query.view, actor) : null;
  const pageSize = Math.min(positiveInt(query.pageSize ?? view?.pageSize, def.listView.pageSize), config.maxPageSize);
  // The entity's own default sort leaves out fields the actor may not see; asking for one is refused.
  const defaultSort = maskedEntity(def, mask).listView.sort;
  const sort = parseSort(def, query.sort && query.sort.length > 0 ? query.sort : view?.sort.length ? view.sort : defaultSort, mask);
  // The entity's own default filter is the admin's and applies as defined; filters people send are checked against the mask.
  const given = query.filter ?? view?.filter;
  const filter = combine(
    liveOrBin(query.deleted),
    actor.access.filter(entityKey, action),
    mongoFilter(def, given ?? def.listView.filter, { actorId: actor.id, mask: given ? mask : OPEN_MASK, locale }),
    keywordFilter(def, query.q ?? view?.q, mask),
  );
  return { def, view, filter, sort: mongoSort(sort), pageSize };
}

export async function listRecords(entityKey: string, query: ListQuery, actor: Actor, locale: Locale = 'en'): Promise<RecordPage> {
  const { def, filter, sort, pageSize } = await listSelection(entityKey, query, actor, locale);
  const page = positiveInt(query.page, 1);
  const records = await recordCollection(entityKey);
  // The page's names are looked up while the count runs.
  const counted = records.countDocuments(filter);
  const docs = await records.find(filter).sort(sort).skip((page - 1) * pageSize).limit(pageSize).toArray();
  const [items, total] = await Promise.all([pageOf(def, docs, actor), counted]);
  return { items, total, page, pageSize };
}

/**
 * A board: one lane per option of a single-select field (in option order) plus one for
 * records without a value, each with its first cards and its count.
 */
export async function kanbanLanes(
  entityKey: string,
  query: { field?: string; filter?: FilterGroup; q?: string; limit?: number },
  actor: Actor,
  locale: Locale,
): Promise<{ field: string; lanes: (KanbanLane & { label: string; color?: string })[] }> {
  const def = await getEntity(entityKey);
  requireAction(actor, entityKey, 'read');
  const mask = actor.access.fieldMask(def);
  const key = query.field ?? def.kanbanField;
  const field = def.fields.find((candidate) => candidate.key === key);
  if (!field || field.type !== 'select' || mask.hidden.has(field.key)) throw badRequest('a board needs a single-select field');
  const limit = Math.min(positiveInt(query.limit, 50), config.maxPageSize);
  const base = combine(liveOrBin(false), actor.access.filter(entityKey, 'read'), mongoFilter(def, query.filter, { actorId: actor.id, mask, locale }), keywordFilter(def, query.q, mask));
  const records = await recordCollection(entityKey);
  const sort = mongoSort(maskedEntity(def, mask).listView.sort);
  const options = [...(field.options ?? []).map((option) => ({ value: option.value as string | null, label: pick(option.label, locale), color: option.color })), { value: null, label: '—', color: undefined }];
  const lanes = await Promise.all(
    options.map(async (option) => {
      // Empty values are never stored, so the lane of records without one is `{field: null}`.
      const laneFilter = combine(base, { [field.key]: option.value });
      const [docs, total] = await Promise.all([records.find(laneFilter).sort(sort).limit(limit).toArray(), records.countDocuments(laneFilter)]);
      return { ...option, total, items: await pageOf(def, docs, actor) };
    }),
  );
  return { field: field.key, lanes };
}

/** Records of other entities that point to this one (a customer's contacts and orders). */
export async function relatedRecords(entityKey: string, id: string, actor: Actor) {
  await getEntity(entityKey);
  if (!ObjectId.isValid(id)) throw notFound();
  const doc = await (await recordCollection(entityKey)).findOne({ _id: new ObjectId(id) }, { projection: { _ownerId: 1, _departmentId: 1 } });
  if (!doc) throw notFound();
  requireRecord(actor, entityKey, 'read', doc);
  // Only entities the actor reads, by fields they see, and within their scope of each.
  const sources = (await listEntities()).flatMap((def) =>
    actor.access.can(def.key, 'read')
      ? def.fields.filter((field) => field.type === 'relation' && field.relation?.entity === entityKey && !actor.access.fieldMask(def).hidden.has(field.key)).map((field) => ({ def, field }))
      : [],
  );
  return Promise.all(
    sources.map(async ({ def, field }) => {
      const filter = combine(liveOrBin(false), actor.access.filter(def.key, 'read'), { [field.key]: id });
      const records = await recordCollection(def.key);
      const sort = mongoSort(maskedEntity(def, actor.access.fieldMask(def)).listView.sort);
      const [docs, total] = await Promise.all([records.find(filter).sort(sort).limit(20).toArray(), records.countDocuments(filter)]);
      return { entity: def.key, entityLabel: def.label, field: field.key, label: field.label, total, items: await pageOf(def, docs, actor) };
    }),
  );
}

/**
 * A record's history, newest first. Entries are fetched by their ids (entity:record:version),
 * in one `$in` query: the log needs no index but its _id.
 */
export async function recordHistory(entityKey: string, id: string, actor: Actor) {
  const def = await getEntity(entityKey);
  if (!ObjectId.isValid(id)) throw notFound();
  const doc = await (await recordCollection(entityKey)).findOne({ _id: new ObjectId(id) }, { projection: { _version: 1, _ownerId: 1, _departmentId: 1 } });
  if (!doc) throw notFound();
  requireRecord(actor, entityKey, 'read', doc);
  const log = await collection('auditLog');
  const versions = Array.from({ length: Math.min(doc._version + 1, 200) }, (_, index) => doc._version + 1 - index).filter((version) => version > 0);
  const found = await log.find({ _id: { $in: versions.map((version) => `${def.key}:${id}:${version}`) } }).toArray();
  const entries = found.sort((a, b) => b.version - a.version);
  // Values of fields the actor may not see stay out of the history too.
  const { hidden } = actor.access.fieldMask(def);
  const [names, valueNames] = await Promise.all([
    userNames(entries.map((entry) => entry.actorId)),
    referenceNames(def, entries.flatMap((entry) => [entry.before ?? {}, entry.after ?? {}])),
  ]);
  return entries.map((entry) => {
    // Sealed values are compared as stored (an unchanged one keeps its ciphertext), shown decrypted.
    const before = openValues(entry.before ?? {});
    const after = openValues(entry.after ?? {});
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changes = keys
      .filter((key) => !hidden.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => ({ field: key, before: before[key] ?? null, after: after[key] ?? null }));
    return {
      version: entry.version,
      action: entry.action,
      actor: { id: entry.actorId, name: names.get(entry.actorId) ?? (entry.actorId === 'automation' ? 'Automation' : entry.actorId) },
      at: entry.at.toISOString(),
      changes: entry.action === 'delete' || entry.action === 'restore' || entry.action === 'purge' ? [] : changes,
      /** Display names of the records and users the changed values point to, by id. */
      names: Object.fromEntries(
        changes.flatMap((change) => [change.before, change.after]).flatMap((value) => (Array.isArray(value) ? value : [value])).filter((id): id is string => typeof id === 'string' && id in valueNames).map((id) => [id, valueNames[id]]),
      ),
    };
  });
}

/** Records that no longer validate against the current definition (after a field changed), listed for the admin to fix. */
export async function invalidRecords(entityKey: string, t: import('@/lib/i18n/messages').Translate) {
  const def = await getEntity(entityKey);
  const docs = await (await recordCollection(entityKey)).find(liveOrBin(false)).toArray();
  const items = docs.flatMap((doc) => {
    const errors = storedRecordErrors(def, doc, t);
    return errors ? [{ id: doc._id.toHexString(), display: String(doc[def.displayField] ?? ''), errors }] : [];
  });
  return { items: items.slice(0, 1000), total: items.length, checked: docs.length };
}
